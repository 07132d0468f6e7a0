package dev.jquic.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM sealing (NIST SP 800-38D) that allocates nothing per packet: the counter-mode key
 * stream comes from the JDK's AES block cipher ({@code AES/ECB/NoPadding}, initialised once, so
 * its key schedule and AES-NI stubs are kept), and GHASH is computed in plain Java with Shoup's
 * 8-bit tables (4 KiB per key).
 *
 * <p>A benchmark subject only, to measure what avoiding the JDK's per-{@code init} allocation
 * would cost (issue 7's allocation target). Not for production: the table look-ups are indexed by
 * secret-dependent bytes, so it is not constant-time, and it only seals.
 *
 * <p>Not thread-safe.
 */
public final class TableGcm {
    private static final int BLOCK = 16;
    private static final int NONCE_LENGTH = 12;
    private static final long REDUCTION = 0xE100000000000000L;
    private static final VarHandle BIG_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** Reduction of the 8 bits shifted out by a multiplication by x^8: x^128 = 1 + x + x^2 + x^7. */
    private static final long[] SHIFTED_OUT = new long[256];

    static {
        for (int dropped = 0; dropped < 256; dropped++) {
            long reduction = 0;
            for (int bit = 0; bit < 8; bit++) {
                if ((dropped & (1 << bit)) != 0) {
                    reduction ^= REDUCTION >>> (7 - bit);
                }
            }
            SHIFTED_OUT[dropped] = reduction;
        }
    }

    private final Cipher blockCipher;
    /** {@code byteTimesH[b]} = b(x)·H, b's most significant bit standing for x^0 (GCM bit order). */
    private final long[] byteTimesHHigh = new long[256];
    private final long[] byteTimesHLow = new long[256];
    private final byte[] counterBlocks;
    private final byte[] keyStream;
    private long hashHigh;
    private long hashLow;

    /**
     * @param key an AES key of 16 or 32 bytes
     * @param maxPlaintext the largest plaintext {@link #seal} will be given
     */
    public TableGcm(byte[] key, int maxPlaintext) {
        try {
            blockCipher = Cipher.getInstance("AES/ECB/NoPadding");
            blockCipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            byte[] h = blockCipher.doFinal(new byte[BLOCK]);
            precompute(longAt(h, 0), longAt(h, 8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
        int blocks = 1 + (maxPlaintext + BLOCK - 1) / BLOCK;
        counterBlocks = new byte[blocks * BLOCK];
        keyStream = new byte[blocks * BLOCK];
    }

    private void precompute(long hHigh, long hLow) {
        long[] powersHigh = new long[8];
        long[] powersLow = new long[8];
        long high = hHigh;
        long low = hLow;
        for (int power = 0; power < 8; power++) {
            powersHigh[power] = high;
            powersLow[power] = low;
            boolean carry = (low & 1) != 0;
            low = (low >>> 1) | (high << 63);
            high = (high >>> 1) ^ (carry ? REDUCTION : 0);
        }
        for (int b = 0; b < 256; b++) {
            long productHigh = 0;
            long productLow = 0;
            for (int power = 0; power < 8; power++) {
                if ((b & (0x80 >>> power)) != 0) {
                    productHigh ^= powersHigh[power];
                    productLow ^= powersLow[power];
                }
            }
            byteTimesHHigh[b] = productHigh;
            byteTimesHLow[b] = productLow;
        }
    }

    /**
     * Encrypts {@code data[offset, offset + length)} in place with the 12-byte {@code nonce} and
     * {@code data[aadOffset, aadOffset + aadLength)} as associated data, and writes the 16-byte
     * tag at {@code offset + length}.
     *
     * @return {@code offset + length + 16}
     */
    public int seal(byte[] nonce, byte[] data, int aadOffset, int aadLength, int offset, int length)
            throws GeneralSecurityException {
        int blocks = 1 + (length + BLOCK - 1) / BLOCK;
        if (nonce.length != NONCE_LENGTH || blocks * BLOCK > counterBlocks.length) {
            throw new IllegalArgumentException("nonce must be 12 bytes and the plaintext within the maximum");
        }
        // SP 800-38D §7.1: J0 = nonce || 0^31 || 1; block i of the key stream is E(inc32^i(J0)).
        for (int block = 0; block < blocks; block++) {
            int at = block * BLOCK;
            System.arraycopy(nonce, 0, counterBlocks, at, NONCE_LENGTH);
            int counter = block + 1;
            counterBlocks[at + 12] = (byte) (counter >>> 24);
            counterBlocks[at + 13] = (byte) (counter >>> 16);
            counterBlocks[at + 14] = (byte) (counter >>> 8);
            counterBlocks[at + 15] = (byte) counter;
        }
        blockCipher.update(counterBlocks, 0, blocks * BLOCK, keyStream, 0);
        for (int i = 0; i < length; i++) {
            data[offset + i] ^= keyStream[BLOCK + i];
        }
        hashHigh = 0;
        hashLow = 0;
        absorb(data, aadOffset, aadLength);
        absorb(data, offset, length);
        multiplyByH(hashHigh ^ (aadLength * 8L), hashLow ^ (length * 8L));
        int tagAt = offset + length;
        BIG_ENDIAN_LONG.set(data, tagAt, hashHigh ^ longAt(keyStream, 0));
        BIG_ENDIAN_LONG.set(data, tagAt + 8, hashLow ^ longAt(keyStream, 8));
        return tagAt + BLOCK;
    }

    /** GHASH over {@code bytes}, the last block zero-padded. */
    private void absorb(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int at = offset;
        for (; at + BLOCK <= end; at += BLOCK) {
            multiplyByH(hashHigh ^ longAt(bytes, at), hashLow ^ longAt(bytes, at + 8));
        }
        if (at < end) {
            long high = 0;
            long low = 0;
            for (int i = 0; i < end - at; i++) {
                long value = bytes[at + i] & 0xffL;
                if (i < 8) {
                    high |= value << (56 - 8 * i);
                } else {
                    low |= value << (56 - 8 * (i - 8));
                }
            }
            multiplyByH(hashHigh ^ high, hashLow ^ low);
        }
    }

    /** Sets the hash state to X·H, Horner's rule over X's bytes from the last (x^120..x^127) down. */
    private void multiplyByH(long xHigh, long xLow) {
        long zHigh = 0;
        long zLow = 0;
        long[] timesHHigh = byteTimesHHigh;
        long[] timesHLow = byteTimesHLow;
        for (int half = 0; half < 2; half++) {
            long x = half == 0 ? xLow : xHigh;
            for (int i = 0; i < 8; i++) {
                int b = (int) (x >>> (8 * i)) & 0xff;
                int dropped = (int) zLow & 0xff;
                zLow = ((zLow >>> 8) | (zHigh << 56)) ^ timesHLow[b];
                zHigh = (zHigh >>> 8) ^ SHIFTED_OUT[dropped] ^ timesHHigh[b];
            }
        }
        hashHigh = zHigh;
        hashLow = zLow;
    }

    private static long longAt(byte[] bytes, int offset) {
        return (long) BIG_ENDIAN_LONG.get(bytes, offset);
    }
}
