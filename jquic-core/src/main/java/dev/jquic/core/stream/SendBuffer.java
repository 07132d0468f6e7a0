package dev.jquic.core.stream;

import dev.jquic.core.types.RangeSet;
import java.nio.ByteBuffer;

/**
 * One stream's outgoing data (RFC 9000 §2.2, §3.1, §13.3). The application's bytes are copied
 * into pages the buffer owns, up to a configured limit of unacknowledged bytes (so writes report
 * backpressure). The connection pulls {@link StreamChunk}s to put in STREAM frames: ranges
 * declared lost first (only those are resent), then new data within the flow-control limit it
 * passes in. Acknowledged data is freed once it is contiguous from the start of the stream.
 *
 * <p>Driving it: pass {@code flowLimitOffset = min(streamCredit.limit(), sendOffset() +
 * connectionCredit.available())}; for each chunk that is not a retransmission, consume its length
 * from both {@link SendCredit}s; report each STREAM frame's fate with {@link #onAcked} or
 * {@link #onLost}; when {@link #isBlockedBy} holds, the credits say which blocked frame is due.
 *
 * <p>Chunks are views of the buffer's pages, not copies, and stop at a page boundary; a caller
 * with room left in its packet simply asks again. Not thread-safe: confined to the connection's
 * owner thread.
 */
public final class SendBuffer {
    /** Default page size: a chunk fits a typical packet without being cut too often. */
    public static final int DEFAULT_PAGE_SIZE = 16 * 1024;

    private enum FinState { NOT_SENT, IN_FLIGHT, ACKED }

    private final long bufferLimitBytes;
    private final PagedBytes pages;
    /** Ranges above {@link #ackedOffset} acknowledged out of order. */
    private final RangeSet acked;
    /** Ranges sent and declared lost, to be resent before new data. */
    private final RangeSet lost;
    private long writeOffset;
    /** Everything below this offset is acknowledged and freed. */
    private long ackedOffset;
    /** Next never-sent offset: the highest offset sent so far. */
    private long sendOffset;
    private long finalSize = -1;
    private FinState finState = FinState.NOT_SENT;
    private boolean discarded;

    /**
     * @param bufferLimitBytes maximum bytes held (written but not yet acknowledged); writes beyond it are refused
     * @param maxTrackedRanges cap on the out-of-order acknowledged ranges and on the lost ranges
     */
    public SendBuffer(long bufferLimitBytes, int maxTrackedRanges) {
        this(bufferLimitBytes, maxTrackedRanges, DEFAULT_PAGE_SIZE);
    }

    public SendBuffer(long bufferLimitBytes, int maxTrackedRanges, int pageSize) {
        if (bufferLimitBytes < 1) {
            throw new IllegalArgumentException("bufferLimitBytes must be positive: " + bufferLimitBytes);
        }
        this.bufferLimitBytes = bufferLimitBytes;
        this.pages = new PagedBytes(pageSize);
        this.acked = new RangeSet(maxTrackedRanges);
        this.lost = new RangeSet(maxTrackedRanges);
    }

    /** How many more bytes {@link #write} accepts now. */
    public long writableBytes() {
        if (finalSize >= 0 || discarded) {
            return 0;
        }
        return bufferLimitBytes - (writeOffset - ackedOffset);
    }

    /**
     * Copies as many of {@code source}'s remaining bytes as the buffer limit allows; the source's
     * position advances by that many.
     *
     * @return bytes accepted; 0 means the buffer is full (backpressure) or {@code source} was empty
     * @throws IllegalStateException after {@link #finish()} or {@link #discard()}
     */
    public int write(ByteBuffer source) {
        if (finalSize >= 0 || discarded) {
            throw new IllegalStateException("stream already finished or reset");
        }
        int length = (int) Math.min(source.remaining(), writableBytes());
        if (length <= 0) {
            return 0;
        }
        // RFC 9000 §4.5: no stream offset may exceed 2^62-1.
        if (writeOffset + length > dev.jquic.core.codec.VarInt.MAX_VALUE) {
            throw new IllegalStateException("stream offset would exceed 2^62-1");
        }
        int savedLimit = source.limit();
        source.limit(source.position() + length);
        pages.write(writeOffset, source);
        source.limit(savedLimit);
        writeOffset += length;
        return length;
    }

