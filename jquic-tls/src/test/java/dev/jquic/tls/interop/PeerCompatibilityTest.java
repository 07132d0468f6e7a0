package dev.jquic.tls.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.tls.TlsOutput;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.tls.PeerCompatibility;
import dev.jquic.tls.QuicTls;
import dev.jquic.tls.TlsAlert;
import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

/**
 * The default {@link PeerCompatibility#QUIC} keeps both QUIC rules that a TLS-over-TCP peer
 * breaks (RFC 9001 §8.2 quic_transport_parameters, §8.4 legacy_session_id), and
 * {@link PeerCompatibility#TLS_OVER_TCP_TESTING} relaxes exactly those.
 */
class PeerCompatibilityTest {
    private static final ByteBuffer TRANSPORT_PARAMETERS = ByteBuffer.wrap(new byte[] {0x01, 0x02, 0x75, 0x30});
    private static final String SUITE = CipherSuite.TLS_AES_128_GCM_SHA256.name();

    @Test
    void quicIsTheDefault() {
        assertEquals(PeerCompatibility.QUIC, JdkPeers.ourClient().build().peerCompatibility());
        assertEquals(PeerCompatibility.QUIC, JdkPeers.ourServer().build().peerCompatibility());
    }

    @Test
    void nullIsRejectedByName() {
        IllegalArgumentException client = assertThrows(IllegalArgumentException.class,
                () -> JdkPeers.ourClient().peerCompatibility(null).build());
        assertTrue(client.getMessage().startsWith("peerCompatibility"), client.getMessage());
        IllegalArgumentException server = assertThrows(IllegalArgumentException.class,
                () -> JdkPeers.ourServer().peerCompatibility(null).build());
        assertTrue(server.getMessage().startsWith("peerCompatibility"), server.getMessage());
    }

    /** RFC 9001 §8.4: by default our server refuses the JDK client's non-empty legacy_session_id. */
    @Test
    void defaultServerRejectsJdkClientSessionId() {
        TlsSession server = QuicTls.server(JdkPeers.ourServer().build(), TRANSPORT_PARAMETERS.duplicate());
        byte[] hello = jdkClientHello();
        assertTrue(sessionIdLength(hello) > 0, "the JDK client uses middlebox compatibility mode");
        QuicProtocolException error = assertThrows(QuicProtocolException.class,
                () -> deliver(server, hello));
        assertEquals(TransportError.PROTOCOL_VIOLATION.code(), error.errorCode(), error.toString());
    }

    /** RFC 9001 §8.2: by default our server requires quic_transport_parameters (here with the session id removed). */
    @Test
    void defaultServerRejectsClientHelloWithoutTransportParameters() {
        TlsSession server = QuicTls.server(JdkPeers.ourServer().build(), TRANSPORT_PARAMETERS.duplicate());
        QuicProtocolException error = assertThrows(QuicProtocolException.class,
                () -> deliver(server, withoutSessionId(jdkClientHello())));
        assertEquals(TlsAlert.MISSING_EXTENSION.transportErrorCode(), error.errorCode(), error.toString());
    }

    /** The testing value accepts the JDK's ClientHello and echoes its legacy_session_id in ServerHello. */
    @Test
    void testingServerEchoesSessionId() throws QuicProtocolException {
        TlsSession server = QuicTls.server(JdkPeers.ourServer().peerCompatibility(PeerCompatibility.TLS_OVER_TCP_TESTING)
                .build(), TRANSPORT_PARAMETERS.duplicate());
        byte[] hello = jdkClientHello();
        deliver(server, hello);
        TlsOutput first = server.pollOutput();
        TlsOutput.CryptoData serverHello = assertInstanceOf(TlsOutput.CryptoData.class, first);
        assertEquals(EncryptionLevel.INITIAL, serverHello.level());
        byte[] bytes = new byte[serverHello.data().remaining()];
        serverHello.data().get(bytes);
        assertEquals(2, bytes[0], "ServerHello");
        assertEquals(Arrays.toString(sessionId(hello)), Arrays.toString(sessionId(bytes)));
    }

