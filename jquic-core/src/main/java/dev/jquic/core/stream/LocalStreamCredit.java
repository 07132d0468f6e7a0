package dev.jquic.core.stream;

import dev.jquic.core.frame.StreamDirection;
import dev.jquic.core.types.EndpointRole;
import dev.jquic.core.types.StreamId;

/**
 * MAX_STREAMS credit for streams we open of one direction (RFC 9000 §4.6): counts the streams
 * opened, applies the peer's MAX_STREAMS, assigns stream IDs in order (§2.1) and says when a
 * STREAMS_BLOCKED frame (§19.14) is due.
 *
 * <p>Not thread-safe: confined to the connection's owner thread.
 */
public final class LocalStreamCredit {
    /** RFC 9000 §4.6: a stream count cannot exceed 2^60. */
    public static final long MAX_STREAM_COUNT = 1L << 60;

    private final EndpointRole localRole;
    private final StreamDirection direction;
    private long limit;
    private long openedCount;
    private long blockedReportedAt = -1;

    /** @param initialLimit the peer's initial_max_streams_bidi / _uni (RFC 9000 §18.2) */
    public LocalStreamCredit(EndpointRole localRole, StreamDirection direction, long initialLimit) {
        if (initialLimit < 0 || initialLimit > MAX_STREAM_COUNT) {
            throw new IllegalArgumentException("stream limit out of range: " + initialLimit);
        }
        this.localRole = localRole;
        this.direction = direction;
        this.limit = initialLimit;
    }

    public StreamDirection direction() {
        return direction;
    }

    /** The peer's current MAX_STREAMS for this direction. */
    public long limit() {
        return limit;
    }

    /** Streams of this direction opened so far. */
    public long openedCount() {
        return openedCount;
    }

    public boolean canOpen() {
        return openedCount < limit;
    }

    /**
     * Opens the next stream.
     *
     * @return its stream ID, or -1 if the peer's limit is reached (then a STREAMS_BLOCKED is due)
     */
    public long open() {
        // RFC 9000 §4.6: an endpoint MUST NOT open more streams than permitted by the peer's limit.
        if (openedCount >= limit) {
            return -1;
        }
        long streamId = streamIdOf(localRole, direction, openedCount);
        openedCount++;
        return streamId;
    }

    /** Whether {@code streamId} (of this initiator and direction) has been opened. */
    public boolean isOpened(long streamId) {
        return StreamId.index(streamId) < openedCount;
    }

    /**
     * Applies a MAX_STREAMS value from the peer.
     *
     * @return whether the limit grew
     */
    public boolean raiseLimit(long maximumStreams) {
        // RFC 9000 §4.6: MAX_STREAMS frames that do not increase the stream limit MUST be ignored.
        if (maximumStreams <= limit) {
            return false;
        }
        limit = Math.min(maximumStreams, MAX_STREAM_COUNT);
        return true;
    }

    /** At the limit, and no STREAMS_BLOCKED was sent yet at this limit (RFC 9000 §4.6 SHOULD). */
    public boolean needsBlockedFrame() {
        return openedCount >= limit && blockedReportedAt != limit;
    }

    public void blockedFrameSent() {
        blockedReportedAt = limit;
    }

    public void blockedFrameLost(long reportedLimit) {
        if (blockedReportedAt == reportedLimit) {
            blockedReportedAt = -1;
        }
    }

    /** RFC 9000 §2.1: the stream ID of the {@code index}-th stream of a kind. */
    public static long streamIdOf(EndpointRole initiator, StreamDirection direction, long index) {
        return (index << 2)
                | (direction == StreamDirection.UNIDIRECTIONAL ? 0x2 : 0)
                | (initiator == EndpointRole.SERVER ? 0x1 : 0);
    }
}
