package dev.jquic.core.stream;

/** Events that move the sending part of a stream (RFC 9000 §3.1, Figure 2). */
public enum SendStreamEvent {
    /** A STREAM frame without FIN or a STREAM_DATA_BLOCKED frame is sent (or resent). */
    SEND_STREAM,
    /** A STREAM frame carrying FIN is sent (or resent). */
    SEND_STREAM_WITH_FIN,
    /** A RESET_STREAM frame is sent (or resent). */
    SEND_RESET_STREAM,
    /** Every byte up to the final size, and the FIN, has been acknowledged. */
    RECEIVE_ALL_ACKS,
    /** The packet carrying RESET_STREAM has been acknowledged. */
    RECEIVE_RESET_ACK
}
