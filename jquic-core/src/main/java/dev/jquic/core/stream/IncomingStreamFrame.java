package dev.jquic.core.stream;

/**
 * Kinds of received frames that name a stream (RFC 9000 §19.4-§19.13), split by which part of
 * the stream they concern: the peer's sending part (our receiving part) or our sending part.
 */
public enum IncomingStreamFrame {
    /** STREAM (§19.8): concerns our receiving part. */
    STREAM,
    /** RESET_STREAM (§19.4): concerns our receiving part. */
    RESET_STREAM,
    /** STREAM_DATA_BLOCKED (§19.13): concerns our receiving part. */
    STREAM_DATA_BLOCKED,
    /** STOP_SENDING (§19.5): concerns our sending part. */
    STOP_SENDING,
    /** MAX_STREAM_DATA (§19.10): concerns our sending part. */
    MAX_STREAM_DATA;

    /** Whether the frame concerns data the peer sends to us (our receiving part). */
    public boolean concernsReceivingPart() {
        return this == STREAM || this == RESET_STREAM || this == STREAM_DATA_BLOCKED;
    }
}
