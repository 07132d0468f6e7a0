package dev.jquic.interop;

import dev.jquic.tls.cert.Credentials;
import dev.jquic.tls.cert.SelfSignedCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.time.Instant;
import java.util.Base64;

/** A self-signed certificate for localhost written as PEM files, for peers that read files. */
final class TestCertificates {

    final Credentials credentials;
    final Path certificateFile;
    final Path privateKeyFile;

    private TestCertificates(Credentials credentials, Path certificateFile, Path privateKeyFile) {
        this.credentials = credentials;
        this.certificateFile = certificateFile;
        this.privateKeyFile = privateKeyFile;
    }

    static TestCertificates create(Path directory) throws IOException, CertificateEncodingException {
        Credentials credentials = SelfSignedCertificates.generate("localhost", Instant.now(), new SecureRandom());
        Path certificate = directory.resolve("cert.pem");
        Path key = directory.resolve("key.pem");
        Files.writeString(certificate, pem("CERTIFICATE", credentials.leaf().getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(key, pem("PRIVATE KEY", credentials.privateKey().getEncoded()), StandardCharsets.US_ASCII);
        return new TestCertificates(credentials, certificate, key);
    }

    /** An RSA-2048 self-signed certificate for localhost (for peers that accept only RSA keys, like Kwik). */
    static TestCertificates createRsa(Path directory) throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.KeyPair pair = generator.generateKeyPair();
        org.bouncycastle.asn1.x500.X500Name name = new org.bouncycastle.asn1.x500.X500Name("CN=localhost");
        Instant now = Instant.now();
        var builder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, java.math.BigInteger.ONE,
                java.util.Date.from(now.minusSeconds(3600)), java.util.Date.from(now.plusSeconds(86_400)), name,
                pair.getPublic());
        builder.addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false,
                new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
                        org.bouncycastle.asn1.x509.GeneralName.dNSName, "localhost")));
        var signer = new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA")
                .build(pair.getPrivate());
        java.security.cert.X509Certificate certificate = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
                .getCertificate(builder.build(signer));
        Path certificateFile = directory.resolve("rsa-cert.pem");
        Path keyFile = directory.resolve("rsa-key.pem");
        Files.writeString(certificateFile, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(keyFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        return new TestCertificates(null, certificateFile, keyFile);
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
