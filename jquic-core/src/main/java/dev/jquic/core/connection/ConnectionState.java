package dev.jquic.core.connection;

/** The lifecycle of a connection (RFC 9000 §10; RFC 9001 §4.1.1–4.1.2). */
public enum ConnectionState {
    /** The handshake is under way. */
    HANDSHAKING,
    /** The TLS handshake is complete here; the handshake is not yet confirmed (RFC 9001 §4.1.2). */
    CONNECTED,
    /** The handshake is confirmed: Handshake keys are gone and only 1-RTT packets flow. */
    CONFIRMED,
    /** RFC 9000 §10.2.1: this endpoint sent CONNECTION_CLOSE and answers packets only with it. */
    CLOSING,
    /** RFC 9000 §10.2.2: the peer closed; this endpoint sends nothing more. */
    DRAINING,
    /** Over: nothing is sent or processed any more. */
    CLOSED;

    /** Whether the connection is closing, draining or closed. */
    public boolean isTerminating() {
        return this == CLOSING || this == DRAINING || this == CLOSED;
    }

    /** Whether application data can flow (handshake complete and not terminating). */
    public boolean isEstablished() {
        return this == CONNECTED || this == CONFIRMED;
    }
}
