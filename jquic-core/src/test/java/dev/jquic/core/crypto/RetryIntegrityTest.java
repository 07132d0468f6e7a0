package dev.jquic.core.crypto;

import static dev.jquic.core.testvectors.RfcVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.testvectors.RfcVectors;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** RFC 9001 Appendix A.4 and RFC 9369 Appendix A.4. */
class RetryIntegrityTest {
    private static final ConnectionId ORIGINAL_DCID = ConnectionId.ofHex("8394c8f03e515708");

    @Test
    void retryTagOfRfc9001AppendixA4() {
        checkVector(Version.V1, hex(RfcVectors.V1.RETRY));
    }

    @Test
    void retryTagOfRfc9369AppendixA4() {
        checkVector(Version.V2, hex(RfcVectors.V2.RETRY));
    }

    private static void checkVector(Version version, byte[] retry) {
        RetryIntegrity integrity = RetryIntegrity.forVersion(version);
        for (ByteBuffer buffer : new ByteBuffer[] {ByteBuffer.allocate(retry.length + 4),
                ByteBuffer.allocateDirect(retry.length + 4)}) {
            // The fixed nonce is used again and again: every computation must still succeed.
            for (int round = 0; round < 3; round++) {
                buffer.put(2, retry, 0, retry.length - RetryIntegrity.TAG_LENGTH);
                int end = integrity.writeTag(ORIGINAL_DCID, buffer, 2, 2 + retry.length - RetryIntegrity.TAG_LENGTH);
                assertEquals(2 + retry.length, end);
                byte[] written = new byte[retry.length];
                buffer.get(2, written);
                assertArrayEquals(retry, written);
                assertTrue(integrity.verify(ORIGINAL_DCID, buffer, 2, end));
                assertTrue(integrity.verify(ORIGINAL_DCID, ByteBuffer.wrap(retry), 0, retry.length));
            }
        }
    }

    @Test
    void tamperedRetryPacketsFailVerification() {
        byte[] retry = hex(RfcVectors.V1.RETRY);
        RetryIntegrity integrity = RetryIntegrity.forVersion(Version.V1);
        for (int index = 0; index < retry.length; index++) {
            byte[] tampered = retry.clone();
            tampered[index] ^= 0x40;
            assertFalse(integrity.verify(ORIGINAL_DCID, ByteBuffer.wrap(tampered), 0, tampered.length), "byte " + index);
        }
        assertFalse(integrity.verify(ConnectionId.ofHex("8394c8f03e515709"), ByteBuffer.wrap(retry), 0, retry.length));
        assertFalse(RetryIntegrity.forVersion(Version.V2).verify(ORIGINAL_DCID, ByteBuffer.wrap(retry), 0, retry.length));
        assertTrue(integrity.verify(ORIGINAL_DCID, ByteBuffer.wrap(retry), 0, retry.length));
    }

    @Test
    void truncatedOrOutOfRangeRetryPacketsFailWithoutException() {
        byte[] retry = hex(RfcVectors.V2.RETRY);
        RetryIntegrity integrity = RetryIntegrity.forVersion(Version.V2);
        for (int length = 0; length < retry.length; length++) {
            assertFalse(integrity.verify(ORIGINAL_DCID, ByteBuffer.wrap(retry, 0, length), 0, length));
            assertFalse(integrity.verify(ORIGINAL_DCID, ByteBuffer.wrap(retry), 0, length));
        }
        assertFalse(integrity.verify(ORIGINAL_DCID, ByteBuffer.wrap(retry), -1, retry.length));
        assertFalse(integrity.verify(ORIGINAL_DCID, ByteBuffer.wrap(retry), 0, retry.length + 1));
        assertFalse(integrity.verify(ORIGINAL_DCID, ByteBuffer.wrap(retry), 10, 5));
        assertFalse(integrity.verify(ORIGINAL_DCID, ByteBuffer.wrap(retry), Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    @Test
    void writeTagNeedsRoomAndAKnownVersion() {
        RetryIntegrity integrity = RetryIntegrity.forVersion(Version.V1);
        assertThrows(IllegalArgumentException.class, () -> integrity.writeTag(ORIGINAL_DCID, ByteBuffer.allocate(20), 0, 5));
        assertEquals(21, integrity.writeTag(ORIGINAL_DCID, ByteBuffer.allocate(21), 0, 5));
        assertThrows(IllegalArgumentException.class, () -> RetryIntegrity.forVersion(Version.of(7)));
    }
}
