package dev.jquic.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.tls.TlsOutput;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.tls.cert.CredentialsSelector;
import dev.jquic.tls.cert.PeerCertificateVerifier;
import dev.jquic.tls.cert.SelfSignedCertificates;
import dev.jquic.tls.cert.SignatureScheme;
import dev.jquic.tls.keys.NamedGroup;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsConfigTest {
    private static final CredentialsSelector CREDENTIALS = CredentialsSelector.withDefault(
            SelfSignedCertificates.generate("localhost", Instant.parse("2030-01-01T00:00:00Z"), new SecureRandom()));

    static TlsClientConfig.Builder client() {
        return TlsClientConfig.builder().applicationProtocols("h3").peerCertificateVerifier(PeerCertificateVerifier.insecure());
    }

    static TlsServerConfig.Builder server() {
        return TlsServerConfig.builder().applicationProtocols("h3").credentials(CREDENTIALS);
    }

    static void assertRejected(String option, Runnable build) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, build::run);
        assertTrue(error.getMessage().startsWith(option), error.getMessage());
    }

    @Test
    void clientDefaults() {
        TlsClientConfig config = client().build();
        assertEquals(List.of(CipherSuite.TLS_AES_128_GCM_SHA256, CipherSuite.TLS_AES_256_GCM_SHA384,
                CipherSuite.TLS_CHACHA20_POLY1305_SHA256), config.cipherSuites());
        assertEquals(List.of(NamedGroup.X25519, NamedGroup.SECP256R1, NamedGroup.SECP384R1), config.groups());
        assertEquals(List.of(NamedGroup.X25519), config.keyShareGroups());
        assertEquals(SignatureScheme.certificateVerifySchemes(), config.signatureSchemes());
        assertNull(config.clientCredentials());
        assertEquals(List.of("h3"), config.applicationProtocols());
    }

    @Test
    void clientRejectsInvalidOptions() {
        assertRejected("applicationProtocols", () -> TlsClientConfig.builder()
                .peerCertificateVerifier(PeerCertificateVerifier.insecure()).build());
        assertRejected("applicationProtocols", () -> client().applicationProtocols("").build());
        assertRejected("applicationProtocols", () -> client().applicationProtocols("h3", "h3").build());
        assertRejected("applicationProtocols", () -> client().applicationProtocols("x".repeat(256)).build());
        assertRejected("peerCertificateVerifier", () -> TlsClientConfig.builder().applicationProtocols("h3").build());
        assertRejected("cipherSuites", () -> client().cipherSuites().build());
        assertRejected("groups", () -> client().groups().build());
        assertRejected("keyShareGroups", () -> client().groups(NamedGroup.SECP256R1).build());
        assertRejected("signatureSchemes", () -> client().signatureSchemes(SignatureScheme.RSA_PKCS1_SHA256).build());
        assertRejected("clock", () -> client().clock(null).build());
    }

    @Test
    void clientMayOfferNoKeyShare() {
        assertEquals(List.of(), client().keyShareGroups().build().keyShareGroups());
    }

    @Test
    void serverDefaultsAndValidation() {
        TlsServerConfig config = server().build();
        assertEquals(ClientAuthentication.NONE, config.clientAuthentication());
        assertEquals(3, config.cipherSuites().size());
        assertRejected("selfSignedHost", () -> TlsServerConfig.builder().applicationProtocols("h3")
                .selfSignedHost(null).build());
        assertRejected("applicationProtocols", () -> TlsServerConfig.builder().credentials(CREDENTIALS).build());
        assertRejected("clientCertificateVerifier",
                () -> server().clientAuthentication(ClientAuthentication.REQUIRED, null).build());
        assertRejected("clientAuthentication", () -> server().clientAuthentication(null, null).build());
        assertRejected("groups", () -> server().groups(NamedGroup.X25519, NamedGroup.X25519).build());
    }

    /** TLS issue, "self-signed by default": no credentials → a generated certificate a client can pin. */
    @Test
    void serverWithoutCredentialsGeneratesASelfSignedCertificate() throws Exception {
        TlsServerConfig config = TlsServerConfig.builder().applicationProtocols("h3")
                .selfSignedHost("quic.example").build();
        java.security.cert.X509Certificate leaf = config.credentials().defaultCredentials().leaf();
        List<String> names = leaf.getSubjectAlternativeNames().stream().map(name -> name.get(1).toString()).toList();
        assertTrue(names.containsAll(List.of("quic.example", "localhost", "127.0.0.1")), names.toString());
        assertEquals("EC", leaf.getPublicKey().getAlgorithm());
        PeerCertificateVerifier.pinned(List.of(config.credentials().defaultCredentials().leafFingerprint()))
                .verify(List.of(leaf), "quic.example");
        PeerCertificateVerifier.pinned(List.of(config.credentials().defaultCredentials().leafFingerprint()))
                .verify(List.of(leaf), "localhost");
    }

    @Test
    void configListsAreImmutable() {
        TlsClientConfig config = client().build();
        assertThrows(UnsupportedOperationException.class, () -> config.cipherSuites().clear());
    }

    @Test
    void serverNameIsSentOnlyForDnsNames() throws Exception {
        assertTrue(QuicTls.isIpLiteral("127.0.0.1"));
        assertTrue(QuicTls.isIpLiteral("::1"));
        assertTrue(QuicTls.isIpLiteral("2001:db8::1"));
        assertFalse(QuicTls.isIpLiteral("localhost"));
        assertFalse(QuicTls.isIpLiteral("1.example"));
        assertEquals("example.com", startedClient("example.com.").serverName());
        assertNull(startedClient("192.0.2.1").serverName());
        assertNull(startedClient("[2001:db8::1]").serverName());
        assertNull(startedClient(null).serverName());
        assertThrows(IllegalArgumentException.class, () -> QuicTls.client(client().build(), "", ByteBuffer.allocate(0)));
        assertThrows(IllegalArgumentException.class,
                () -> QuicTls.client(client().build(), "bücher.example", ByteBuffer.allocate(0)));
    }

    private static TlsSession startedClient(String serverName) throws Exception {
        TlsSession session = QuicTls.client(client().build(), serverName, ByteBuffer.allocate(0));
        session.start();
        TlsOutput.CryptoData hello = (TlsOutput.CryptoData) session.pollOutput();
        assertEquals(EncryptionLevel.INITIAL, hello.level());
        assertNull(session.pollOutput());
        return session;
    }
}
