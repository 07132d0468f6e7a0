package dev.jquic.tls.handshake;

import static dev.jquic.tls.handshake.HandshakeFixtures.CLIENT_PARAMETERS;
import static dev.jquic.tls.handshake.HandshakeFixtures.SERVER_PARAMETERS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.tls.TlsOutput;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.tls.ClientAuthentication;
import dev.jquic.tls.QuicTls;
import dev.jquic.tls.TlsClientConfig;
import dev.jquic.tls.TlsServerConfig;
import dev.jquic.tls.cert.Credentials;
import dev.jquic.tls.cert.CredentialsSelector;
import dev.jquic.tls.cert.PeerCertificateVerifier;
import dev.jquic.tls.cert.SelfSignedCertificates;
import dev.jquic.tls.cert.SignatureScheme;
import dev.jquic.tls.keys.NamedGroup;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HandshakeSuccessTest {

    static HandshakePump handshake(TlsClientConfig client, String serverName, TlsServerConfig server) throws Exception {
        TlsSession clientSession = QuicTls.client(client, serverName, CLIENT_PARAMETERS.duplicate());
        TlsSession serverSession = QuicTls.server(server, SERVER_PARAMETERS.duplicate());
        return new HandshakePump(clientSession, serverSession).run();
    }

    /** Both sides complete with matching secrets and see each other's ALPN, SNI and parameters. */
    static void assertEstablished(HandshakePump pump, CipherSuite suite) {
        assertTrue(pump.client.isHandshakeComplete());
        assertTrue(pump.server.isHandshakeComplete());
        for (EncryptionLevel level : List.of(EncryptionLevel.HANDSHAKE, EncryptionLevel.ONE_RTT)) {
            TlsOutput.SecretsAvailable client = pump.clientSecrets.get(level);
            TlsOutput.SecretsAvailable server = pump.serverSecrets.get(level);
            assertEquals(suite, client.cipherSuite());
            assertEquals(suite, server.cipherSuite());
            assertArrayEquals(client.writeSecret(), server.readSecret(), level + " client write = server read");
            assertArrayEquals(client.readSecret(), server.writeSecret(), level + " client read = server write");
            assertEquals(suite.hash().length(), client.writeSecret().length);
        }
        assertEquals(pump.client.applicationProtocol(), pump.server.applicationProtocol());
        assertEquals(ByteBuffer.wrap(bytes("server-params")), pump.client.peerTransportParameters());
        assertEquals(ByteBuffer.wrap(bytes("client-params")), pump.server.peerTransportParameters());
        byte[] resumption = ((ClientHandshake) pump.client).resumptionMasterSecret();
        assertArrayEquals(resumption, ((ServerHandshake) pump.server).resumptionMasterSecret(),
                "both sides hash the same transcript through the client Finished");
        assertEquals(suite.hash().length(), resumption.length);
        assertInstanceOf(TlsOutput.HandshakeCompleted.class, lastBeforeTickets(pump.clientOutputs));
        assertInstanceOf(TlsOutput.HandshakeCompleted.class, lastBeforeTickets(pump.serverOutputs));
    }

    /** The last output other than session tickets (the server's ticket flight, the client's records). */
    static TlsOutput lastBeforeTickets(List<TlsOutput> outputs) {
        for (int i = outputs.size() - 1; i >= 0; i--) {
            TlsOutput output = outputs.get(i);
            boolean ticket = output instanceof TlsOutput.SessionTicketReceived
                    || output instanceof TlsOutput.CryptoData crypto && crypto.level() == EncryptionLevel.ONE_RTT;
            if (!ticket) {
                return output;
            }
        }
        return null;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void basicHandshakeExposesNegotiatedValues() throws Exception {
        HandshakePump pump = handshake(HandshakeFixtures.client().applicationProtocols("hq-interop", "h3").build(),
                "localhost", HandshakeFixtures.server().applicationProtocols("h3", "hq-interop").build());
        assertEstablished(pump, CipherSuite.TLS_AES_128_GCM_SHA256);
        assertEquals("h3", pump.server.applicationProtocol());
        assertEquals("localhost", pump.server.serverName());
        assertEquals("localhost", pump.client.serverName());
    }

    @Test
    void outputsComeInTheOrderTheyTakeEffect() throws Exception {
        HandshakePump pump = handshake(HandshakeFixtures.client().build(), "localhost",
                HandshakeFixtures.server().build());
        assertEquals(List.of("CryptoData INITIAL", "SecretsAvailable HANDSHAKE", "SecretsAvailable ONE_RTT",
                "CryptoData HANDSHAKE", "HandshakeCompleted", "SessionTicketReceived"), describe(pump.clientOutputs));
        assertEquals(List.of("CryptoData INITIAL", "SecretsAvailable HANDSHAKE", "CryptoData HANDSHAKE",
                "SecretsAvailable ONE_RTT", "HandshakeCompleted", "CryptoData ONE_RTT"), describe(pump.serverOutputs));
    }

    static List<String> describe(List<TlsOutput> outputs) {
        List<String> names = new ArrayList<>();
        for (TlsOutput output : outputs) {
            if (output instanceof TlsOutput.CryptoData crypto) {
                names.add("CryptoData " + crypto.level());
            } else if (output instanceof TlsOutput.SecretsAvailable secrets) {
                names.add("SecretsAvailable " + secrets.level());
            } else {
                names.add(output.getClass().getSimpleName());
            }
        }
        return names;
    }

    static Stream<Arguments> suitesAndGroups() {
        List<Arguments> cases = new ArrayList<>();
        for (CipherSuite suite : CipherSuite.values()) {
            for (NamedGroup group : NamedGroup.values()) {
                cases.add(Arguments.of(suite, group));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("suitesAndGroups")
    void everySuiteWithEveryGroup(CipherSuite suite, NamedGroup group) throws Exception {
        HandshakePump pump = handshake(
                HandshakeFixtures.client().cipherSuites(suite).groups(group).keyShareGroups(group).build(),
                "localhost", HandshakeFixtures.server().build());
        assertEstablished(pump, suite);
        assertEquals(suite, ((ClientHandshake) pump.client).cipherSuite());
    }

    static Stream<Arguments> certificatesAndSchemes() {
        return Stream.of(
                Arguments.of("leaf-ec256.pem", "leaf-ec256-pkcs8.key", SignatureScheme.ECDSA_SECP256R1_SHA256),
                Arguments.of("leaf-ec384.pem", "leaf-ec384.key", SignatureScheme.ECDSA_SECP384R1_SHA384),
                Arguments.of("leaf-ed25519.pem", "leaf-ed25519.key", SignatureScheme.ED25519),
                Arguments.of("leaf-rsa.pem", "leaf-rsa-pkcs8.key", SignatureScheme.RSA_PSS_RSAE_SHA256),
                Arguments.of("leaf-rsa.pem", "leaf-rsa-pkcs8.key", SignatureScheme.RSA_PSS_RSAE_SHA384),
                Arguments.of("leaf-rsa.pem", "leaf-rsa-pkcs8.key", SignatureScheme.RSA_PSS_RSAE_SHA512));
    }

    @ParameterizedTest
    @MethodSource("certificatesAndSchemes")
    void everySignatureSchemeWithEverySuiteAndGroup(String certificate, String key, SignatureScheme scheme) throws Exception {
        Credentials credentials = HandshakeFixtures.credentials(certificate, key);
        for (CipherSuite suite : CipherSuite.values()) {
            for (NamedGroup group : NamedGroup.values()) {
                HandshakePump pump = handshake(HandshakeFixtures.client().signatureSchemes(scheme).cipherSuites(suite)
                        .groups(group).keyShareGroups(group).build(), "localhost",
                        HandshakeFixtures.server(credentials).build());
                assertEstablished(pump, suite);
                assertEquals(credentials.leaf(), ((ClientHandshake) pump.client).peerCertificate());
            }
        }
    }

    @Test
    void selfSignedCertificateWithPin() throws Exception {
        Credentials selfSigned = SelfSignedCertificates.generate("localhost", HandshakeFixtures.VALID_CLOCK.instant(),
                HandshakeFixtures.random(7));
        HandshakePump pump = handshake(HandshakeFixtures.client()
                        .peerCertificateVerifier(PeerCertificateVerifier.pinned(List.of(selfSigned.leafFingerprint())))
                        .build(), "localhost", HandshakeFixtures.server(selfSigned).build());
        assertEstablished(pump, CipherSuite.TLS_AES_128_GCM_SHA256);
    }

    @Test
    void insecureModeAcceptsAnUnknownCertificate() throws Exception {
        Credentials unknown = HandshakeFixtures.credentials("unknown-ca-leaf.pem", "unknown-ca-leaf.key");
        HandshakePump pump = handshake(
                HandshakeFixtures.client().peerCertificateVerifier(PeerCertificateVerifier.insecure()).build(),
                "example.org", HandshakeFixtures.server(unknown).build());
        assertEstablished(pump, CipherSuite.TLS_AES_128_GCM_SHA256);
    }

    @Test
    void helloRetryRequestWhenTheServerWantsAnotherGroup() throws Exception {
        HandshakePump pump = handshake(HandshakeFixtures.client().keyShareGroups(NamedGroup.X25519).build(),
                "localhost", HandshakeFixtures.server().groups(NamedGroup.SECP256R1).build());
        assertEstablished(pump, CipherSuite.TLS_AES_128_GCM_SHA256);
        long clientInitialFlights = pump.clientOutputs.stream().filter(output -> output instanceof TlsOutput.CryptoData c
                && c.level() == EncryptionLevel.INITIAL).count();
        assertEquals(2, clientInitialFlights, "ClientHello, then the second ClientHello");
        assertEquals(List.of("CryptoData INITIAL", "CryptoData INITIAL", "SecretsAvailable HANDSHAKE",
                "CryptoData HANDSHAKE", "SecretsAvailable ONE_RTT", "HandshakeCompleted", "CryptoData ONE_RTT"),
                describe(pump.serverOutputs));
    }

    @Test
    void helloRetryRequestWithSha384Suite() throws Exception {
        HandshakePump pump = handshake(HandshakeFixtures.client().cipherSuites(CipherSuite.TLS_AES_256_GCM_SHA384).build(),
                "localhost", HandshakeFixtures.server().groups(NamedGroup.SECP384R1).build());
        assertEstablished(pump, CipherSuite.TLS_AES_256_GCM_SHA384);
    }

    @Test
    void serverPrefersItsOwnCipherSuiteOrder() throws Exception {
        HandshakePump pump = handshake(HandshakeFixtures.client().build(), "localhost",
                HandshakeFixtures.server().cipherSuites(CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
                        CipherSuite.TLS_AES_128_GCM_SHA256).build());
        assertEstablished(pump, CipherSuite.TLS_CHACHA20_POLY1305_SHA256);
    }

    static TlsServerConfig.Builder mutualServer(ClientAuthentication mode) {
        return HandshakeFixtures.server().clientAuthentication(mode,
                PeerCertificateVerifier.clientCertificates(HandshakeFixtures.ca(), HandshakeFixtures.VALID_CLOCK));
    }

    @Test
    void mutualTlsRequiredWithClientCertificate() throws Exception {
        Credentials clientCredentials = HandshakeFixtures.credentials("leaf-ec384.pem", "leaf-ec384.key");
        HandshakePump pump = handshake(HandshakeFixtures.client().clientCredentials(clientCredentials).build(),
                "localhost", mutualServer(ClientAuthentication.REQUIRED).build());
        assertEstablished(pump, CipherSuite.TLS_AES_128_GCM_SHA256);
        assertEquals(clientCredentials.leaf(), ((ServerHandshake) pump.server).peerCertificate());
    }

    @Test
    void mutualTlsRequestedWithClientCertificate() throws Exception {
        Credentials clientCredentials = HandshakeFixtures.credentials("leaf-rsa.pem", "leaf-rsa-pkcs8.key");
        HandshakePump pump = handshake(HandshakeFixtures.client().clientCredentials(clientCredentials).build(),
                "localhost", mutualServer(ClientAuthentication.REQUESTED).build());
        assertEstablished(pump, CipherSuite.TLS_AES_128_GCM_SHA256);
        assertEquals(clientCredentials.leaf(), ((ServerHandshake) pump.server).peerCertificate());
    }

    @Test
    void mutualTlsRequestedWithoutClientCertificate() throws Exception {
        HandshakePump pump = handshake(HandshakeFixtures.client().build(), "localhost",
                mutualServer(ClientAuthentication.REQUESTED).build());
        assertEstablished(pump, CipherSuite.TLS_AES_128_GCM_SHA256);
        assertNull(((ServerHandshake) pump.server).peerCertificate());
    }

    @Test
    void serverNameSelectsAnotherCertificate() throws Exception {
        Credentials other = HandshakeFixtures.credentials("other-host.pem", "other-host.key");
        TlsServerConfig server = HandshakeFixtures.server()
                .credentials(CredentialsSelector.withDefault(HandshakeFixtures.ec256())
                        .withServerName("other.example.com", other)).build();
        HandshakePump pump = handshake(HandshakeFixtures.client().build(), "other.example.com", server);
        assertEstablished(pump, CipherSuite.TLS_AES_128_GCM_SHA256);
        assertEquals(other.leaf(), ((ClientHandshake) pump.client).peerCertificate());
        assertEquals("other.example.com", pump.server.serverName());
        HandshakePump local = handshake(HandshakeFixtures.client().build(), "localhost", server);
        assertEquals(HandshakeFixtures.ec256().leaf(), ((ClientHandshake) local.client).peerCertificate());
    }

    @Test
    void ipLiteralIsVerifiedButNotSentAsServerName() throws Exception {
        HandshakePump pump = handshake(HandshakeFixtures.client().build(), "127.0.0.1", HandshakeFixtures.server().build());
        assertEstablished(pump, CipherSuite.TLS_AES_128_GCM_SHA256);
        assertNull(pump.server.serverName());
        assertNull(pump.client.serverName());
        HandshakePump ipv6 = handshake(HandshakeFixtures.client().build(), "[::1]", HandshakeFixtures.server().build());
        assertNull(ipv6.server.serverName());
        assertTrue(ipv6.client.isHandshakeComplete());
    }

    @Test
    void newSessionTicketAtOneRttIsAccepted() throws Exception {
        HandshakePump pump = handshake(HandshakeFixtures.client().build(), "localhost", HandshakeFixtures.server().build());
        byte[] ticket = new dev.jquic.tls.message.NewSessionTicket(3600, 7, dev.jquic.tls.message.Opaque.EMPTY,
                dev.jquic.tls.message.Opaque.of(new byte[] {1, 2, 3}), dev.jquic.tls.message.Extensions.EMPTY)
                .toByteArray();
        pump.client.handleCryptoData(EncryptionLevel.ONE_RTT, ByteBuffer.wrap(ticket));
        TlsOutput output = pump.client.pollOutput();
        assertInstanceOf(TlsOutput.SessionTicketReceived.class, output);
        dev.jquic.tls.ticket.ClientTicket received =
                dev.jquic.tls.ticket.ClientTicket.decode(((TlsOutput.SessionTicketReceived) output).ticket());
        assertEquals(3600, received.lifetimeSeconds());
        assertEquals(7, received.ticketAgeAdd());
        assertArrayEquals(new byte[] {1, 2, 3}, received.identity());
        assertNull(pump.client.pollOutput());
        assertEquals(ClientState.CONNECTED, ((ClientHandshake) pump.client).state());
    }

    @Test
    void clientWithoutAFittingCertificateSendsAnEmptyOne() throws Exception {
        Credentials ed25519 = HandshakeFixtures.credentials("leaf-ed25519.pem", "leaf-ed25519.key");
        HandshakePump pump = handshake(HandshakeFixtures.client().clientCredentials(ed25519).build(), "localhost",
                mutualServer(ClientAuthentication.REQUESTED)
                        .signatureSchemes(SignatureScheme.ECDSA_SECP256R1_SHA256).build());
        assertEstablished(pump, CipherSuite.TLS_AES_128_GCM_SHA256);
        assertNull(((ServerHandshake) pump.server).peerCertificate());
    }

    @Test
    void mutualTlsAfterHelloRetryRequest() throws Exception {
        Credentials clientCredentials = HandshakeFixtures.credentials("leaf-ed25519.pem", "leaf-ed25519.key");
        HandshakePump pump = handshake(HandshakeFixtures.client().clientCredentials(clientCredentials)
                        .cipherSuites(CipherSuite.TLS_AES_256_GCM_SHA384).build(), "localhost",
                mutualServer(ClientAuthentication.REQUIRED).groups(NamedGroup.SECP384R1).build());
        assertEstablished(pump, CipherSuite.TLS_AES_256_GCM_SHA384);
        assertEquals(clientCredentials.leaf(), ((ServerHandshake) pump.server).peerCertificate());
    }

    @Test
    void messagesSplitIntoSmallPiecesStillComplete() throws Exception {
        for (int chunk : new int[] {1, 3, 100}) {
            TlsSession client = QuicTls.client(HandshakeFixtures.client().build(), "localhost",
                    CLIENT_PARAMETERS.duplicate());
            TlsSession server = QuicTls.server(mutualServer(ClientAuthentication.REQUIRED).build(),
                    SERVER_PARAMETERS.duplicate());
            TlsSession mutualClient = QuicTls.client(HandshakeFixtures.client()
                    .clientCredentials(HandshakeFixtures.ec256()).build(), "localhost", CLIENT_PARAMETERS.duplicate());
            assertEstablished(new HandshakePump(mutualClient, server).inChunksOf(chunk).run(),
                    CipherSuite.TLS_AES_128_GCM_SHA256);
            assertEstablished(new HandshakePump(client, QuicTls.server(HandshakeFixtures.server()
                    .groups(NamedGroup.SECP384R1).build(), SERVER_PARAMETERS.duplicate())).inChunksOf(chunk).run(),
                    CipherSuite.TLS_AES_128_GCM_SHA256);
        }
    }
}
