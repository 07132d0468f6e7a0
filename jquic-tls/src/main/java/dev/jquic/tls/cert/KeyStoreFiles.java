package dev.jquic.tls.cert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads {@link Credentials} from a {@link KeyStore} entry (alias + key password). Errors are
 * {@link CertificateLoadException}s naming the key store and alias.
 */
public final class KeyStoreFiles {
    private KeyStoreFiles() {
    }

    /**
     * Opens a key store file (PKCS12 or JKS, detected by the JDK) and reads one entry.
     *
     * @param keyPassword the entry's password; PKCS12 files usually use the store password
     */
    public static Credentials readCredentials(Path keyStoreFile, char[] storePassword, String alias, char[] keyPassword) {
        String what = "cannot read key store " + keyStoreFile;
        if (keyStoreFile == null || !Files.isRegularFile(keyStoreFile)) {
            throw new CertificateLoadException(what + ": file does not exist or is not a regular file");
        }
        KeyStore keyStore;
        try {
            keyStore = KeyStore.getInstance(keyStoreFile.toFile(), storePassword);
        } catch (IOException e) {
            throw new CertificateLoadException(what + ": " + e.getMessage()
                    + (e.getCause() instanceof java.security.UnrecoverableKeyException ? " (wrong password?)" : ""), e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new CertificateLoadException(what + ": " + e.getMessage(), e);
        }
        return readCredentials(keyStore, alias, keyPassword, keyStoreFile.toString());
    }

    /**
     * Reads the private key entry {@code alias} of a loaded key store.
     *
     * @param sourceName names the key store in error messages
     */
    public static Credentials readCredentials(KeyStore keyStore, String alias, char[] keyPassword, String sourceName) {
        String what = "cannot read entry \"" + alias + "\" of key store " + sourceName;
        try {
            if (!keyStore.containsAlias(alias)) {
                throw new CertificateLoadException(what + ": no such alias (aliases: "
                        + java.util.Collections.list(keyStore.aliases()) + ")");
            }
            Key key = keyStore.getKey(alias, keyPassword);
            if (!(key instanceof PrivateKey)) {
                throw new CertificateLoadException(what + ": the entry holds no private key");
            }
            Certificate[] certificates = keyStore.getCertificateChain(alias);
            if (certificates == null || certificates.length == 0) {
                throw new CertificateLoadException(what + ": the entry has no certificate chain");
            }
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : certificates) {
                if (!(certificate instanceof X509Certificate)) {
                    throw new CertificateLoadException(what + ": not an X.509 certificate: " + certificate.getType());
                }
                chain.add((X509Certificate) certificate);
            }
            return Credentials.of(chain, toJdkKey((PrivateKey) key, what), "entry \"" + alias + "\" of key store "
                    + sourceName);
        } catch (java.security.UnrecoverableKeyException e) {
            throw new CertificateLoadException(what + ": cannot recover the key (wrong key password?)", e);
        } catch (GeneralSecurityException | RuntimeException e) {
            if (e instanceof CertificateLoadException) {
                throw (CertificateLoadException) e;
            }
            throw new CertificateLoadException(what + ": " + e.getMessage(), e);
        }
    }

    /** Re-creates the key with the JDK's KeyFactory in case the key store's provider is another. */
    private static PrivateKey toJdkKey(PrivateKey key, String what) throws GeneralSecurityException {
        byte[] encoded = key.getEncoded();
        if (encoded == null || !"PKCS#8".equals(key.getFormat())) {
            return key; // e.g. a hardware key: use as is
        }
        String algorithm = key.getAlgorithm();
        if ("EdDSA".equals(algorithm)) {
            algorithm = "Ed25519";
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            throw new CertificateLoadException(what + ": unsupported private key " + key.getAlgorithm(), e);
        }
    }
}
