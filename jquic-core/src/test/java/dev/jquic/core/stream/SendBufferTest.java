package dev.jquic.core.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** SendBuffer: backpressure, chunking, ack and loss patterns, FIN (RFC 9000 §2.2, §3.1, §13.3). */
class SendBufferTest {

    static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 7 + 3);
        }
        return bytes;
    }

    static byte[] bytesOf(StreamChunk chunk) {
        byte[] bytes = new byte[chunk.length()];
        chunk.data().duplicate().get(bytes);
        return bytes;
    }

    static void assertChunk(StreamChunk chunk, long offset, int length, boolean fin, boolean retransmission) {
        assertEquals(offset, chunk.offset(), "offset");
        assertEquals(length, chunk.length(), "length");
        assertEquals(fin, chunk.fin(), "fin");
        assertEquals(retransmission, chunk.retransmission(), "retransmission");
    }

    private static SendBuffer bufferWith(int length) {
        SendBuffer buffer = new SendBuffer(1 << 20, 64, 64);
        assertEquals(length, buffer.write(ByteBuffer.wrap(pattern(length))));
        return buffer;
    }

    @Test
    void writesStopAtTheBufferLimitAndResumeOnceAcked() {
        SendBuffer buffer = new SendBuffer(100, 16, 32);
        ByteBuffer source = ByteBuffer.wrap(pattern(150));
        assertEquals(100, buffer.write(source));
        assertEquals(100, source.position());
        assertEquals(0, buffer.writableBytes());
        assertEquals(0, buffer.write(source));
        StreamChunk chunk = buffer.nextChunk(50, Long.MAX_VALUE);
        assertChunk(chunk, 0, 32, false, false); // stops at the 32-byte page boundary
        buffer.onAcked(0, 32, false);
        assertEquals(32, buffer.writableBytes());
        assertEquals(32, buffer.write(source));
        assertEquals(100, buffer.bufferedBytes());
    }

    @Test
    void chunksCarryTheWrittenBytesWithoutCopying() {
        SendBuffer buffer = bufferWith(100);
        StreamChunk first = buffer.nextChunk(40, Long.MAX_VALUE);
        assertChunk(first, 0, 40, false, false);
        assertTrue(first.data().isReadOnly());
        StreamChunk second = buffer.nextChunk(40, Long.MAX_VALUE);
        assertChunk(second, 40, 24, false, false); // page of 64 bytes ends at 64
        byte[] expected = pattern(100);
        assertArrayEquals(java.util.Arrays.copyOfRange(expected, 40, 64), bytesOf(second));
    }

    @Test
    void flowControlLimitsNewData() {
        SendBuffer buffer = bufferWith(50);
        assertChunk(buffer.nextChunk(100, 20), 0, 20, false, false);
        assertNull(buffer.nextChunk(100, 20));
        assertTrue(buffer.isBlockedBy(20));
        assertFalse(buffer.hasDataToSend(20));
        assertTrue(buffer.hasDataToSend(30));
        assertChunk(buffer.nextChunk(100, 30), 20, 10, false, false);
        assertEquals(30, buffer.sendOffset());
    }

    @Test
    void onlyLostRangesAreResentBeforeNewData() {
        SendBuffer buffer = bufferWith(60);
        buffer.nextChunk(10, Long.MAX_VALUE); // 0..10
        buffer.nextChunk(10, Long.MAX_VALUE); // 10..20
        buffer.nextChunk(10, Long.MAX_VALUE); // 20..30
        buffer.onAcked(0, 10, false);
        buffer.onLost(10, 10, false);
        buffer.onAcked(20, 10, false);
        StreamChunk resent = buffer.nextChunk(100, Long.MAX_VALUE);
        assertChunk(resent, 10, 10, false, true);
        assertArrayEquals(java.util.Arrays.copyOfRange(pattern(60), 10, 20), bytesOf(resent));
        assertChunk(buffer.nextChunk(100, Long.MAX_VALUE), 30, 30, false, false);
        assertNull(buffer.nextChunk(100, Long.MAX_VALUE));
    }

    @Test
    void lostRangePartlyAckedElsewhereResendsOnlyTheUnackedParts() {
        SendBuffer buffer = bufferWith(30);
        buffer.nextChunk(30, Long.MAX_VALUE); // 0..30 in one packet
        buffer.onAcked(10, 10, false);        // 10..20 acked through some other packet
        buffer.onLost(0, 30, false);
        assertChunk(buffer.nextChunk(100, Long.MAX_VALUE), 0, 10, false, true);
        assertChunk(buffer.nextChunk(100, Long.MAX_VALUE), 20, 10, false, true);
        assertNull(buffer.nextChunk(100, Long.MAX_VALUE));
    }

    @Test
    void spuriouslyLostDataAckedLaterIsNotResent() {
        SendBuffer buffer = bufferWith(20);
        buffer.nextChunk(20, Long.MAX_VALUE);
        buffer.onLost(0, 20, false);
        buffer.onAcked(0, 20, false);
        assertNull(buffer.nextChunk(100, Long.MAX_VALUE));
        assertEquals(20, buffer.ackedOffset());
    }

    @Test
    void lostRetransmissionIsResentAgainInPieces() {
        SendBuffer buffer = bufferWith(30);
        buffer.nextChunk(30, Long.MAX_VALUE);
        buffer.onLost(0, 30, false);
        assertChunk(buffer.nextChunk(12, Long.MAX_VALUE), 0, 12, false, true);
        assertChunk(buffer.nextChunk(12, Long.MAX_VALUE), 12, 12, false, true);
        buffer.onLost(0, 12, false);
        assertChunk(buffer.nextChunk(100, Long.MAX_VALUE), 0, 12, false, true);
        assertChunk(buffer.nextChunk(100, Long.MAX_VALUE), 24, 6, false, true);
    }

    @Test
    void finRidesOnTheLastChunkAndIsResentWhenLost() {
        SendBuffer buffer = bufferWith(20);
        buffer.finish();
        assertEquals(20, buffer.finalSize());
        assertEquals(0, buffer.writableBytes());
        assertThrows(IllegalStateException.class, () -> buffer.write(ByteBuffer.allocate(1)));
        assertChunk(buffer.nextChunk(10, Long.MAX_VALUE), 0, 10, false, false);
        assertChunk(buffer.nextChunk(10, Long.MAX_VALUE), 10, 10, true, false);
        assertNull(buffer.nextChunk(10, Long.MAX_VALUE));
        buffer.onAcked(0, 10, false);
        buffer.onLost(10, 10, true);
        assertChunk(buffer.nextChunk(10, Long.MAX_VALUE), 10, 10, true, true);
        assertFalse(buffer.isAllDataAcked());
        buffer.onAcked(10, 10, true);
        assertTrue(buffer.isAllDataAcked());
        assertEquals(0, buffer.bufferedBytes());
    }

    @Test
    void finAfterAllDataSentGoesAloneAndIsResentAloneWhenLost() {
        SendBuffer buffer = bufferWith(10);
        assertChunk(buffer.nextChunk(100, Long.MAX_VALUE), 0, 10, false, false);
        buffer.finish();
        StreamChunk fin = buffer.nextChunk(0, Long.MAX_VALUE);
        assertChunk(fin, 10, 0, true, false);
        buffer.onAcked(0, 10, false);
        buffer.onLost(10, 0, true);
        assertChunk(buffer.nextChunk(100, Long.MAX_VALUE), 10, 0, true, false);
        buffer.onAcked(10, 0, true);
        assertTrue(buffer.isAllDataAcked());
    }

    @Test
    void emptyStreamSendsABareFinAtOffsetZero() {
        SendBuffer buffer = new SendBuffer(100, 8);
        assertFalse(buffer.hasDataToSend(Long.MAX_VALUE));
        buffer.finish();
        assertTrue(buffer.hasDataToSend(0));
        assertChunk(buffer.nextChunk(100, 0), 0, 0, true, false);
        assertFalse(buffer.isAllDataAcked());
        buffer.onAcked(0, 0, true);
        assertTrue(buffer.isAllDataAcked());
    }

    @Test
    void dataAckedButFinNotAckedIsNotDone() {
        SendBuffer buffer = bufferWith(10);
        buffer.finish();
        buffer.nextChunk(5, Long.MAX_VALUE);
        buffer.nextChunk(5, Long.MAX_VALUE); // carries FIN
        buffer.onAcked(0, 5, false);
        buffer.onLost(5, 5, true);
        buffer.onAcked(5, 5, false); // a copy without FIN? the FIN is still owed
        assertFalse(buffer.isAllDataAcked());
        assertChunk(buffer.nextChunk(10, Long.MAX_VALUE), 10, 0, true, false);
    }

    /** 100 bytes sent as ten 10-byte chunks, none acknowledged yet. */
    private static SendBuffer tenChunksInFlight(int maxTrackedRanges) {
        SendBuffer buffer = new SendBuffer(1000, maxTrackedRanges, 1000);
        buffer.write(ByteBuffer.wrap(pattern(100)));
        for (int i = 0; i < 10; i++) {
            buffer.nextChunk(10, Long.MAX_VALUE);
        }
        return buffer;
    }

    @Test
    void overflowingTheAckedRangeCapFallsBackToResending() {
        SendBuffer buffer = tenChunksInFlight(2);
        buffer.onAcked(10, 10, false);
        buffer.onAcked(30, 10, false);
        buffer.onAcked(50, 10, false); // third out-of-order range: beyond the cap of 2
        assertChunk(buffer.nextChunk(100, Long.MAX_VALUE), 50, 10, false, true);
        buffer.onAcked(0, 10, false);
        buffer.onAcked(20, 10, false);
        buffer.onAcked(40, 10, false);
        assertEquals(50, buffer.ackedOffset());
        buffer.onAcked(50, 10, false); // the resent copy
        assertEquals(60, buffer.ackedOffset());
        assertNull(buffer.nextChunk(100, 60));
    }

    @Test
    void atTheAckedRangeCapALowerRangeDisplacesTheHighestOne() {
        SendBuffer buffer = tenChunksInFlight(1);
        buffer.onAcked(50, 10, false);
        buffer.onAcked(20, 10, false); // nearer the acknowledged prefix: kept, [50, 60) forgotten
        assertChunk(buffer.nextChunk(100, Long.MAX_VALUE), 50, 10, false, true);
        assertNull(buffer.nextChunk(100, 100), "nothing else to resend");
        buffer.onAcked(0, 10, false);
        buffer.onAcked(10, 10, false);
        assertEquals(30, buffer.ackedOffset(), "the kept range joined the prefix");
        buffer.onAcked(70, 10, false); // the only out-of-order range now
        buffer.onAcked(40, 10, false); // lower: displaces [70, 80)
        assertChunk(buffer.nextChunk(100, Long.MAX_VALUE), 70, 10, false, true);
        buffer.onAcked(30, 10, false);
        assertEquals(50, buffer.ackedOffset());
    }

    @Test
    void discardReportsTheFinalSizeForResetStream() {
        SendBuffer buffer = bufferWith(100);
        buffer.nextChunk(30, Long.MAX_VALUE);
        assertEquals(30, buffer.discard());
        assertNull(buffer.nextChunk(100, Long.MAX_VALUE));
        assertFalse(buffer.hasDataToSend(Long.MAX_VALUE));
        assertEquals(0, buffer.bufferedBytes());
        assertThrows(IllegalStateException.class, () -> buffer.write(ByteBuffer.allocate(1)));
    }
}
