package dev.jquic.core.stream;

/** Events that move the receiving part of a stream (RFC 9000 §3.2, Figure 3). */
public enum ReceiveStreamEvent {
    /** A STREAM frame without FIN or a STREAM_DATA_BLOCKED frame arrives. */
    RECEIVE_STREAM,
    /** A STREAM frame carrying FIN arrives: the final size is known. */
    RECEIVE_STREAM_WITH_FIN,
    /** Every byte up to the final size has arrived. */
    RECEIVE_ALL_DATA,
    /** A RESET_STREAM frame arrives. */
    RECEIVE_RESET_STREAM,
    /** The application has read every byte up to the final size. */
    APP_READ_ALL_DATA,
    /** The application has been told of the reset. */
    APP_READ_RESET
}
