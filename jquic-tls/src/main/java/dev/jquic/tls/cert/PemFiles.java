package dev.jquic.tls.cert;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads certificates and private keys from PEM files (RFC 7468).
 *
 * <p>Certificates: one or more {@code CERTIFICATE} blocks (a chain, leaf first, or a CA bundle).
 * Private keys: PKCS#8 {@code PRIVATE KEY} (RSA, EC, Ed25519), PKCS#1 {@code RSA PRIVATE KEY},
 * SEC1 {@code EC PRIVATE KEY} (an {@code EC PARAMETERS} block before it is skipped), encrypted
 * PKCS#8 {@code ENCRYPTED PRIVATE KEY} and OpenSSL-encrypted traditional keys, given a password.
 *
 * <p>BouncyCastle parses the PEM and decrypts; its provider is passed explicitly and never
 * registered globally. Keys are converted to JDK keys (JDK {@link KeyFactory} from the PKCS#8
 * encoding) so that signing uses the JDK's providers. Every failure is a
 * {@link CertificateLoadException} whose message names the file and the problem.
 */
public final class PemFiles {
    private PemFiles() {
    }

    /** BouncyCastle as a provider object, only for decrypting encrypted keys; never registered. */
    private static final class BouncyCastle {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    /**
     * The certificates of a PEM file in file order (a chain: leaf first; or a CA bundle).
     * Blocks of other types (e.g. a key in a combined file) are skipped.
     *
     * @throws CertificateLoadException naming the file if it cannot be read, has no certificate,
     *     or a certificate block is malformed
     */
    public static List<X509Certificate> readCertificates(Path file) {
        String what = "cannot read certificates from " + file;
        return parseCertificates(new StringReader(readText(file, what)), what);
    }

    /**
     * The certificates of PEM text from elsewhere (e.g. a configuration string).
     *
     * @param sourceName names the source in error messages
     */
    public static List<X509Certificate> readCertificates(Reader pem, String sourceName) {
        return parseCertificates(pem, "cannot read certificates from " + sourceName);
    }

    private static List<X509Certificate> parseCertificates(Reader pem, String what) {
        List<X509Certificate> certificates = new ArrayList<>();
        int blockNumber = 0;
        try (PEMParser parser = new PEMParser(pem)) {
            while (true) {
                blockNumber++;
                Object object;
                try {
                    object = parser.readObject();
                } catch (IOException | RuntimeException e) {
                    throw new CertificateLoadException(what + ": malformed PEM block #" + blockNumber + ": "
                            + e.getMessage(), e);
                }
                if (object == null) {
                    break;
                }
                X509CertificateHolder holder = null;
                if (object instanceof X509CertificateHolder) {
                    holder = (X509CertificateHolder) object;
                } else if (object instanceof X509TrustedCertificateBlock) {
                    holder = ((X509TrustedCertificateBlock) object).getCertificateHolder();
                }
                if (holder != null) {
                    certificates.add(toJdkCertificate(holder, what + ": malformed certificate in PEM block #"
                            + blockNumber));
                }
            }
        } catch (IOException e) {
            throw new CertificateLoadException(what + ": " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new CertificateLoadException(what + ": no CERTIFICATE block found");
        }
        return List.copyOf(certificates);
    }

    /**
     * The private key of an unencrypted PEM file.
     *
     * @throws CertificateLoadException naming the file if it cannot be read, holds no key or more
     *     than one, is encrypted, malformed, or of an unsupported algorithm
     */
    public static PrivateKey readPrivateKey(Path file) {
        return readPrivateKey(file, null);
    }

    /**
     * The private key of a PEM file, decrypting it with {@code passwordOrNull} if it is encrypted.
     *
     * @throws CertificateLoadException naming the file, e.g. "cannot read private key from
     *     /path/key.pem: encrypted key needs a password"
     */
    public static PrivateKey readPrivateKey(Path file, char[] passwordOrNull) {
        String what = "cannot read private key from " + file;
        return parsePrivateKey(new StringReader(readText(file, what)), passwordOrNull, what);
    }

    /** The private key of PEM text from elsewhere; {@code sourceName} names it in error messages. */
    public static PrivateKey readPrivateKey(Reader pem, char[] passwordOrNull, String sourceName) {
        return parsePrivateKey(pem, passwordOrNull, "cannot read private key from " + sourceName);
    }

    private static PrivateKey parsePrivateKey(Reader pem, char[] passwordOrNull, String what) {
        PrivateKeyInfo found = null;
        int blockNumber = 0;
        try (PEMParser parser = new PEMParser(pem)) {
            while (true) {
                blockNumber++;
                Object object;
                try {
                    object = parser.readObject();
                } catch (IOException | RuntimeException e) {
                    throw new CertificateLoadException(what + ": malformed PEM block #" + blockNumber + ": "
                            + e.getMessage(), e);
                }
                if (object == null) {
                    break;
                }
                PrivateKeyInfo info = keyInfo(object, passwordOrNull, what);
                if (info == null) {
                    continue; // EC PARAMETERS, certificates, ...
                }
                if (found != null) {
                    throw new CertificateLoadException(what + ": more than one private key in the file");
                }
                found = info;
            }
        } catch (IOException e) {
            throw new CertificateLoadException(what + ": " + e.getMessage(), e);
        }
        if (found == null) {
            throw new CertificateLoadException(what + ": no private key block found (expected PRIVATE KEY, "
                    + "RSA PRIVATE KEY, EC PRIVATE KEY or ENCRYPTED PRIVATE KEY)");
        }
        return toJdkKey(found, what);
    }

    private static PrivateKeyInfo keyInfo(Object object, char[] passwordOrNull, String what) {
        try {
            if (object instanceof PrivateKeyInfo) {
                return (PrivateKeyInfo) object;
            }
            if (object instanceof PEMKeyPair) {
                return ((PEMKeyPair) object).getPrivateKeyInfo();
            }
            if (object instanceof PKCS8EncryptedPrivateKeyInfo) {
                requirePassword(passwordOrNull, what);
                try {
                    return ((PKCS8EncryptedPrivateKeyInfo) object).decryptPrivateKeyInfo(
                            new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BouncyCastle.PROVIDER)
                                    .build(passwordOrNull));
                } catch (org.bouncycastle.pkcs.PKCSException e) {
                    throw new CertificateLoadException(what + ": cannot decrypt the encrypted key "
                            + "(wrong password?): " + e.getMessage(), e);
                }
            }
            if (object instanceof PEMEncryptedKeyPair) {
                requirePassword(passwordOrNull, what);
                try {
                    return ((PEMEncryptedKeyPair) object).decryptKeyPair(
                            new JcePEMDecryptorProviderBuilder().setProvider(BouncyCastle.PROVIDER).build(passwordOrNull))
                            .getPrivateKeyInfo();
                } catch (IOException e) {
                    throw new CertificateLoadException(what + ": cannot decrypt the encrypted key "
                            + "(wrong password?): " + e.getMessage(), e);
                }
            }
            return null;
        } catch (CertificateLoadException e) {
            throw e;
        } catch (Exception e) {
            throw new CertificateLoadException(what + ": malformed private key: " + e.getMessage(), e);
        }
    }

