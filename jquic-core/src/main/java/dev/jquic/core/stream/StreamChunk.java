package dev.jquic.core.stream;

import java.nio.ByteBuffer;

/**
 * A piece of a stream to put in a STREAM frame (RFC 9000 §19.8): {@code data} belongs at
 * {@code offset}; {@code fin} marks the end of the stream. {@code data} is a read-only view of
 * the {@link SendBuffer}'s storage, valid until the range is acknowledged; it is not a copy.
 * {@code retransmission} tells resent data (already charged to flow control) from new data.
 */
public record StreamChunk(long offset, ByteBuffer data, boolean fin, boolean retransmission) {

    /** Number of data bytes. */
    public int length() {
        return data.remaining();
    }

    /** The offset just past the data. */
    public long endOffset() {
        return offset + data.remaining();
    }
}
