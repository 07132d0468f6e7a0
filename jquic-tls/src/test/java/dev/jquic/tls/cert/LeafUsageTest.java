package dev.jquic.tls.cert;

import static dev.jquic.tls.cert.CertificateVerifySignaturesTest.assertAlert;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import dev.jquic.tls.TlsAlert;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** Key usage and extended key usage of the peer's leaf (TLS 1.3 spec §4.4.2.2, RFC 5280 §4.2.1.12). */
class LeafUsageTest {
    private static final PrivateKey CA_KEY = Fixtures.key("ca-key.pem");
    private static final X509Certificate CA = Fixtures.certificate("ca.pem");

    private static List<X509Certificate> leaf(KeyUsage keyUsage, KeyPurposeId purpose) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        PublicKey publicKey = generator.generateKeyPair().getPublic();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                new X500Name(CA.getSubjectX500Principal().getName()), BigInteger.valueOf(42),
                Date.from(Instant.parse("2026-01-01T00:00:00Z")), Date.from(Instant.parse("2035-01-01T00:00:00Z")),
                new X500Name("CN=usage test"), publicKey);
        builder.addExtension(Extension.keyUsage, true, keyUsage);
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(CA_KEY)));
        return List.of(certificate);
    }

    @Test
    void serverCertificateNeedsServerAuthAndDigitalSignature() throws Exception {
        PeerCertificateVerifier servers = PeerCertificateVerifier.pkix(List.of(CA), Fixtures.VALID_CLOCK);
        PeerCertificateVerifier clients = PeerCertificateVerifier.clientCertificates(List.of(CA), Fixtures.VALID_CLOCK);
        List<X509Certificate> good = leaf(new KeyUsage(KeyUsage.digitalSignature), KeyPurposeId.id_kp_serverAuth);
        assertDoesNotThrow(() -> servers.verify(good, "localhost"));
        assertAlert(TlsAlert.BAD_CERTIFICATE, () -> clients.verify(good, null));

        List<X509Certificate> clientOnly = leaf(new KeyUsage(KeyUsage.digitalSignature), KeyPurposeId.id_kp_clientAuth);
        assertAlert(TlsAlert.BAD_CERTIFICATE, () -> servers.verify(clientOnly, "localhost"));
        assertDoesNotThrow(() -> clients.verify(clientOnly, null));

        List<X509Certificate> any = leaf(new KeyUsage(KeyUsage.digitalSignature), KeyPurposeId.anyExtendedKeyUsage);
        assertDoesNotThrow(() -> servers.verify(any, "localhost"));

        List<X509Certificate> noSigning = leaf(new KeyUsage(KeyUsage.keyEncipherment), KeyPurposeId.id_kp_serverAuth);
        assertAlert(TlsAlert.BAD_CERTIFICATE, () -> servers.verify(noSigning, "localhost"));
    }
}
