package dev.jquic.tls.cert;

import static dev.jquic.tls.cert.CertificateVerifySignaturesTest.assertAlert;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.types.EndpointRole;
import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.tls.TlsAlert;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfSignedCertificatesTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static SecureRandom seeded(long seed) throws NoSuchAlgorithmException {
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(seed);
        return random;
    }

    private static List<String> subjectAltNames(X509Certificate certificate) throws Exception {
        List<String> names = new ArrayList<>();
        Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
        for (List<?> entry : entries) {
            names.add(((Integer) entry.get(0) == 2 ? "DNS:" : "IP:") + entry.get(1));
        }
        return names;
    }

    @Test
    void certificateContents() throws Exception {
        Credentials credentials = SelfSignedCertificates.generate("quic.example.net", NOW, seeded(1));
        X509Certificate certificate = credentials.leaf();
        assertEquals(1, credentials.chain().size());
        assertEquals("CN=quic.example.net", certificate.getSubjectX500Principal().getName());
        assertEquals(certificate.getSubjectX500Principal(), certificate.getIssuerX500Principal());
        assertEquals(List.of("DNS:localhost", "IP:127.0.0.1", "IP:0:0:0:0:0:0:0:1", "DNS:quic.example.net"),
                subjectAltNames(certificate));
        assertEquals(NOW.minus(Duration.ofHours(1)), certificate.getNotBefore().toInstant());
        assertEquals(NOW.plus(Duration.ofDays(30)), certificate.getNotAfter().toInstant());
        assertEquals(-1, certificate.getBasicConstraints()); // CA:false
        boolean[] keyUsage = certificate.getKeyUsage();
        assertTrue(keyUsage[0]); // digitalSignature
        for (int i = 1; i < keyUsage.length; i++) {
            assertEquals(false, keyUsage[i]);
        }
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), certificate.getExtendedKeyUsage()); // serverAuth
        assertTrue(certificate.getCriticalExtensionOIDs().contains("2.5.29.19"));
        assertTrue(certificate.getCriticalExtensionOIDs().contains("2.5.29.15"));
        assertTrue(certificate.getSerialNumber().signum() > 0);
        assertEquals("SHA256withECDSA", certificate.getSigAlgName());
        assertEquals(256, ((ECPublicKey) certificate.getPublicKey()).getParams().getCurve().getField().getFieldSize());
        assertEquals(List.of(SignatureScheme.ECDSA_SECP256R1_SHA256), credentials.signatureSchemes());
        certificate.verify(certificate.getPublicKey()); // self-signed
    }

    @Test
    void ipLiteralHost() throws Exception {
        assertEquals(List.of("DNS:localhost", "IP:127.0.0.1", "IP:0:0:0:0:0:0:0:1", "IP:192.0.2.7"),
                subjectAltNames(SelfSignedCertificates.generate("192.0.2.7", NOW, seeded(2)).leaf()));
        assertEquals(List.of("DNS:localhost", "IP:127.0.0.1", "IP:0:0:0:0:0:0:0:1", "IP:2001:db8:0:0:0:0:0:1"),
                subjectAltNames(SelfSignedCertificates.generate("2001:db8::1", NOW, seeded(3)).leaf()));
        // No duplicates for the defaults.
        assertEquals(List.of("DNS:localhost", "IP:127.0.0.1", "IP:0:0:0:0:0:0:0:1"),
                subjectAltNames(SelfSignedCertificates.generate("localhost", NOW, seeded(4)).leaf()));
        assertEquals(List.of("DNS:localhost", "IP:127.0.0.1", "IP:0:0:0:0:0:0:0:1"),
                subjectAltNames(SelfSignedCertificates.generate("::1", NOW, seeded(5)).leaf()));
    }

    @Test
    void validatesAgainstItselfAsAnchorAndWithPin() throws Exception {
        Credentials credentials = SelfSignedCertificates.generate("dev.example", NOW, seeded(6));
        List<X509Certificate> chain = credentials.chain();
        Clock clock = Clock.fixed(NOW.plus(Duration.ofDays(1)), ZoneOffset.UTC);
        PeerCertificateVerifier anchored = PeerCertificateVerifier.pkix(chain, clock);
        for (String host : List.of("dev.example", "localhost", "127.0.0.1", "::1")) {
            assertDoesNotThrow(() -> anchored.verify(chain, host));
        }
        assertAlert(TlsAlert.CERTIFICATE_UNKNOWN, () -> anchored.verify(chain, "other.example"));
        PeerCertificateVerifier expired = PeerCertificateVerifier.pkix(chain,
                Clock.fixed(NOW.plus(Duration.ofDays(31)), ZoneOffset.UTC));
        assertAlert(TlsAlert.CERTIFICATE_EXPIRED, () -> expired.verify(chain, "dev.example"));
        PeerCertificateVerifier early = PeerCertificateVerifier.pkix(chain,
                Clock.fixed(NOW.minus(Duration.ofHours(2)), ZoneOffset.UTC));
        assertAlert(TlsAlert.CERTIFICATE_EXPIRED, () -> early.verify(chain, "dev.example"));
        // Another CA's trust does not extend to it.
        assertAlert(TlsAlert.UNKNOWN_CA, () -> PeerCertificateVerifier.pkix(Fixtures.caBundle(), clock)
                .verify(chain, "dev.example"));

        Sha256Fingerprint fingerprint = credentials.leafFingerprint();
        for (String pin : List.of(fingerprint.toHex(), fingerprint.toColonHex())) {
            assertDoesNotThrow(() -> PeerCertificateVerifier.pinned(List.of(Sha256Fingerprint.parse(pin)))
                    .verify(chain, null));
        }
    }

    @Test
    void signsCertificateVerify() throws Exception {
        Credentials credentials = SelfSignedCertificates.generate("localhost", NOW, seeded(7));
        byte[] hash = new byte[32];
        SignatureScheme scheme = credentials.selectScheme(List.of(0x0804, 0x0403));
        byte[] signature = CertificateVerifySignatures.sign(scheme, credentials.privateKey(), EndpointRole.SERVER, hash,
                seeded(8));
        assertDoesNotThrow(() -> CertificateVerifySignatures.verify(0x0403, List.of(scheme),
                credentials.leaf().getPublicKey(), EndpointRole.SERVER, hash, signature));
        assertArrayEquals(credentials.leaf().getEncoded(), credentials.encodedChain().get(0));
    }

    @Test
    void differentRandomnessGivesDifferentCertificates() throws Exception {
        Credentials first = SelfSignedCertificates.generate("localhost", NOW, seeded(9));
        Credentials second = SelfSignedCertificates.generate("localhost", NOW, seeded(10));
        assertNotEquals(first.leaf().getSerialNumber(), second.leaf().getSerialNumber());
        assertNotEquals(first.leafFingerprint(), second.leafFingerprint());
    }

    @Test
    void rejectsInvalidHosts() {
        assertThrows(IllegalArgumentException.class, () -> SelfSignedCertificates.generate("", NOW, new SecureRandom()));
        assertThrows(IllegalArgumentException.class,
                () -> SelfSignedCertificates.generate("*.example.com", NOW, new SecureRandom()));
    }
}
