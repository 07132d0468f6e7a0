package dev.jquic.core.stream;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.frame.StreamFrame;
import dev.jquic.core.types.RangeSet;
import java.nio.ByteBuffer;

/**
 * One stream's incoming data (RFC 9000 §2.2, §3.2): STREAM frames may arrive out of order,
 * overlapping or duplicated; the bytes are copied out of the packet into pages and handed to the
 * reader in order. Enforces the stream's flow-control limit (§4.1, FLOW_CONTROL_ERROR) through
 * its {@link ReceiveWindow} and the final-size rules of §4.5 (FINAL_SIZE_ERROR). Nothing beyond the
 * advertised limit is ever stored, so memory is bounded by the window.
 *
 * <p>Connection-level accounting is the caller's: every {@code receive}/{@code reset} returns how
 * far the stream's highest received offset advanced, to charge with
 * {@link ReceiveWindow#receiveMore}; every {@link #read} count is consumed there too. After
 * {@link #discard()} (the application stopped reading, or the stream was reset) the returned
 * unread bytes, and any later advance, are released at the connection level as consumed.
 *
 * <p>Not thread-safe: confined to the connection's owner thread.
 */
public final class ReceiveAssembler {
    /** Default page size for copied stream data. */
    public static final int DEFAULT_PAGE_SIZE = 16 * 1024;

    private final ReceiveWindow window;
    private final PagedBytes pages;
    /** Received ranges at or above {@link #readOffset}. */
    private final RangeSet received;
    private long readOffset;
    private long finalSize = -1;
    private boolean discarding;

    /**
     * @param window    the stream's receive window (MAX_STREAM_DATA)
     * @param maxRanges cap on disjoint received ranges; more fragmentation than this closes the
     *                  connection (RFC 9000 §21.10, reassembly attacks)
     */
    public ReceiveAssembler(ReceiveWindow window, int maxRanges) {
        this(window, maxRanges, DEFAULT_PAGE_SIZE);
    }

    public ReceiveAssembler(ReceiveWindow window, int maxRanges, int pageSize) {
        if (pageSize < 1 || window.maxWindow() / pageSize >= Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("page size " + pageSize + " too small for window " + window.maxWindow());
        }
        this.window = window;
        this.received = new RangeSet(maxRanges);
        this.pages = new PagedBytes(pageSize);
    }

    public ReceiveWindow window() {
        return window;
    }

    /**
     * Whether every byte of {@code [offset, end)} arrived before (or was read) and, for a frame
     * with {@code fin}, the final size is already known: a frame like that is a retransmission
     * of data we hold, which tells that our acknowledgment of it was lost.
     */
    public boolean holdsAll(long offset, long end, boolean fin) {
        if (end <= offset && !fin) {
            return false; // nothing to repeat (an empty frame opening a stream)
        }
        if (fin && finalSize < 0) {
            return false;
        }
        long start = Math.max(offset, readOffset);
        return start >= end || received.containsAll(start, end);
    }

    /** Takes a STREAM frame's data; see {@link #receive(long, ByteBuffer, boolean)}. */
    public long receive(StreamFrame frame) throws QuicProtocolException {
        return receive(frame.offset(), frame.data(), frame.fin());
    }

    /**
     * Takes {@code data} (its remaining bytes; the buffer is not modified) at {@code offset}.
     *
     * @return how far the highest received offset advanced (to charge at the connection level)
     * @throws QuicProtocolException FINAL_SIZE_ERROR or FLOW_CONTROL_ERROR, or PROTOCOL_VIOLATION
     *                               when the data is fragmented into more ranges than the cap
     */
    public long receive(long offset, ByteBuffer data, boolean fin) throws QuicProtocolException {
        long end = offset + data.remaining();
        checkFinalSize(end, fin);
        long advance = window.receiveUpTo(end);
        if (fin) {
            finalSize = end;
        }
        if (discarding) {
            releaseDiscarded();
            return advance;
        }
        long start = Math.max(offset, readOffset);
        if (start < end) {
            // RFC 9000 §21.10: bound the bookkeeping a fragmenting peer can make us commit.
            if (!received.add(start, end)) {
                throw new QuicProtocolException(TransportError.PROTOCOL_VIOLATION,
                        "stream data fragmented into more than " + received.maxRanges() + " ranges");
            }
            // Moves data's position and puts it back (no duplicate view: one object per packet).
            int position = data.position();
            data.position(position + (int) (start - offset));
            try {
                pages.write(start, data);
            } finally {
                data.position(position);
            }
        }
        return advance;
    }

