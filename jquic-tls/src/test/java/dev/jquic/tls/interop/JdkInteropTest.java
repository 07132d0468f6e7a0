package dev.jquic.tls.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.tls.TlsOutput;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.tls.PeerCompatibility;
import dev.jquic.tls.QuicTls;
import dev.jquic.tls.keys.NamedGroup;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interoperability with a TLS 1.3 implementation no one on the team wrote: the JDK's
 * {@link SSLEngine}. Our client completes handshakes with a JDK server and a JDK client completes
 * handshakes with our server, for each TLS 1.3 cipher suite and for x25519, secp256r1 and
 * secp384r1; then one application-data record goes each way under the 1-RTT secrets (so the key
 * schedules agree beyond Finished). The JDK server's NewSessionTicket, sent because our ClientHello offers
 * psk_key_exchange_modes, must then reach our client and be accepted (see
 * {@link #assertNewSessionTicketHandling}); HelloRetryRequest is exercised in both directions.
 *
 * <p>What was adapted to make that possible (also in jquic-tls/README.md):
 * <ul>
 *   <li>Record layer: jquic's TLS has none (RFC 9001 §4.1: CRYPTO frames carry handshake bytes).
 *       {@link TlsRecordBridge} frames our INITIAL-level handshake bytes into plaintext
 *       handshake records, and protects HANDSHAKE and ONE_RTT bytes as TLS 1.3 records
 *       ({@link RecordProtection}, TLS 1.3 spec §5.2-§5.3, keys from the secrets our session
 *       outputs with the TLS labels "key"/"iv"). In the other direction it decrypts the JDK's
 *       records with our session's current read secret and feeds them at that level.</li>
 *   <li>ChangeCipherSpec records the JDK sends (middlebox compatibility mode) are dropped by
 *       the bridge; our side never sends any.</li>
 *   <li>Our configurations use {@link PeerCompatibility#TLS_OVER_TCP_TESTING}, which (a) does not
 *       require quic_transport_parameters from the peer (RFC 9001 §8.2; the JDK never sends it)
 *       and (b) lets our server accept and echo the JDK client's non-empty legacy_session_id
 *       (RFC 9001 §8.4 forbids it in QUIC). Our sides still send quic_transport_parameters,
 *       which the JDK ignores as an unknown extension.</li>
 *   <li>The JDK's cipher suites are restricted per case with SSLParameters; its groups cannot be
 *       (SSLParameters.setNamedGroups is JDK 20+, the build is on JDK 17, and the
 *       jdk.tls.namedGroups system property is global), so groups are chosen on our side.</li>
 * </ul>
 */
class JdkInteropTest {
    private static final byte[] HELLO_RETRY_REQUEST_RANDOM = HexFormat.of().parseHex(
            "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");
    private static final ByteBuffer TRANSPORT_PARAMETERS = ByteBuffer.wrap(new byte[] {0x01, 0x02, 0x75, 0x30});

    static Stream<Arguments> suitesAndGroups() {
        return Stream.of(CipherSuite.values())
                .flatMap(suite -> Stream.of(NamedGroup.X25519, NamedGroup.SECP256R1, NamedGroup.SECP384R1)
                        .map(group -> Arguments.of(suite, group)));
    }

    @ParameterizedTest(name = "our client, JDK server: {0} {1}")
    @MethodSource("suitesAndGroups")
    void ourClientWithJdkServer(CipherSuite suite, NamedGroup group) throws Exception {
        TlsSession client = QuicTls.client(JdkPeers.ourClient().groups(group).keyShareGroups(group)
                .peerCompatibility(PeerCompatibility.TLS_OVER_TCP_TESTING).build(), JdkPeers.HOST,
                TRANSPORT_PARAMETERS.duplicate());
        SSLEngine server = JdkPeers.server(suite.name());
        TlsRecordBridge bridge = new TlsRecordBridge(client, server).handshake();

        assertOurSideCompleted(client, bridge, suite);
        assertJdkCompleted(server, suite);
        assertEquals(1, bridge.ourInitialData.size(), "one ClientHello: no HelloRetryRequest expected");
        // The JDK server never sends quic_transport_parameters.
        assertNull(client.peerTransportParameters());
        exchangeApplicationData(bridge);
        assertNewSessionTicketHandling(bridge);
    }

    @ParameterizedTest(name = "JDK client, our server: {0} {1}")
    @MethodSource("suitesAndGroups")
    void jdkClientWithOurServer(CipherSuite suite, NamedGroup group) throws Exception {
        TlsSession server = QuicTls.server(JdkPeers.ourServer().groups(group)
                .peerCompatibility(PeerCompatibility.TLS_OVER_TCP_TESTING).build(), TRANSPORT_PARAMETERS.duplicate());
        SSLEngine client = JdkPeers.client(suite.name());
        TlsRecordBridge bridge = new TlsRecordBridge(server, client).handshake();

        assertOurSideCompleted(server, bridge, suite);
        assertJdkCompleted(client, suite);
        assertEquals(JdkPeers.HOST, server.serverName());
        assertNull(server.peerTransportParameters());
        // The JDK client uses middlebox compatibility mode; its ChangeCipherSpec was dropped.
        assertTrue(bridge.droppedChangeCipherSpecRecords > 0);
        // The JDK client verified our chain against ca.pem (PKIX) for "localhost"; the leaf is ours.
        X509Certificate leaf = (X509Certificate) client.getSession().getPeerCertificates()[0];
        assertTrue(leaf.getSubjectX500Principal().getName().contains("jquic test leaf"));
        // The JDK 17 client sends x25519 and secp256r1 shares, so a server restricted to secp384r1
        // must send a HelloRetryRequest (TLS 1.3 spec §4.1.4) and the JDK retries with a P-384 share.
        assertEquals(group == NamedGroup.SECP384R1, isHelloRetryRequest(bridge),
                "HelloRetryRequest expected exactly when our server accepts only secp384r1");
        exchangeApplicationData(bridge);
    }

    @ParameterizedTest(name = "our client, JDK server, HelloRetryRequest: {0}")
    @MethodSource("suites")
    void ourClientWithJdkServerAfterHelloRetryRequest(CipherSuite suite) throws Exception {
        // No key share in the first ClientHello: the JDK server must ask for one (TLS 1.3 spec §4.1.4).
        TlsSession client = QuicTls.client(JdkPeers.ourClient().groups(NamedGroup.SECP256R1).keyShareGroups()
                .peerCompatibility(PeerCompatibility.TLS_OVER_TCP_TESTING).build(), JdkPeers.HOST,
                TRANSPORT_PARAMETERS.duplicate());
        SSLEngine server = JdkPeers.server(suite.name());
        TlsRecordBridge bridge = new TlsRecordBridge(client, server).handshake();

        assertOurSideCompleted(client, bridge, suite);
        assertJdkCompleted(server, suite);
        assertEquals(2, bridge.ourInitialData.size(), "our client sends two ClientHellos");
        exchangeApplicationData(bridge);
        assertNewSessionTicketHandling(bridge);
    }

    /**
     * TLS 1.3 spec §4.2.9: servers SHOULD NOT send tickets incompatible with the client's
     * psk_key_exchange_modes. Our client advertises psk_dhe_ke on every connection, so the JDK
     * server's NewSessionTicket must reach our client, which accepted it (the pump would have
     * thrown otherwise).
     */
    private static void assertNewSessionTicketHandling(TlsRecordBridge bridge) {
        assertTrue(clientHelloExtensions(bridge.ourInitialData.get(0)).contains(45),
                "our ClientHello advertises psk_key_exchange_modes");
        assertTrue(bridge.jdkPostHandshakeMessages.stream().anyMatch(message -> message[0] == 4),
                "the JDK server's NewSessionTicket reached our client");
    }

    /** The extension types of a ClientHello message (TLS 1.3 spec §4.1.2), parsed by hand. */
    private static java.util.List<Integer> clientHelloExtensions(byte[] message) {
        ByteBuffer hello = ByteBuffer.wrap(message);
        assertEquals(1, hello.get(), "not a ClientHello");
        hello.position(4 + 2 + 32);
        hello.position(hello.position() + 1 + (hello.get(hello.position()) & 0xff));
        hello.position(hello.position() + 2 + (hello.getShort(hello.position()) & 0xffff));
        hello.position(hello.position() + 1 + (hello.get(hello.position()) & 0xff));
        int end = hello.position() + 2 + (hello.getShort() & 0xffff);
        java.util.List<Integer> types = new java.util.ArrayList<>();
        while (hello.position() < end) {
            types.add(hello.getShort() & 0xffff);
            hello.position(hello.position() + 2 + (hello.getShort(hello.position()) & 0xffff));
        }
        return types;
    }

    static Stream<CipherSuite> suites() {
        return Stream.of(CipherSuite.values());
    }

    private static void assertOurSideCompleted(TlsSession ours, TlsRecordBridge bridge, CipherSuite suite) {
        assertTrue(ours.isHandshakeComplete(), "our side did not complete; outputs " + bridge.ourOutputs);
        assertEquals(JdkPeers.ALPN, ours.applicationProtocol());
        assertTrue(bridge.ourOutputs.stream().anyMatch(output -> output instanceof TlsOutput.HandshakeCompleted));
        for (TlsOutput output : bridge.ourOutputs) {
            if (output instanceof TlsOutput.SecretsAvailable secrets) {
                assertEquals(suite, secrets.cipherSuite());
            }
        }
        assertTrue(bridge.ourOutputs.stream().anyMatch(output -> output instanceof TlsOutput.SecretsAvailable secrets
                && secrets.level() == EncryptionLevel.ONE_RTT));
    }

    private static void assertJdkCompleted(SSLEngine jdk, CipherSuite suite) throws SSLPeerUnverifiedException {
        assertEquals("TLSv1.3", jdk.getSession().getProtocol());
        assertEquals(suite.name(), jdk.getSession().getCipherSuite());
        assertEquals(JdkPeers.ALPN, jdk.getApplicationProtocol());
        assertTrue(jdk.getHandshakeStatus() == javax.net.ssl.SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING,
                "JDK still handshaking: " + jdk.getHandshakeStatus());
        if (jdk.getUseClientMode()) {
            assertTrue(jdk.getSession().getPeerCertificates().length >= 1);
        }
    }

    /** One application-data record each way under the 1-RTT secrets. */
    private static void exchangeApplicationData(TlsRecordBridge bridge) throws QuicProtocolException {
        byte[] toJdk = "hello from jquic".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(toJdk, bridge.sendApplicationDataToJdk(toJdk));
        byte[] fromJdk = "hello from the JDK".getBytes(StandardCharsets.US_ASCII);
        bridge.sendApplicationDataFromJdk(fromJdk);
        assertEquals(1, bridge.applicationDataFromJdk.size());
        assertArrayEquals(fromJdk, bridge.applicationDataFromJdk.get(0));
    }

    /** Whether our server's first INITIAL message was a HelloRetryRequest (TLS 1.3 spec §4.1.3). */
    private static boolean isHelloRetryRequest(TlsRecordBridge bridge) {
        byte[] first = bridge.ourInitialData.get(0);
        if (first[0] != 2) {
            return false; // our side is the client; its first INITIAL message is a ClientHello
        }
        return Arrays.equals(Arrays.copyOfRange(first, 6, 38), HELLO_RETRY_REQUEST_RANDOM);
    }
}
