package dev.jquic.core.crypto;

/**
 * A deliberately plain ChaCha20 block function (RFC 8439 §2.3), independent of the JDK, to
 * check the header protection mask for every counter value including those with the top bit
 * set (RFC 9001 §5.4.4).
 */
final class ReferenceChaCha20 {
    private ReferenceChaCha20() {
    }

    static byte[] firstFiveKeystreamBytes(byte[] key, byte[] sample) {
        int[] state = new int[16];
        state[0] = 0x61707865;
        state[1] = 0x3320646e;
        state[2] = 0x79622d32;
        state[3] = 0x6b206574;
        for (int i = 0; i < 8; i++) {
            state[4 + i] = littleEndian(key, 4 * i);
        }
        state[12] = littleEndian(sample, 0);
        state[13] = littleEndian(sample, 4);
        state[14] = littleEndian(sample, 8);
        state[15] = littleEndian(sample, 12);
        int[] working = state.clone();
        for (int round = 0; round < 10; round++) {
            quarterRound(working, 0, 4, 8, 12);
            quarterRound(working, 1, 5, 9, 13);
            quarterRound(working, 2, 6, 10, 14);
            quarterRound(working, 3, 7, 11, 15);
            quarterRound(working, 0, 5, 10, 15);
            quarterRound(working, 1, 6, 11, 12);
            quarterRound(working, 2, 7, 8, 13);
            quarterRound(working, 3, 4, 9, 14);
        }
        int word0 = working[0] + state[0];
        int word1 = working[1] + state[1];
        return new byte[] {(byte) word0, (byte) (word0 >>> 8), (byte) (word0 >>> 16), (byte) (word0 >>> 24), (byte) word1};
    }

    private static int littleEndian(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) | (bytes[offset + 1] & 0xff) << 8 | (bytes[offset + 2] & 0xff) << 16
                | (bytes[offset + 3] & 0xff) << 24;
    }

    private static void quarterRound(int[] x, int a, int b, int c, int d) {
        x[a] += x[b];
        x[d] = Integer.rotateLeft(x[d] ^ x[a], 16);
        x[c] += x[d];
        x[b] = Integer.rotateLeft(x[b] ^ x[c], 12);
        x[a] += x[b];
        x[d] = Integer.rotateLeft(x[d] ^ x[a], 8);
        x[c] += x[d];
        x[b] = Integer.rotateLeft(x[b] ^ x[c], 7);
    }
}