    private static void requirePassword(char[] passwordOrNull, String what) {
        if (passwordOrNull == null) {
            throw new CertificateLoadException(what + ": encrypted key needs a password");
        }
    }

    /** Converts a PKCS#8 structure to a key of the JDK's providers. */
    static PrivateKey toJdkKey(PrivateKeyInfo info, String what) {
        ASN1ObjectIdentifier algorithm = info.getPrivateKeyAlgorithm().getAlgorithm();
        String jdkAlgorithm;
        if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
            jdkAlgorithm = "RSA";
        } else if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
            jdkAlgorithm = "EC";
        } else if (EdECObjectIdentifiers.id_Ed25519.equals(algorithm)) {
            jdkAlgorithm = "Ed25519";
        } else {
            throw new CertificateLoadException(what + ": unsupported key algorithm " + algorithm.getId()
                    + " (TLS 1.3 needs RSA, EC or Ed25519)");
        }
        try {
            return KeyFactory.getInstance(jdkAlgorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new CertificateLoadException(what + ": malformed " + jdkAlgorithm + " private key: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Reads a certificate chain file and its key file and checks that they match.
     *
     * @param passwordOrNull for an encrypted key; {@code null} if the key is not encrypted
     * @throws CertificateLoadException naming the offending file
     */
    public static Credentials readCredentials(Path certificateChainFile, Path privateKeyFile, char[] passwordOrNull) {
        List<X509Certificate> chain = readCertificates(certificateChainFile);
        PrivateKey key = readPrivateKey(privateKeyFile, passwordOrNull);
        return Credentials.of(chain, key, "certificate " + certificateChainFile + " and key " + privateKeyFile);
    }

    /**
     * A certificate as a PEM {@code CERTIFICATE} block (RFC 7468 §5: 64-character Base64 lines),
     * e.g. to write a generated self-signed certificate where clients can read it.
     */
    public static String encodeCertificate(X509Certificate certificate) {
        byte[] der;
        try {
            der = certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode certificate " + certificate.getSubjectX500Principal(), e);
        }
        String base64 = java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n";
    }

    static X509Certificate toJdkCertificate(X509CertificateHolder holder, String what) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new CertificateLoadException(what + ": " + e.getMessage(), e);
        }
    }

    /** The whole file as text; ISO-8859-1 never fails to decode, and PEM is ASCII. */
    static String readText(Path file, String what) {
        if (file == null) {
            throw new CertificateLoadException(what + ": no file given");
        }
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new CertificateLoadException(what + ": it is a directory, not a file");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CertificateLoadException(what + ": file does not exist", e);
        } catch (AccessDeniedException e) {
            throw new CertificateLoadException(what + ": permission denied", e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof CertificateLoadException) {
                throw (CertificateLoadException) e;
            }
            throw new CertificateLoadException(what + ": " + e, e);
        }
        if (bytes.length == 0) {
            throw new CertificateLoadException(what + ": file is empty");
        }
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
