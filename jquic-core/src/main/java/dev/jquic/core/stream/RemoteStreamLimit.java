package dev.jquic.core.stream;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.frame.StreamDirection;
import dev.jquic.core.types.EndpointRole;
import dev.jquic.core.types.StreamId;

/**
 * The stream limit we grant the peer for one direction (RFC 9000 §4.6): checks the peer's
 * streams against it (STREAM_LIMIT_ERROR), opens lower-numbered streams implicitly (§3.2: all
 * streams of a type with lower IDs are opened first), and returns credit through MAX_STREAMS as
 * the peer's streams close, keeping {@code maxConcurrent} streams available.
 *
 * <p>Not thread-safe: confined to the connection's owner thread.
 */
public final class RemoteStreamLimit {
    private final EndpointRole peerRole;
    private final StreamDirection direction;
    private final long maxConcurrent;
    private long limit;
    private long openedCount;
    private long closedCount;

    /** @param maxConcurrent the initial_max_streams_bidi / _uni we advertised (RFC 9000 §18.2) */
    public RemoteStreamLimit(EndpointRole localRole, StreamDirection direction, long maxConcurrent) {
        if (maxConcurrent < 0 || maxConcurrent > LocalStreamCredit.MAX_STREAM_COUNT) {
            throw new IllegalArgumentException("stream limit out of range: " + maxConcurrent);
        }
        this.peerRole = localRole == EndpointRole.CLIENT ? EndpointRole.SERVER : EndpointRole.CLIENT;
        this.direction = direction;
        this.maxConcurrent = maxConcurrent;
        this.limit = maxConcurrent;
    }

    /** The MAX_STREAMS value advertised to the peer. */
    public long limit() {
        return limit;
    }

    /** Peer streams opened so far (highest index + 1). */
    public long openedCount() {
        return openedCount;
    }

    /**
     * Accepts a frame for the peer's stream {@code streamId}.
     *
     * @return the lowest stream ID this frame opens (streams from it up to {@code streamId}, step 4,
     *         are new), or -1 if the stream was already opened
     * @throws QuicProtocolException STREAM_LIMIT_ERROR beyond the advertised limit
     */
    public long accept(long streamId) throws QuicProtocolException {
        long index = StreamId.index(streamId);
        // RFC 9000 §4.6: a frame with a stream ID exceeding the limit sent MUST be treated as a
        // connection error of type STREAM_LIMIT_ERROR.
        if (index >= limit) {
            throw new QuicProtocolException(TransportError.STREAM_LIMIT_ERROR,
                    "stream " + streamId + " exceeds the " + direction + " stream limit " + limit);
        }
        if (index < openedCount) {
            return -1;
        }
        long lowestNew = LocalStreamCredit.streamIdOf(peerRole, direction, openedCount);
        openedCount = index + 1;
        return lowestNew;
    }

    /** One of the peer's streams is finished with (both parts terminal): its credit can return. */
    public void streamClosed() {
        if (closedCount >= openedCount) {
            throw new IllegalStateException("more streams closed than opened");
        }
        closedCount++;
    }

    /** Whether a MAX_STREAMS frame should be sent: at least half the concurrency can be returned. */
    public boolean shouldSendMaxStreams() {
        long newLimit = Math.min(closedCount + maxConcurrent, LocalStreamCredit.MAX_STREAM_COUNT);
        return newLimit > limit && newLimit - limit >= Math.max(1, maxConcurrent / 2);
    }

    /** Raises the limit so {@code maxConcurrent} streams are available again; send it in MAX_STREAMS. */
    public long advanceLimit() {
        limit = Math.max(limit, Math.min(closedCount + maxConcurrent, LocalStreamCredit.MAX_STREAM_COUNT));
        return limit;
    }
}
