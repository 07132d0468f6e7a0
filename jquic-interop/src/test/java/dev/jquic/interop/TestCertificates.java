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

    /**
     * A long RSA-2048 chain for localhost, leaf first: a leaf signed by the first of
     * {@code intermediates} CA certificates, each signed by the next, the last by a root that is
     * not included (as servers send chains). The certificate file holds the chain as PEM (leaf
     * first), which Netty (BoringSSL) and Kwik (agent15 reads every certificate of the file)
     * send whole; {@link #credentials} holds it for jquic. About 0.8 KB per certificate.
     */
    static TestCertificates createRsaChain(Path directory, int intermediates) throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.KeyPair caKeys = generator.generateKeyPair(); // shared by the CAs: only sizes matter here
        java.security.KeyPair leafKeys = generator.generateKeyPair();
        Instant now = Instant.now();
        java.util.List<java.security.cert.X509Certificate> chain = new java.util.ArrayList<>();
        String issuer = "CN=jquic test root";
        java.util.List<java.security.cert.X509Certificate> cas = new java.util.ArrayList<>();
        for (int i = intermediates; i >= 1; i--) {
            String subject = "CN=jquic test intermediate " + i;
            cas.add(0, certificate(subject, caKeys.getPublic(), issuer, caKeys.getPrivate(), now, true, i + 1));
            issuer = subject;
        }
        chain.add(certificate("CN=localhost", leafKeys.getPublic(), issuer, caKeys.getPrivate(), now, false, 1));
        chain.addAll(cas);
        StringBuilder pems = new StringBuilder();
        for (java.security.cert.X509Certificate certificate : chain) {
            pems.append(pem("CERTIFICATE", certificate.getEncoded()));
        }
        Path certificateFile = directory.resolve("rsa-chain.pem");
        Path keyFile = directory.resolve("rsa-chain-key.pem");
        Files.writeString(certificateFile, pems, StandardCharsets.US_ASCII);
        Files.writeString(keyFile, pem("PRIVATE KEY", leafKeys.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        return new TestCertificates(Credentials.of(chain, leafKeys.getPrivate(), certificateFile.toString()),
                certificateFile, keyFile);
    }

    /** The DER bytes of the chain (what a TLS Certificate message carries, without its framing). */
    int chainBytes() throws CertificateEncodingException {
        int total = 0;
        for (java.security.cert.X509Certificate certificate : credentials.chain()) {
            total += certificate.getEncoded().length;
        }
        return total;
    }

    private static java.security.cert.X509Certificate certificate(String subject, java.security.PublicKey key,
            String issuer, java.security.PrivateKey issuerKey, Instant now, boolean ca, long serial) throws Exception {
        var builder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
                new org.bouncycastle.asn1.x500.X500Name(issuer), java.math.BigInteger.valueOf(serial),
                java.util.Date.from(now.minusSeconds(3600)), java.util.Date.from(now.plusSeconds(86_400)),
                new org.bouncycastle.asn1.x500.X500Name(subject), key);
        builder.addExtension(org.bouncycastle.asn1.x509.Extension.basicConstraints, true,
                new org.bouncycastle.asn1.x509.BasicConstraints(ca));
        if (!ca) {
            builder.addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false,
                    new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
                            org.bouncycastle.asn1.x509.GeneralName.dNSName, "localhost")));
        }
        var signer = new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA").build(issuerKey);
        return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
