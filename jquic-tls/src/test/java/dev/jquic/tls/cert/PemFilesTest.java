package dev.jquic.tls.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PemFilesTest {
    @TempDir
    Path temporaryDirectory;

    @ParameterizedTest
    @CsvSource({
        "leaf-rsa.pem, leaf-rsa-pkcs1.key, RSA_PSS_RSAE_SHA256",
        "leaf-rsa.pem, leaf-rsa-pkcs8.key, RSA_PSS_RSAE_SHA256",
        "leaf-ec256.pem, leaf-ec256-sec1.key, ECDSA_SECP256R1_SHA256",
        "leaf-ec256.pem, leaf-ec256-pkcs8.key, ECDSA_SECP256R1_SHA256",
        "leaf-ec256.pem, leaf-ec256-encrypted.key, ECDSA_SECP256R1_SHA256",
        "leaf-ec256-chain.pem, leaf-ec256-pkcs8.key, ECDSA_SECP256R1_SHA256",
        "leaf-ec384.pem, leaf-ec384.key, ECDSA_SECP384R1_SHA384",
        "leaf-ed25519.pem, leaf-ed25519.key, ED25519",
        "other-host.pem, other-host.key, ECDSA_SECP256R1_SHA256",
        "wildcard.pem, wildcard.key, ECDSA_SECP256R1_SHA256",
        "unknown-ca-leaf.pem, unknown-ca-leaf.key, ECDSA_SECP256R1_SHA256",
        "ca.pem, ca-key.pem, ECDSA_SECP256R1_SHA256",
    })
    void loadsEveryCredentialFixture(String certificate, String key, SignatureScheme firstScheme) {
        Credentials credentials = Fixtures.credentials(certificate, key);
        assertEquals(firstScheme, credentials.signatureSchemes().get(0));
        assertEquals(credentials.leaf().getPublicKey().getAlgorithm().equals("EC") ? "EC"
                : credentials.leaf().getPublicKey().getAlgorithm(), credentials.privateKey().getAlgorithm());
        // JDK keys, not BouncyCastle ones: signing uses the JDK's providers.
        assertTrue(credentials.privateKey().getClass().getName().startsWith("sun."),
                credentials.privateKey().getClass().getName());
    }

    @Test
    void keyKindsAreJdkTypes() {
        assertTrue(Fixtures.key("leaf-rsa-pkcs1.key") instanceof RSAPrivateCrtKey);
        assertTrue(Fixtures.key("leaf-ec256-sec1.key") instanceof ECPrivateKey);
        assertTrue(Fixtures.key("leaf-ec384.key") instanceof ECPrivateKey);
        assertTrue(Fixtures.key("leaf-ed25519.key") instanceof EdECPrivateKey);
        assertEquals(Fixtures.key("leaf-rsa-pkcs1.key"), Fixtures.key("leaf-rsa-pkcs8.key"));
        // SEC1 and PKCS#8 encodings of one key differ in optional fields: compare the secret scalar.
        assertEquals(((ECPrivateKey) Fixtures.key("leaf-ec256-sec1.key")).getS(),
                ((ECPrivateKey) Fixtures.key("leaf-ec256-pkcs8.key")).getS());
        assertEquals(Fixtures.key("leaf-ec256-encrypted.key"), Fixtures.key("leaf-ec256-pkcs8.key"));
    }

    @Test
    void chainIsLeafFirstAndBundleHasAll() {
        List<X509Certificate> chain = Fixtures.certificates("leaf-ec256-chain.pem");
        assertEquals(2, chain.size());
        assertEquals(Fixtures.certificate("leaf-ec256.pem"), chain.get(0));
        assertEquals(Fixtures.certificate("ca.pem"), chain.get(1));
        List<X509Certificate> bundle = Fixtures.caBundle();
        assertEquals(List.of(Fixtures.certificate("extra-ca.pem"), Fixtures.certificate("ca.pem")), bundle);
    }

    @Test
    void readsFromReader() throws IOException {
        String text = Files.readString(Fixtures.path("leaf-ec256-chain.pem"));
        assertEquals(2, PemFiles.readCertificates(new StringReader(text), "config value").size());
        String key = Files.readString(Fixtures.path("leaf-ed25519.key"));
        assertEquals("EdDSA", PemFiles.readPrivateKey(new StringReader(key), null, "config value").getAlgorithm());
    }

    @Test
    void encodesCertificateAsPem() throws IOException {
        X509Certificate certificate = Fixtures.certificate("leaf-rsa.pem");
        String pem = PemFiles.encodeCertificate(certificate);
        assertEquals(Files.readString(Fixtures.path("leaf-rsa.pem")), pem); // openssl writes the same layout
        assertEquals(List.of(certificate), PemFiles.readCertificates(new StringReader(pem), "encoded"));
    }

    @Test
    void missingFile() {
        Path missing = temporaryDirectory.resolve("nope.pem");
        assertMessage(() -> PemFiles.readCertificates(missing),
                "cannot read certificates from " + missing + ": file does not exist");
        assertMessage(() -> PemFiles.readPrivateKey(missing),
                "cannot read private key from " + missing + ": file does not exist");
    }

    @Test
    void emptyFile() throws IOException {
        Path empty = Files.createFile(temporaryDirectory.resolve("empty.pem"));
        assertMessage(() -> PemFiles.readCertificates(empty), "cannot read certificates from " + empty + ": file is empty");
        assertMessage(() -> PemFiles.readPrivateKey(empty), "cannot read private key from " + empty + ": file is empty");
    }

    @Test
    void directory() {
        assertMessage(() -> PemFiles.readCertificates(temporaryDirectory),
                "cannot read certificates from " + temporaryDirectory + ": it is a directory, not a file");
    }

    @Test
    void malformedCertificateBlock() {
        Path malformed = Fixtures.path("malformed.pem");
        CertificateLoadException e = assertThrows(CertificateLoadException.class, () -> PemFiles.readCertificates(malformed));
        assertTrue(e.getMessage().startsWith("cannot read certificates from " + malformed + ": malformed"), e.getMessage());
    }

    @Test
    void fileWithoutPemBlock() {
        Path noPem = Fixtures.path("no-pem.pem");
        assertMessage(() -> PemFiles.readCertificates(noPem),
                "cannot read certificates from " + noPem + ": no CERTIFICATE block found");
        assertMessage(() -> PemFiles.readPrivateKey(noPem), "cannot read private key from " + noPem
                + ": no private key block found (expected PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY or "
                + "ENCRYPTED PRIVATE KEY)");
    }

    @Test
    void certificateFileGivenAsKey() {
        Path certificate = Fixtures.path("leaf-ec256.pem");
        CertificateLoadException e = assertThrows(CertificateLoadException.class, () -> PemFiles.readPrivateKey(certificate));
        assertTrue(e.getMessage().startsWith("cannot read private key from " + certificate + ": no private key"));
    }

    @Test
    void keyFileGivenAsCertificate() {
        Path key = Fixtures.path("leaf-ec256-pkcs8.key");
        assertMessage(() -> PemFiles.readCertificates(key),
                "cannot read certificates from " + key + ": no CERTIFICATE block found");
    }

    @Test
    void encryptedKeyWithoutPassword() {
        Path key = Fixtures.path("leaf-ec256-encrypted.key");
        assertMessage(() -> PemFiles.readPrivateKey(key),
                "cannot read private key from " + key + ": encrypted key needs a password");
    }

    @Test
    void encryptedKeyWithWrongPassword() {
        Path key = Fixtures.path("leaf-ec256-encrypted.key");
        CertificateLoadException e = assertThrows(CertificateLoadException.class,
                () -> PemFiles.readPrivateKey(key, "wrong".toCharArray()));
        assertTrue(e.getMessage().startsWith("cannot read private key from " + key
                + ": cannot decrypt the encrypted key (wrong password?)"), e.getMessage());
    }

    @Test
    void truncatedKeyBody() throws IOException {
        Path truncated = temporaryDirectory.resolve("truncated.key");
        String text = Files.readString(Fixtures.path("leaf-rsa-pkcs8.key"));
        String[] lines = text.split("\n");
        Files.writeString(truncated, lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n" + lines[lines.length - 1] + "\n");
        CertificateLoadException e = assertThrows(CertificateLoadException.class, () -> PemFiles.readPrivateKey(truncated));
        assertTrue(e.getMessage().startsWith("cannot read private key from " + truncated + ": "), e.getMessage());
    }

    @Test
    void unterminatedBlock() throws IOException {
        Path unterminated = temporaryDirectory.resolve("unterminated.pem");
        Files.writeString(unterminated, "-----BEGIN CERTIFICATE-----\nMIIB\n");
        CertificateLoadException e = assertThrows(CertificateLoadException.class,
                () -> PemFiles.readCertificates(unterminated));
        assertTrue(e.getMessage().startsWith("cannot read certificates from " + unterminated + ": "), e.getMessage());
    }

    @Test
    void twoKeysInOneFile() throws IOException {
        Path twoKeys = temporaryDirectory.resolve("two.key");
        Files.writeString(twoKeys, Files.readString(Fixtures.path("leaf-ec384.key"))
                + Files.readString(Fixtures.path("leaf-ed25519.key")));
        assertMessage(() -> PemFiles.readPrivateKey(twoKeys),
                "cannot read private key from " + twoKeys + ": more than one private key in the file");
    }

    @Test
    void keyThatDoesNotMatchItsCertificate() {
        Path certificate = Fixtures.path("leaf-ec256.pem");
        Path key = Fixtures.path("mismatch.key");
        CertificateLoadException e = assertThrows(CertificateLoadException.class,
                () -> PemFiles.readCredentials(certificate, key, null));
        assertTrue(e.getMessage().startsWith("private key does not match the certificate in certificate "
                + certificate + " and key " + key), e.getMessage());
    }

    @Test
    void keyOfAnotherTypeThanItsCertificate() {
        Path certificate = Fixtures.path("leaf-rsa.pem");
        Path key = Fixtures.path("leaf-ed25519.key");
        CertificateLoadException e = assertThrows(CertificateLoadException.class,
                () -> PemFiles.readCredentials(certificate, key, null));
        assertTrue(e.getMessage().contains(certificate.toString()) && e.getMessage().contains(key.toString()));
        assertTrue(e.getMessage().contains("key is Ed25519") && e.getMessage().contains("has a RSA key"), e.getMessage());
    }

    @Test
    void nullPathIsNamedError() {
        CertificateLoadException e = assertThrows(CertificateLoadException.class, () -> PemFiles.readCertificates((Path) null));
        assertEquals("cannot read certificates from null: no file given", e.getMessage());
    }

    @Test
    void everyFixtureLoadsOrFailsWithNamedError() throws IOException {
        try (var files = Files.list(Fixtures.path("ca.pem").getParent())) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.toString().endsWith(".sh")) {
                    continue;
                }
                try {
                    assertTrue(PemFiles.readCertificates(file).size() >= 1);
                } catch (CertificateLoadException e) {
                    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
                }
                try {
                    PrivateKey key = PemFiles.readPrivateKey(file, Fixtures.PASSWORD);
                    assertTrue(key.getEncoded().length > 0);
                } catch (CertificateLoadException e) {
                    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
                }
            }
        }
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable executable, String message) {
        CertificateLoadException e = assertThrows(CertificateLoadException.class, executable);
        assertEquals(message, e.getMessage());
    }
}
