package dev.jquic.tls.cert;

import static dev.jquic.tls.cert.CertificateVerifySignaturesTest.assertAlert;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.tls.TlsAlert;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PeerCertificateVerifierTest {
    private final PeerCertificateVerifier pkix = PeerCertificateVerifier.pkix(Fixtures.caBundle(), Fixtures.VALID_CLOCK);
    private final List<X509Certificate> leafOnly = Fixtures.certificates("leaf-ec256.pem");
    private final List<X509Certificate> leafAndRoot = Fixtures.certificates("leaf-ec256-chain.pem");

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LOCALHOST", "localhost.", "127.0.0.1", "::1", "0:0:0:0:0:0:0:1",
        "[::1]", "0000:0000::0001"})
    void goodChainAndHost(String host) {
        assertDoesNotThrow(() -> pkix.verify(leafOnly, host));
        assertDoesNotThrow(() -> pkix.verify(leafAndRoot, host));
    }

    @ParameterizedTest
    @ValueSource(strings = {"leaf-rsa.pem", "leaf-ec384.pem", "leaf-ed25519.pem"})
    void everyKeyTypeValidates(String leaf) {
        assertDoesNotThrow(() -> pkix.verify(Fixtures.certificates(leaf), "localhost"));
    }

    @Test
    void noHostMeansNoNameCheck() {
        assertDoesNotThrow(() -> pkix.verify(Fixtures.certificates("other-host.pem"), null));
    }

    @Test
    void unknownCa() {
        assertAlert(TlsAlert.UNKNOWN_CA, () -> pkix.verify(Fixtures.certificates("unknown-ca-leaf.pem"), "localhost"));
        List<X509Certificate> withItsRoot = List.of(Fixtures.certificate("unknown-ca-leaf.pem"),
                Fixtures.certificate("unknown-ca.pem"));
        assertAlert(TlsAlert.UNKNOWN_CA, () -> pkix.verify(withItsRoot, "localhost"));
    }

    @Test
    void expiredAndNotYetValid() {
        PeerCertificateVerifier later = PeerCertificateVerifier.pkix(Fixtures.caBundle(), Fixtures.AFTER_VALIDITY_CLOCK);
        PeerCertificateVerifier earlier = PeerCertificateVerifier.pkix(Fixtures.caBundle(), Fixtures.BEFORE_VALIDITY_CLOCK);
        assertAlert(TlsAlert.CERTIFICATE_EXPIRED, () -> later.verify(leafOnly, "localhost"));
        // TLS 1.3 spec §6.2: certificate_expired covers "has expired or is not currently valid".
        assertAlert(TlsAlert.CERTIFICATE_EXPIRED, () -> earlier.verify(leafOnly, "localhost"));
    }

    @Test
    void wrongHost() {
        QuicProtocolException e = assertThrows(QuicProtocolException.class,
                () -> pkix.verify(Fixtures.certificates("other-host.pem"), "localhost"));
        assertEquals(TlsAlert.CERTIFICATE_UNKNOWN.transportErrorCode(), e.errorCode());
        assertTrue(e.reason().contains("\"localhost\"") && e.reason().contains("DNS:other.example.com"), e.reason());
        assertAlert(TlsAlert.CERTIFICATE_UNKNOWN, () -> pkix.verify(leafOnly, "example.com"));
        assertAlert(TlsAlert.CERTIFICATE_UNKNOWN, () -> pkix.verify(leafOnly, "127.0.0.2"));
        assertAlert(TlsAlert.CERTIFICATE_UNKNOWN, () -> pkix.verify(leafOnly, "::2"));
    }

    @Test
    void noFallbackToCommonName() {
        // Subject CN is "jquic test leaf"; only SANs count.
        assertAlert(TlsAlert.CERTIFICATE_UNKNOWN, () -> pkix.verify(leafOnly, "jquic test leaf"));
    }

    @Test
    void wildcardCertificate() {
        List<X509Certificate> wildcard = Fixtures.certificates("wildcard.pem");
        assertDoesNotThrow(() -> pkix.verify(wildcard, "www.example.com"));
        assertDoesNotThrow(() -> pkix.verify(wildcard, "API.Example.COM"));
        assertAlert(TlsAlert.CERTIFICATE_UNKNOWN, () -> pkix.verify(wildcard, "example.com"));
        assertAlert(TlsAlert.CERTIFICATE_UNKNOWN, () -> pkix.verify(wildcard, "a.b.example.com"));
        assertAlert(TlsAlert.CERTIFICATE_UNKNOWN, () -> pkix.verify(wildcard, "www.example.org"));
    }

    @Test
    void outOfOrderChainIsBadCertificate() {
        List<X509Certificate> reversed = List.of(Fixtures.certificate("extra-ca.pem"), Fixtures.certificate("leaf-ec256.pem"));
        QuicProtocolException e = assertThrows(QuicProtocolException.class, () -> PeerCertificateVerifier
                .pkix(List.of(Fixtures.certificate("ca.pem")), Fixtures.VALID_CLOCK).verify(reversed, "localhost"));
        assertTrue(e.errorCode() == TlsAlert.BAD_CERTIFICATE.transportErrorCode()
                || e.errorCode() == TlsAlert.UNKNOWN_CA.transportErrorCode(), e.toString());
    }

    @Test
    void forgedLeafIsRejected() {
        // The unknown CA's leaf presented under a trusted root: its signature does not chain.
        List<X509Certificate> forged = List.of(Fixtures.certificate("unknown-ca-leaf.pem"), Fixtures.certificate("ca.pem"));
        QuicProtocolException e = assertThrows(QuicProtocolException.class, () -> pkix.verify(forged, "localhost"));
        assertTrue(e.errorCode() == TlsAlert.UNKNOWN_CA.transportErrorCode()
                || e.errorCode() == TlsAlert.BAD_CERTIFICATE.transportErrorCode(), e.toString());
    }

    @Test
    void emptyChainIsRejectedByEveryVerifierButInsecure() {
        assertAlert(TlsAlert.BAD_CERTIFICATE, () -> pkix.verify(List.of(), "localhost"));
        assertAlert(TlsAlert.BAD_CERTIFICATE, () -> PeerCertificateVerifier.pinned(
                List.of(Sha256Fingerprint.of(leafOnly.get(0)))).verify(List.of(), null));
    }

    @Test
    void clientCertificatesIgnoreNamesButNotTrust() {
        PeerCertificateVerifier clients = PeerCertificateVerifier.clientCertificates(
                List.of(Fixtures.certificate("ca.pem")), Fixtures.VALID_CLOCK);
        assertDoesNotThrow(() -> clients.verify(Fixtures.certificates("other-host.pem"), "localhost"));
        assertAlert(TlsAlert.UNKNOWN_CA, () -> clients.verify(Fixtures.certificates("unknown-ca-leaf.pem"), null));
        PeerCertificateVerifier expired = PeerCertificateVerifier.clientCertificates(
                List.of(Fixtures.certificate("ca.pem")), Fixtures.AFTER_VALIDITY_CLOCK);
        assertAlert(TlsAlert.CERTIFICATE_EXPIRED, () -> expired.verify(leafOnly, null));
    }

    @Test
    void pinsInBothFormats() {
        Sha256Fingerprint fingerprint = Sha256Fingerprint.of(leafOnly.get(0));
        for (String pin : List.of(fingerprint.toHex(), fingerprint.toColonHex())) {
            PeerCertificateVerifier pinned = PeerCertificateVerifier.pinned(List.of(
                    Sha256Fingerprint.of(Fixtures.certificate("ca.pem")), Sha256Fingerprint.parse(pin)));
            assertDoesNotThrow(() -> pinned.verify(leafOnly, "any.host.example"));
            assertDoesNotThrow(() -> pinned.verify(leafAndRoot, null));
            QuicProtocolException e = assertThrows(QuicProtocolException.class,
                    () -> pinned.verify(Fixtures.certificates("other-host.pem"), "localhost"));
            assertEquals(TlsAlert.BAD_CERTIFICATE.transportErrorCode(), e.errorCode());
            assertTrue(e.reason().contains(Sha256Fingerprint.of(Fixtures.certificate("other-host.pem")).toColonHex()));
        }
        // The pin is of the leaf only: a pinned CA does not vouch for its leaves.
        PeerCertificateVerifier caPinned = PeerCertificateVerifier.pinned(List.of(
                Sha256Fingerprint.of(Fixtures.certificate("ca.pem"))));
        assertAlert(TlsAlert.BAD_CERTIFICATE, () -> caPinned.verify(leafAndRoot, null));
    }

    @Test
    void insecureAcceptsAnything() {
        PeerCertificateVerifier insecure = PeerCertificateVerifier.insecure();
        assertDoesNotThrow(() -> insecure.verify(Fixtures.certificates("unknown-ca-leaf.pem"), "wrong.example"));
        assertDoesNotThrow(() -> insecure.verify(Fixtures.certificates("other-host.pem"), null));
    }

    @Test
    void jdkDefaultTrustStoreLoadsOrFailsClearly() {
        try {
            List<X509Certificate> anchors = TrustAnchors.jdkDefault();
            assertFalse(anchors.isEmpty());
            PeerCertificateVerifier jdk = PeerCertificateVerifier.pkixWithJdkTrustStore(Fixtures.VALID_CLOCK);
            // Our test CA is not a public CA.
            assertAlert(TlsAlert.UNKNOWN_CA, () -> jdk.verify(leafOnly, "localhost"));
        } catch (CertificateLoadException e) {
            assertTrue(e.getMessage().startsWith("cannot read the JDK default trust store"), e.getMessage());
        }
    }

    @Test
    void trustAnchorsFromPemBundle() {
        assertEquals(2, TrustAnchors.fromPemFile(Fixtures.path("ca-bundle.pem")).size());
        CertificateLoadException e = assertThrows(CertificateLoadException.class,
                () -> TrustAnchors.fromPemFile(Fixtures.path("malformed.pem")));
        assertTrue(e.getMessage().contains(Fixtures.path("malformed.pem").toString()));
    }
}
