package dev.jquic.core.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes header protection masks (RFC 9001 §5.4) with one cached {@link Cipher}.
 *
 * <p>AES (§5.4.3): the cipher is initialised once in ECB mode; each mask costs one
 * {@code doFinal} into a preallocated array. ChaCha20 (§5.4.4): the counter and nonce come
 * from the sample, so each mask re-initialises the cipher; JCA forces one
 * {@link ChaCha20ParameterSpec} per mask (it copies the nonce). The JDK refuses to
 * re-initialise ChaCha20 with the key and nonce of the previous initialisation in any mode,
 * which a duplicated packet would trigger; that case goes through an initialisation with a
 * different nonce first.
 *
 * <p>Not thread-safe.
 */
final class HeaderProtectionCipher {
    private static final byte[] FIVE_ZEROS = new byte[5];

    private final CipherSuite.HeaderProtection algorithm;
    private final SecretKeySpec key;
    private final Cipher cipher;
    private final byte[] sample = new byte[CipherSuite.SAMPLE_LENGTH];
    private final byte[] block = new byte[CipherSuite.SAMPLE_LENGTH];
    private final byte[] nonce = new byte[12];
    private final byte[] lastNonce = new byte[12];
    private boolean initialisedWithNonce;

    HeaderProtectionCipher(CipherSuite suite, byte[] headerProtectionKey, CipherSource ciphers) {
        this.algorithm = suite.headerProtection();
        this.key = new SecretKeySpec(headerProtectionKey, algorithm.keyAlgorithm());
        try {
            this.cipher = ciphers.cipher(algorithm.transformation());
            if (algorithm == CipherSuite.HeaderProtection.AES_ECB) {
                cipher.init(Cipher.ENCRYPT_MODE, key);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks " + algorithm.transformation(), e);
        }
    }

    /**
     * Writes the 5-byte mask for the 16-byte sample at absolute index {@code sampleOffset} of
     * {@code buffer} into {@code mask[0..4]}. The caller checks the bounds.
     */
    void mask(ByteBuffer buffer, int sampleOffset, byte[] mask) {
        buffer.get(sampleOffset, sample, 0, CipherSuite.SAMPLE_LENGTH);
        mask(sample, 0, mask);
    }

    /** Writes the 5-byte mask for {@code source[offset..offset+15]} into {@code mask[0..4]}. */
    void mask(byte[] source, int offset, byte[] mask) {
        try {
            if (algorithm == CipherSuite.HeaderProtection.AES_ECB) {
                cipher.doFinal(source, offset, CipherSuite.SAMPLE_LENGTH, block, 0);
                System.arraycopy(block, 0, mask, 0, 5);
            } else {
                chaCha20Mask(source, offset, mask);
            }
        } catch (GeneralSecurityException e) {
            // Unreachable: the key, nonce and lengths are always valid.
            throw new IllegalStateException("header protection failed", e);
        }
    }

    private void chaCha20Mask(byte[] source, int offset, byte[] mask) throws GeneralSecurityException {
        // RFC 9001 §5.4.4: counter = sample[0..3] little-endian, nonce = sample[4..15].
        int counter = (source[offset] & 0xff)
                | (source[offset + 1] & 0xff) << 8
                | (source[offset + 2] & 0xff) << 16
                | (source[offset + 3] & 0xff) << 24;
        System.arraycopy(source, offset + 4, nonce, 0, 12);
        if (initialisedWithNonce && Arrays.equals(nonce, lastNonce)) {
            // The JDK rejects a repeated key and nonce; step through another nonce first.
            lastNonce[0] ^= 1;
            cipher.init(Cipher.ENCRYPT_MODE, key, new ChaCha20ParameterSpec(lastNonce, 0));
        }
        cipher.init(Cipher.ENCRYPT_MODE, key, new ChaCha20ParameterSpec(nonce, counter));
        System.arraycopy(nonce, 0, lastNonce, 0, 12);
        initialisedWithNonce = true;
        // Encrypting five zero bytes yields the first five keystream bytes.
        cipher.doFinal(FIVE_ZEROS, 0, 5, mask, 0);
    }
}