    /**
     * Applies a RESET_STREAM's final size (RFC 9000 §4.5, §19.4). The caller then usually calls
     * {@link #discard()}.
     *
     * @return how far the highest received offset advanced (to charge at the connection level)
     * @throws QuicProtocolException FINAL_SIZE_ERROR or FLOW_CONTROL_ERROR
     */
    public long reset(long resetFinalSize) throws QuicProtocolException {
        checkFinalSize(resetFinalSize, true);
        long advance = window.receiveUpTo(resetFinalSize);
        finalSize = resetFinalSize;
        if (discarding) {
            releaseDiscarded();
        }
        return advance;
    }

    /**
     * Copies in-order bytes into {@code destination}.
     *
     * @return bytes copied (0 if none are ready), or -1 once every byte up to the final size has been read
     */
    public int read(ByteBuffer destination) {
        if (discarding) {
            return finalSize >= 0 ? -1 : 0;
        }
        long ready = readableBytes();
        if (ready == 0) {
            return finalSize >= 0 && readOffset == finalSize ? -1 : 0;
        }
        int length = (int) Math.min(ready, destination.remaining());
        if (length == 0) {
            return 0;
        }
        pages.read(readOffset, destination, length);
        readOffset += length;
        received.removeBelow(readOffset);
        if (readOffset == finalSize) {
            pages.releaseAll(readOffset);
        } else {
            pages.releaseBelow(readOffset);
        }
        if (received.isEmpty() && readOffset < pages.pageSize()) {
            // A stream that has carried less than one page keeps no page while it waits for
            // more: an idle open stream would otherwise pin a mostly empty page.
            pages.freeAll(readOffset);
        }
        window.consume(length);
        return length;
    }

    /** Bytes that {@link #read} can deliver now. */
    public long readableBytes() {
        if (discarding || received.isEmpty() || received.rangeStart(0) != readOffset) {
            return 0;
        }
        return received.rangeEnd(0) - readOffset;
    }

    /**
     * Stops buffering: the application will not read more (STOP_SENDING) or the stream was reset.
     *
     * @return bytes received but never read, to release at the connection level as consumed
     */
    public long discard() {
        if (discarding) {
            return 0;
        }
        discarding = true;
        received.clear();
        long released = window.highestReceived() - readOffset;
        releaseDiscarded();
        return released;
    }

    /** Whether {@link #discard()} was called: later advances are released at once. */
    public boolean isDiscarding() {
        return discarding;
    }

    /** RFC 9000 §3.2 "Data Recvd": the final size is known and every byte below it arrived. */
    public boolean isAllDataReceived() {
        if (finalSize < 0 || discarding) {
            return false;
        }
        return readOffset == finalSize
                || (!received.isEmpty() && received.rangeStart(0) == readOffset && received.rangeEnd(0) == finalSize);
    }

    /** RFC 9000 §3.2 "Data Read": every byte up to the final size was read. */
    public boolean isAllDataRead() {
        return !discarding && finalSize >= 0 && readOffset == finalSize;
    }

    /** The final size, or -1 while unknown. */
    public long finalSize() {
        return finalSize;
    }

    /** Offset of the next byte {@link #read} delivers. */
    public long readOffset() {
        return readOffset;
    }

    /**
     * Frees the pages of an assembler that holds no unread byte, the spare ones kept for reuse
     * too, so that a receive side idle for long costs no page; later data allocates again. Does
     * nothing while unread bytes are held.
     */
    public void releaseMemoryIfEmpty() {
        if (received.isEmpty()) {
            pages.freeAll(readOffset);
        }
    }

    /** Pages held, spare ones included (for memory accounting and tests). */
    public int heldPages() {
        return pages.allocatedPages() + pages.sparePages();
    }

    /** Pages of copied data currently held (for memory accounting and tests). */
    int allocatedPages() {
        return pages.allocatedPages();
    }

    private void checkFinalSize(long end, boolean fin) throws QuicProtocolException {
        if (finalSize >= 0) {
            // RFC 9000 §4.5: data at or beyond the final size MUST be treated as FINAL_SIZE_ERROR.
            if (end > finalSize) {
                throw new QuicProtocolException(TransportError.FINAL_SIZE_ERROR,
                        "data up to " + end + " beyond final size " + finalSize);
            }
            // RFC 9000 §4.5: a change of the final size MUST be treated as FINAL_SIZE_ERROR.
            if (fin && end != finalSize) {
                throw new QuicProtocolException(TransportError.FINAL_SIZE_ERROR,
                        "final size changed from " + finalSize + " to " + end);
            }
        } else if (fin && end < window.highestReceived()) {
            // RFC 9000 §4.5: a final size below data already received MUST be treated as FINAL_SIZE_ERROR.
            throw new QuicProtocolException(TransportError.FINAL_SIZE_ERROR,
                    "final size " + end + " below received offset " + window.highestReceived());
        }
    }

    private void releaseDiscarded() {
        long highest = window.highestReceived();
        if (highest > readOffset) {
            window.consume(highest - readOffset);
            readOffset = highest;
        }
        pages.releaseAll(readOffset);
    }
}
