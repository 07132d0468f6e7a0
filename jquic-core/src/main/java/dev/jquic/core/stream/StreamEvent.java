package dev.jquic.core.stream;

import dev.jquic.core.frame.StreamDirection;

/**
 * Hints for the application from {@link StreamManager#pollEvent()}. They are coalesced (at most
 * one pending {@link Readable} / {@link Writable} per stream, one {@link StreamsAvailable} per
 * direction) and every other kind happens at most once per stream, so the queue stays bounded by
 * the number of streams the limits allow.
 */
public sealed interface StreamEvent {

    /** The peer opened a stream (explicitly or implicitly, RFC 9000 §3.2). */
    record PeerOpened(long streamId) implements StreamEvent {
    }

    /** Data (or the end of the stream) can be read. */
    record Readable(long streamId) implements StreamEvent {
    }

    /** Send-buffer space was freed after a write was refused or short. */
    record Writable(long streamId) implements StreamEvent {
    }

    /** The peer reset its sending part (RESET_STREAM, RFC 9000 §3.2); unread data was discarded. */
    record PeerReset(long streamId, long errorCode, long finalSize) implements StreamEvent {
    }

    /** The peer asked us to stop sending (STOP_SENDING, RFC 9000 §3.5); we reset our sending part. */
    record PeerStopSending(long streamId, long errorCode) implements StreamEvent {
    }

    /** Every byte we sent and the FIN were acknowledged (RFC 9000 §3.1 "Data Recvd"). */
    record AllDataAcked(long streamId) implements StreamEvent {
    }

    /** Both parts of the stream are finished; the stream is forgotten. */
    record StreamClosed(long streamId) implements StreamEvent {
    }

    /** The peer's MAX_STREAMS now allows opening a stream of {@code direction} after a refusal. */
    record StreamsAvailable(StreamDirection direction) implements StreamEvent {
    }
}
