package dev.jquic;

/**
 * Why a connection closed (RFC 9000 §10).
 *
 * @param origin who or what closed it
 * @param errorCode an application error code, or a transport error code (RFC 9000 §20)
 * @param applicationError whether {@code errorCode} is the application's
 * @param reason the reason phrase or a description, never null
 */
public record QuicCloseReason(Origin origin, long errorCode, boolean applicationError, String reason) {

    /** Who or what closed a connection. */
    public enum Origin {
        /** This side closed it (close() or a protocol error it detected). */
        LOCAL,
        /** The peer closed it. */
        PEER,
        /** No packet within the idle timeout (RFC 9000 §10.1). */
        IDLE_TIMEOUT,
        /** The peer lost its state and sent a stateless reset (RFC 9000 §10.3). */
        STATELESS_RESET,
        /** The handshake did not complete within the handshake timeout. */
        HANDSHAKE_TIMEOUT,
        /** No common QUIC version (RFC 9000 §6). */
        VERSION_NEGOTIATION,
        /** The endpoint shut down. */
        ENDPOINT_CLOSED
    }

    public QuicCloseReason {
        reason = reason == null ? "" : reason;
    }
}
