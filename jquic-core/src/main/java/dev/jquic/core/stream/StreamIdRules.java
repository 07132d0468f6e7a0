package dev.jquic.core.stream;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.frame.StreamDirection;
import dev.jquic.core.types.EndpointRole;
import dev.jquic.core.types.StreamId;

/**
 * Stream-ID rules for one connection (RFC 9000 §2.1, §3, §4.6, §19): who initiated a stream, its
 * direction, whether a received frame may name it, and the stream counts in both directions.
 *
 * <p>Not thread-safe: confined to the connection's owner thread.
 */
public final class StreamIdRules {
    private final EndpointRole localRole;
    private final LocalStreamCredit localBidirectional;
    private final LocalStreamCredit localUnidirectional;
    private final RemoteStreamLimit remoteBidirectional;
    private final RemoteStreamLimit remoteUnidirectional;

    /**
     * @param peerMaxBidirectional   the peer's initial_max_streams_bidi
     * @param peerMaxUnidirectional  the peer's initial_max_streams_uni
     * @param localMaxBidirectional  our initial_max_streams_bidi (concurrent peer streams we allow)
     * @param localMaxUnidirectional our initial_max_streams_uni
     */
    public StreamIdRules(EndpointRole localRole, long peerMaxBidirectional, long peerMaxUnidirectional,
            long localMaxBidirectional, long localMaxUnidirectional) {
        this.localRole = localRole;
        this.localBidirectional = new LocalStreamCredit(localRole, StreamDirection.BIDIRECTIONAL, peerMaxBidirectional);
        this.localUnidirectional = new LocalStreamCredit(localRole, StreamDirection.UNIDIRECTIONAL, peerMaxUnidirectional);
        this.remoteBidirectional = new RemoteStreamLimit(localRole, StreamDirection.BIDIRECTIONAL, localMaxBidirectional);
        this.remoteUnidirectional = new RemoteStreamLimit(localRole, StreamDirection.UNIDIRECTIONAL, localMaxUnidirectional);
    }

    public EndpointRole localRole() {
        return localRole;
    }

    /** Credit for streams we open in {@code direction}. */
    public LocalStreamCredit local(StreamDirection direction) {
        return direction == StreamDirection.BIDIRECTIONAL ? localBidirectional : localUnidirectional;
    }

    /** The limit we grant the peer in {@code direction}. */
    public RemoteStreamLimit remote(StreamDirection direction) {
        return direction == StreamDirection.BIDIRECTIONAL ? remoteBidirectional : remoteUnidirectional;
    }

    public boolean isLocallyInitiated(long streamId) {
        return StreamId.isServerInitiated(streamId) == (localRole == EndpointRole.SERVER);
    }

    public static StreamDirection directionOf(long streamId) {
        return StreamId.isBidirectional(streamId) ? StreamDirection.BIDIRECTIONAL : StreamDirection.UNIDIRECTIONAL;
    }

    /** Whether we can send on {@code streamId}: bidirectional, or unidirectional and ours. */
    public boolean canSendOn(long streamId) {
        return StreamId.isBidirectional(streamId) || isLocallyInitiated(streamId);
    }

    /** Whether we can receive on {@code streamId}: bidirectional, or unidirectional and the peer's. */
    public boolean canReceiveOn(long streamId) {
        return StreamId.isBidirectional(streamId) || !isLocallyInitiated(streamId);
    }

    /**
     * Checks a received frame naming {@code streamId} and opens the peer's streams it implies.
     *
     * @return the lowest newly opened peer stream ID (streams from it to {@code streamId}, step 4,
     *         must be created), or -1 if no stream was opened
     * @throws QuicProtocolException STREAM_STATE_ERROR for a frame our side of the stream cannot
     *                               take or for a local stream not yet opened; STREAM_LIMIT_ERROR for a peer stream
     *                               beyond our limit
     */
    public long checkIncoming(long streamId, IncomingStreamFrame frame) throws QuicProtocolException {
        if (frame.concernsReceivingPart()) {
            // RFC 9000 §19.4, §19.8, §19.13: STREAM, RESET_STREAM or STREAM_DATA_BLOCKED for a
            // send-only stream MUST be treated as STREAM_STATE_ERROR.
            if (!canReceiveOn(streamId)) {
                throw stateError(frame, streamId, "a send-only stream");
            }
        } else if (!canSendOn(streamId)) {
            // RFC 9000 §19.5, §19.10: STOP_SENDING or MAX_STREAM_DATA for a receive-only stream
            // MUST be treated as STREAM_STATE_ERROR.
            throw stateError(frame, streamId, "a receive-only stream");
        }
        StreamDirection direction = directionOf(streamId);
        if (isLocallyInitiated(streamId)) {
            // RFC 9000 §19.5, §19.8, §19.10: a frame for a locally initiated stream that has not
            // yet been created MUST be treated as STREAM_STATE_ERROR.
            if (!local(direction).isOpened(streamId)) {
                throw stateError(frame, streamId, "a local stream not yet opened");
            }
            return -1;
        }
        return remote(direction).accept(streamId);
    }

    private static QuicProtocolException stateError(IncomingStreamFrame frame, long streamId, String what) {
        return new QuicProtocolException(TransportError.STREAM_STATE_ERROR, frame + " for " + what + ": " + streamId);
    }
}
