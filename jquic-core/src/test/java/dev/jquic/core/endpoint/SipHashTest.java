package dev.jquic.core.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** SipHash-2-4 against the reference vectors (paper appendix A and the reference vectors.h). */
class SipHashTest {
    private static final long K0 = 0x0706050403020100L;
    private static final long K1 = 0x0f0e0d0c0b0a0908L;

    private static byte[] message(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    @Test
    void paperAppendixExampleFifteenBytes() {
        assertEquals(0xa129ca6149be45e5L, SipHash.hash(K0, K1, message(15), 0, 15));
    }

    @Test
    void referenceVectorsShortMessages() {
        assertEquals(0x726fdb47dd0e0e31L, SipHash.hash(K0, K1, message(0), 0, 0));
        assertEquals(0x74f839c593dc67fdL, SipHash.hash(K0, K1, message(1), 0, 1));
        assertEquals(0x0d6c8009d9a94f5aL, SipHash.hash(K0, K1, message(2), 0, 2));
    }

    @Test
    void offsetIsRespectedAndKeyMatters() {
        byte[] padded = new byte[20];
        System.arraycopy(message(15), 0, padded, 3, 15);
        assertEquals(0xa129ca6149be45e5L, SipHash.hash(K0, K1, padded, 3, 15));
        assertNotEquals(0xa129ca6149be45e5L, SipHash.hash(K0 + 1, K1, message(15), 0, 15));
    }
}
