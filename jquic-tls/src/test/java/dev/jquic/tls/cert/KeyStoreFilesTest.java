package dev.jquic.tls.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyStoreFilesTest {
    @TempDir
    Path temporaryDirectory;

    @Test
    void readsPkcs12Entry() {
        Path file = Fixtures.path("keystore.p12");
        Credentials credentials = KeyStoreFiles.readCredentials(file, Fixtures.PASSWORD, "leaf", Fixtures.PASSWORD);
        assertEquals(Fixtures.certificates("leaf-ec256-chain.pem"), credentials.chain());
        assertEquals(List.of(SignatureScheme.ECDSA_SECP256R1_SHA256), credentials.signatureSchemes());
        assertEquals(Fixtures.key("leaf-ec256-pkcs8.key"), credentials.privateKey());
    }

    @Test
    void readsInMemoryKeyStore() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        Credentials rsa = Fixtures.credentials("leaf-rsa.pem", "leaf-rsa-pkcs1.key");
        store.setKeyEntry("rsa", rsa.privateKey(), "pw".toCharArray(), rsa.chain().toArray(new Certificate[0]));
        Credentials loaded = KeyStoreFiles.readCredentials(store, "rsa", "pw".toCharArray(), "test store");
        assertEquals(rsa.chain(), loaded.chain());
        assertEquals(rsa.signatureSchemes(), loaded.signatureSchemes());

        store.setCertificateEntry("ca", Fixtures.certificate("ca.pem"));
        CertificateLoadException noKey = assertThrows(CertificateLoadException.class,
                () -> KeyStoreFiles.readCredentials(store, "ca", "pw".toCharArray(), "test store"));
        assertEquals("cannot read entry \"ca\" of key store test store: the entry holds no private key", noKey.getMessage());

        Credentials other = Fixtures.credentials("other-host.pem", "other-host.key");
        store.setKeyEntry("mismatch", other.privateKey(), "pw".toCharArray(),
                Fixtures.certificates("leaf-ec256.pem").toArray(new Certificate[0]));
        CertificateLoadException mismatch = assertThrows(CertificateLoadException.class,
                () -> KeyStoreFiles.readCredentials(store, "mismatch", "pw".toCharArray(), "test store"));
        assertTrue(mismatch.getMessage().startsWith("private key does not match the certificate in entry \"mismatch\""
                + " of key store test store"), mismatch.getMessage());
    }

    @Test
    void errorsNameTheFile() {
        Path file = Fixtures.path("keystore.p12");
        CertificateLoadException wrongStorePassword = assertThrows(CertificateLoadException.class,
                () -> KeyStoreFiles.readCredentials(file, "wrong".toCharArray(), "leaf", "wrong".toCharArray()));
        assertTrue(wrongStorePassword.getMessage().startsWith("cannot read key store " + file + ": "),
                wrongStorePassword.getMessage());
        CertificateLoadException noAlias = assertThrows(CertificateLoadException.class,
                () -> KeyStoreFiles.readCredentials(file, Fixtures.PASSWORD, "nope", Fixtures.PASSWORD));
        assertTrue(noAlias.getMessage().startsWith("cannot read entry \"nope\" of key store " + file + ": no such alias"),
                noAlias.getMessage());
        Path missing = temporaryDirectory.resolve("missing.p12");
        CertificateLoadException notThere = assertThrows(CertificateLoadException.class,
                () -> KeyStoreFiles.readCredentials(missing, Fixtures.PASSWORD, "leaf", Fixtures.PASSWORD));
        assertEquals("cannot read key store " + missing + ": file does not exist or is not a regular file",
                notThere.getMessage());
        Path pem = Fixtures.path("leaf-ec256.pem");
        CertificateLoadException notAStore = assertThrows(CertificateLoadException.class,
                () -> KeyStoreFiles.readCredentials(pem, Fixtures.PASSWORD, "leaf", Fixtures.PASSWORD));
        assertTrue(notAStore.getMessage().startsWith("cannot read key store " + pem + ": "), notAStore.getMessage());
    }
}