    /** Marks the end of the stream: the final size is every byte written so far (RFC 9000 §4.5). */
    public void finish() {
        if (discarded) {
            throw new IllegalStateException("stream was reset");
        }
        if (finalSize < 0) {
            finalSize = writeOffset;
        }
    }

    public boolean isFinished() {
        return finalSize >= 0;
    }

    /** The final size, or -1 while the application may still write. */
    public long finalSize() {
        return finalSize;
    }

    /** Offset just past the data written by the application. */
    public long writeOffset() {
        return writeOffset;
    }

    /** Offset just past the highest byte sent (counted against flow control). */
    public long sendOffset() {
        return sendOffset;
    }

    /** Everything below this offset is acknowledged. */
    public long ackedOffset() {
        return ackedOffset;
    }

    /**
     * Whether {@link #nextChunk} would return something given flow control up to
     * {@code flowLimitOffset} and a non-zero payload size.
     */
    public boolean hasDataToSend(long flowLimitOffset) {
        if (discarded) {
            return false;
        }
        return !lost.isEmpty()
                || sendOffset < Math.min(writeOffset, flowLimitOffset)
                || finOnlyPending();
    }

    /** New data waits but flow control up to {@code flowLimitOffset} stops it (STREAM_DATA_BLOCKED is due). */
    public boolean isBlockedBy(long flowLimitOffset) {
        return !discarded && writeOffset > sendOffset && sendOffset >= flowLimitOffset;
    }

    /**
     * The next chunk to send: lost data first, then new data below {@code flowLimitOffset}, then
     * a bare FIN. The returned range counts as sent (in flight) from now on.
     *
     * @param maxLength       most data bytes the frame can carry (0 allows only a bare FIN)
     * @param flowLimitOffset highest stream offset flow control allows for new data: the minimum of
     *                        the stream limit and {@code sendOffset()} plus the connection's credit
     * @return the chunk, or {@code null} when there is nothing to send
     */
    public StreamChunk nextChunk(int maxLength, long flowLimitOffset) {
        if (discarded || maxLength < 0) {
            return null;
        }
        if (!lost.isEmpty()) {
            if (maxLength == 0) {
                return null;
            }
            long start = lost.rangeStart(0);
            long end = lost.rangeEnd(0);
            ByteBuffer data = pages.slice(start, (int) Math.min(end - start, maxLength));
            long chunkEnd = start + data.remaining();
            lost.remove(start, chunkEnd); // removing a prefix never splits a range
            return new StreamChunk(start, data, takeFinIfEndsAt(chunkEnd), true);
        }
        long newDataEnd = Math.min(writeOffset, flowLimitOffset);
        if (sendOffset < newDataEnd && maxLength > 0) {
            long start = sendOffset;
            ByteBuffer data = pages.slice(start, (int) Math.min(newDataEnd - start, maxLength));
            sendOffset += data.remaining();
            return new StreamChunk(start, data, takeFinIfEndsAt(sendOffset), false);
        }
        if (finOnlyPending()) {
            finState = FinState.IN_FLIGHT;
            return new StreamChunk(finalSize, ByteBuffer.allocate(0), true, false);
        }
        return null;
    }

    /** The STREAM frame carrying {@code [offset, offset+length)} (and FIN if {@code fin}) was acknowledged. */
    public void onAcked(long offset, int length, boolean fin) {
        if (fin) {
            finState = FinState.ACKED;
        }
        long end = offset + length;
        if (discarded || end <= ackedOffset) {
            return;
        }
        long start = Math.max(offset, ackedOffset);
        // A range once declared lost may be acknowledged after all; then it need not be resent.
        lost.remove(start, end); // on overflow the range stays lost: resending it is harmless
        if (start == ackedOffset) {
            ackedOffset = end;
        } else if (!acked.add(start, end)) {
            forgetHighestAcked(start, end);
            return;
        }
        while (!acked.isEmpty() && acked.rangeStart(0) <= ackedOffset) {
            ackedOffset = Math.max(ackedOffset, acked.rangeEnd(0));
            acked.removeFirstRange();
        }
        lost.removeBelow(ackedOffset);
        pages.releaseBelow(ackedOffset);
        if (ackedOffset == writeOffset && writeOffset < pages.pageSize()) {
            // A stream that has carried less than one page (a request, a reply) keeps no page
            // while it waits: an idle open stream would otherwise pin a mostly empty page.
            pages.freeAll(ackedOffset);
        }
    }

