package dev.jquic.tls.interop;

import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.crypto.Hkdf;
import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * TLS 1.3 record protection for one direction under one traffic secret (TLS 1.3 spec §5.2-§5.3),
 * done by the test because jquic's TLS has no record layer (RFC 9001 §4.1). Keys use the TLS
 * record labels ("key", "iv"), not QUIC's ("quic key", "quic iv"). Not thread-safe.
 */
final class RecordProtection {
    static final int CONTENT_CHANGE_CIPHER_SPEC = 20;
    static final int CONTENT_ALERT = 21;
    static final int CONTENT_HANDSHAKE = 22;
    static final int CONTENT_APPLICATION_DATA = 23;
    static final int HEADER_LENGTH = 5;
    /** TLS 1.3 spec §5.1: a record carries at most 2^14 bytes of plaintext. */
    static final int MAX_PLAINTEXT = 1 << 14;

    /** A decrypted record: its real content type and content (TLSInnerPlaintext without padding). */
    record Opened(int contentType, byte[] content) {
    }

    private final CipherSuite suite;
    private final SecretKeySpec key;
    private final byte[] iv;
    private long sequenceNumber;

    RecordProtection(CipherSuite suite, byte[] trafficSecret) {
        this.suite = suite;
        // TLS 1.3 spec §7.3: [sender]_write_key = HKDF-Expand-Label(Secret, "key", "", key_length).
        this.key = new SecretKeySpec(Hkdf.expandLabel(suite.hash(), trafficSecret, "key", new byte[0],
                suite.keyLength()), suite.keyAlgorithm());
        // TLS 1.3 spec §7.3: [sender]_write_iv = HKDF-Expand-Label(Secret, "iv", "", iv_length).
        this.iv = Hkdf.expandLabel(suite.hash(), trafficSecret, "iv", new byte[0], CipherSuite.IV_LENGTH);
    }

    /** A TLSCiphertext record (opaque_type 23) protecting {@code content} of {@code contentType}. */
    byte[] seal(int contentType, byte[] content) {
        if (content.length > MAX_PLAINTEXT) {
            throw new IllegalArgumentException("record content too long: " + content.length);
        }
        // TLS 1.3 spec §5.2: TLSInnerPlaintext = content || ContentType || zeros (no padding here).
        byte[] inner = Arrays.copyOf(content, content.length + 1);
        inner[content.length] = (byte) contentType;
        int length = inner.length + CipherSuite.TAG_LENGTH;
        byte[] header = header(CONTENT_APPLICATION_DATA, length);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, header, inner);
        byte[] record = Arrays.copyOf(header, HEADER_LENGTH + sealed.length);
        System.arraycopy(sealed, 0, record, HEADER_LENGTH, sealed.length);
        return record;
    }

    /**
     * Decrypts a whole TLSCiphertext record (header included).
     *
     * @throws AssertionError if authentication fails or the inner plaintext has no content type
     */
    Opened open(byte[] record) {
        byte[] header = Arrays.copyOf(record, HEADER_LENGTH);
        byte[] inner = crypt(Cipher.DECRYPT_MODE, header, Arrays.copyOfRange(record, HEADER_LENGTH, record.length));
        // TLS 1.3 spec §5.4: the content type is the last non-zero byte; padding zeros follow it.
        int end = inner.length - 1;
        while (end >= 0 && inner[end] == 0) {
            end--;
        }
        if (end < 0) {
            throw new AssertionError("record inner plaintext has no content type");
        }
        return new Opened(inner[end] & 0xff, Arrays.copyOf(inner, end));
    }

    static byte[] header(int contentType, int length) {
        return new byte[] {(byte) contentType, 0x03, 0x03, (byte) (length >>> 8), (byte) length};
    }

    private byte[] crypt(int mode, byte[] additionalData, byte[] input) {
        // TLS 1.3 spec §5.3: nonce = iv XOR the 64-bit sequence number, left-padded to iv_length.
        byte[] nonce = iv.clone();
        for (int i = 0; i < 8; i++) {
            nonce[nonce.length - 1 - i] ^= (byte) (sequenceNumber >>> (8 * i));
        }
        sequenceNumber++;
        try {
            Cipher cipher = Cipher.getInstance(suite.aeadTransformation());
            AlgorithmParameterSpec parameters = suite == CipherSuite.TLS_CHACHA20_POLY1305_SHA256
                    ? new IvParameterSpec(nonce) : new GCMParameterSpec(CipherSuite.TAG_LENGTH * 8, nonce);
            cipher.init(mode, key, parameters);
            // TLS 1.3 spec §5.2: additional_data = the record header (type, version, length).
            cipher.updateAAD(additionalData);
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("record " + (mode == Cipher.ENCRYPT_MODE ? "encryption" : "decryption")
                    + " failed (sequence " + (sequenceNumber - 1) + ", " + suite + ")", e);
        }
    }
}
