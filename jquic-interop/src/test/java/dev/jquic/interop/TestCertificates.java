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

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