    /** The STREAM frame carrying {@code [offset, offset+length)} (and FIN if {@code fin}) was declared lost. */
    public void onLost(long offset, int length, boolean fin) {
        if (discarded) {
            return;
        }
        if (fin && finState == FinState.IN_FLIGHT) {
            finState = FinState.NOT_SENT;
        }
        long start = Math.max(offset, ackedOffset);
        long end = offset + length;
        if (start >= end) {
            return;
        }
        markLost(start, end);
        // RFC 9000 §13.3: only data not yet acknowledged is resent.
        for (int i = 0; i < acked.rangeCount() && acked.rangeStart(i) < end; i++) {
            lost.remove(acked.rangeStart(i), acked.rangeEnd(i)); // on overflow, resending is harmless
        }
    }

    /** RFC 9000 §3.1: every byte and the FIN are acknowledged (the "Data Recvd" state). */
    public boolean isAllDataAcked() {
        return finalSize >= 0 && ackedOffset == finalSize && finState == FinState.ACKED;
    }

    /**
     * Drops all data (the stream is reset, RFC 9000 §3.1): nothing more is sent or buffered.
     *
     * @return the final size to put in RESET_STREAM: the highest offset sent (RFC 9000 §4.5)
     */
    public long discard() {
        discarded = true;
        lost.clear();
        acked.clear();
        pages.releaseAll(sendOffset);
        return sendOffset;
    }

    /**
     * Frees the pages of a buffer that holds nothing (every byte written was acknowledged), the
     * spare ones kept for reuse too, so that a buffer idle for long costs no page; later writes
     * allocate again. Does nothing while bytes are held.
     */
    public void releaseMemoryIfEmpty() {
        if (writeOffset == ackedOffset) {
            pages.freeAll(ackedOffset);
        }
    }

    /** Pages held, spare ones included (for memory accounting and tests). */
    public int heldPages() {
        return pages.allocatedPages() + pages.sparePages();
    }

    /** Bytes held (written and not yet acknowledged contiguously). */
    public long bufferedBytes() {
        return discarded ? 0 : writeOffset - ackedOffset;
    }

    /**
     * Too many out-of-order acknowledged ranges to remember: one of them is forgotten and sent
     * again rather than lose track. The highest goes, the new one or an older one; the lower ones
     * join {@link #ackedOffset} first. (Forgetting the new one instead: with a cap of one range, a
     * reordering test sample took 1.6 million rounds to deliver 2,802 bytes; this way 23,554.)
     */
    private void forgetHighestAcked(long start, long end) {
        int highest = acked.rangeCount() - 1;
        long highestStart = acked.rangeStart(highest);
        long highestEnd = acked.rangeEnd(highest);
        if (start > highestStart) {
            markLost(start, end);
            return;
        }
        acked.remove(highestStart, highestEnd); // a whole range: never splits
        acked.add(start, end); // room for one range again
        markLost(highestStart, highestEnd);
    }

    private void markLost(long start, long end) {
        if (!lost.add(start, end)) {
            // At the range cap: cover the new range and all lost ranges with one range. This may
            // resend data still in flight or acknowledged out of order, which is harmless.
            long coverStart = Math.min(start, lost.first());
            long coverEnd = Math.max(end, lost.last() + 1);
            lost.clear();
            lost.add(coverStart, coverEnd);
        }
    }

    private boolean takeFinIfEndsAt(long chunkEnd) {
        if (chunkEnd == finalSize && finState == FinState.NOT_SENT) {
            finState = FinState.IN_FLIGHT;
            return true;
        }
        return false;
    }

    private boolean finOnlyPending() {
        return finalSize >= 0 && sendOffset == finalSize && finState == FinState.NOT_SENT && lost.isEmpty();
    }
}
