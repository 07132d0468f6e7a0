package dev.jquic.testkit.tls;

import dev.jquic.core.crypto.CipherSuite;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The fixed, publicly known secrets of the null TLS: HMAC of a label under the suite's hash, so
 * each secret has the hash length the suite's key derivation expects (RFC 9001 §5.1: 32 bytes for
 * SHA-256 suites, 48 for TLS_AES_256_GCM_SHA384). They protect nothing.
 */
final class NullTlsSecrets {

    static final String CLIENT_HANDSHAKE = "null-tls client hs";
    static final String SERVER_HANDSHAKE = "null-tls server hs";
    static final String CLIENT_APPLICATION = "null-tls client ap";
    static final String SERVER_APPLICATION = "null-tls server ap";
    static final String CLIENT_FINISHED = "null-tls client finished";
    static final String SERVER_FINISHED = "null-tls server finished";

    private static final byte[] KEY = "jquic null tls".getBytes(StandardCharsets.US_ASCII);

    private NullTlsSecrets() {
    }

    /** The traffic secret named {@code label} for {@code suite}. */
    static byte[] secret(CipherSuite suite, String label) {
        return hmac(suite.hash().macAlgorithm(), label);
    }

    /** The 32-byte Finished verify data named {@code label}. */
    static byte[] finished(String label) {
        return hmac("HmacSHA256", label);
    }

    private static byte[] hmac(String algorithm, String label) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(KEY, algorithm));
            return mac.doFinal(label.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is required by every Java platform", e);
        }
    }
}
