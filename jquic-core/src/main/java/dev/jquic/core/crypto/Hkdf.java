package dev.jquic.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF (RFC 5869) over {@link javax.crypto.Mac}, and HKDF-Expand-Label of TLS 1.3 (RFC 9846
 * §7.1), which QUIC uses for every packet protection secret (RFC 9001 §5.1).
 *
 * <p>Key derivation happens at handshake and key update time, not per packet; each call
 * creates its own {@link Mac}. Stateless, so safe to call from anywhere.
 */
public final class Hkdf {
    private static final byte[] TLS13_LABEL_PREFIX = "tls13 ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];

    private Hkdf() {
    }

    /**
     * HKDF-Extract (RFC 5869 §2.2): PRK = HMAC-Hash(salt, IKM). An empty salt stands for
     * HashLen zero bytes, as RFC 5869 specifies (HMAC pads its key with zeros, so both agree).
     */
    public static byte[] extract(HashFunction hash, byte[] salt, byte[] inputKeyingMaterial) {
        byte[] key = salt.length == 0 ? new byte[hash.length()] : salt;
        Mac mac = newMac(hash, key);
        return mac.doFinal(inputKeyingMaterial);
    }

    /**
     * HKDF-Expand (RFC 5869 §2.3): T(i) = HMAC-Hash(PRK, T(i-1) | info | i), output the first
     * {@code length} bytes of T(1) | T(2) | ...
     *
     * @throws IllegalArgumentException if {@code length} is negative or above 255 * HashLen,
     *     or {@code pseudoRandomKey} is empty
     */
    public static byte[] expand(HashFunction hash, byte[] pseudoRandomKey, byte[] info, int length) {
        // RFC 5869 §2.3: L <= 255*HashLen
        if (length < 0 || length > 255 * hash.length()) {
            throw new IllegalArgumentException("HKDF-Expand length out of range: " + length);
        }
        Mac mac = newMac(hash, pseudoRandomKey);
        byte[] output = new byte[length];
        byte[] previous = EMPTY;
        int written = 0;
        for (int counter = 1; written < length; counter++) {
            mac.update(previous);
            mac.update(info);
            mac.update((byte) counter);
            previous = mac.doFinal();
            int chunk = Math.min(previous.length, length - written);
            System.arraycopy(previous, 0, output, written, chunk);
            written += chunk;
        }
        return output;
    }

    /**
     * HKDF-Expand-Label (RFC 9846 §7.1): HKDF-Expand(secret, HkdfLabel, length) where
     * HkdfLabel = uint16 length | opaque label&lt;7..255&gt; = "tls13 " + label |
     * opaque context&lt;0..255&gt;.
     *
     * @param label the label without the "tls13 " prefix, e.g. {@code "quic key"}
     * @param context the context (empty for every QUIC packet protection label)
     */
    public static byte[] expandLabel(HashFunction hash, byte[] secret, String label, byte[] context, int length) {
        return expand(hash, secret, hkdfLabel(label, context, length), length);
    }

    /** The serialized HkdfLabel structure of RFC 9846 §7.1 (shown in RFC 9001 Appendix A.1). */
    static byte[] hkdfLabel(String label, byte[] context, int length) {
        byte[] labelBytes = label.getBytes(StandardCharsets.US_ASCII);
        int fullLabelLength = TLS13_LABEL_PREFIX.length + labelBytes.length;
        if (fullLabelLength > 255 || context.length > 255 || length < 0 || length > 0xffff) {
            throw new IllegalArgumentException("HkdfLabel field out of range for label " + label);
        }
        byte[] structure = new byte[2 + 1 + fullLabelLength + 1 + context.length];
        int index = 0;
        structure[index++] = (byte) (length >>> 8);
        structure[index++] = (byte) length;
        structure[index++] = (byte) fullLabelLength;
        System.arraycopy(TLS13_LABEL_PREFIX, 0, structure, index, TLS13_LABEL_PREFIX.length);
        index += TLS13_LABEL_PREFIX.length;
        System.arraycopy(labelBytes, 0, structure, index, labelBytes.length);
        index += labelBytes.length;
        structure[index++] = (byte) context.length;
        System.arraycopy(context, 0, structure, index, context.length);
        return structure;
    }

    private static Mac newMac(HashFunction hash, byte[] key) {
        if (key.length == 0) {
            throw new IllegalArgumentException("HMAC key must not be empty");
        }
        try {
            Mac mac = Mac.getInstance(hash.macAlgorithm());
            mac.init(new SecretKeySpec(key, hash.macAlgorithm()));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks " + hash.macAlgorithm(), e);
        }
    }
}