    /** RFC 9001 §8.2: by default our client requires quic_transport_parameters, which the JDK server never sends. */
    @Test
    void defaultClientRejectsJdkServerWithoutTransportParameters() {
        TlsSession client = QuicTls.client(JdkPeers.ourClient().build(), JdkPeers.HOST, TRANSPORT_PARAMETERS.duplicate());
        TlsRecordBridge bridge = new TlsRecordBridge(client, JdkPeers.server(SUITE));
        QuicProtocolException error = assertThrows(QuicProtocolException.class, bridge::handshake);
        assertEquals(TlsAlert.MISSING_EXTENSION.transportErrorCode(), error.errorCode(), error.toString());
        assertNotNull(error.reason());
    }

    /** The JDK client really verifies our chain: a leaf from a CA it does not trust ends in its alert. */
    @Test
    void jdkClientRejectsCertificateFromUnknownCa() {
        TlsSession server = QuicTls.server(JdkPeers.ourServer()
                .credentials(dev.jquic.tls.cert.CredentialsSelector.withDefault(dev.jquic.tls.cert.PemFiles.readCredentials(
                        JdkPeers.path("unknown-ca-leaf.pem"), JdkPeers.path("unknown-ca-leaf.key"), null)))
                .peerCompatibility(PeerCompatibility.TLS_OVER_TCP_TESTING).build(), TRANSPORT_PARAMETERS.duplicate());
        TlsRecordBridge bridge = new TlsRecordBridge(server, JdkPeers.client(SUITE));
        AssertionError error = assertThrows(AssertionError.class, bridge::handshake);
        assertTrue(error.getMessage().contains("JDK alert certificate_unknown"), error.getMessage());
        assertTrue(!server.isHandshakeComplete());
    }

    private static void deliver(TlsSession server, byte[] clientHello) throws QuicProtocolException {
        server.start();
        server.handleCryptoData(EncryptionLevel.INITIAL, ByteBuffer.wrap(clientHello));
    }

    /** The JDK client's first flight: one plaintext handshake record holding its ClientHello. */
    private static byte[] jdkClientHello() {
        SSLEngine client = JdkPeers.client(SUITE);
        ByteBuffer out = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
        try {
            client.wrap(ByteBuffer.allocate(0), out);
        } catch (SSLException e) {
            throw new AssertionError(e);
        }
        out.flip();
        assertEquals(RecordProtection.CONTENT_HANDSHAKE, out.get(0));
        int length = out.getShort(3) & 0xffff;
        assertEquals(RecordProtection.HEADER_LENGTH + length, out.remaining(), "exactly one record");
        byte[] hello = new byte[length];
        out.position(RecordProtection.HEADER_LENGTH);
        out.get(hello);
        return hello;
    }

    /** Offset of legacy_session_id's length byte in a ClientHello or ServerHello message. */
    private static final int SESSION_ID_OFFSET = 4 + 2 + 32;

    private static int sessionIdLength(byte[] hello) {
        return hello[SESSION_ID_OFFSET] & 0xff;
    }

    private static byte[] sessionId(byte[] hello) {
        return Arrays.copyOfRange(hello, SESSION_ID_OFFSET + 1, SESSION_ID_OFFSET + 1 + sessionIdLength(hello));
    }

    /** The ClientHello with an empty legacy_session_id and its length fields fixed. */
    private static byte[] withoutSessionId(byte[] hello) {
        int removed = sessionIdLength(hello);
        byte[] copy = new byte[hello.length - removed];
        System.arraycopy(hello, 0, copy, 0, SESSION_ID_OFFSET);
        copy[SESSION_ID_OFFSET] = 0;
        System.arraycopy(hello, SESSION_ID_OFFSET + 1 + removed, copy, SESSION_ID_OFFSET + 1,
                hello.length - SESSION_ID_OFFSET - 1 - removed);
        int bodyLength = copy.length - 4;
        copy[1] = (byte) (bodyLength >>> 16);
        copy[2] = (byte) (bodyLength >>> 8);
        copy[3] = (byte) bodyLength;
        return copy;
    }
}
