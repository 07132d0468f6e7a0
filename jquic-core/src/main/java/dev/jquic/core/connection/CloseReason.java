package dev.jquic.core.connection;

/**
 * Why a connection ended (RFC 9000 §10).
 *
 * @param origin who or what ended it
 * @param errorCode the transport (§20.1) or application (§20.2) error code; 0 for idle timeout
 * @param applicationError whether {@code errorCode} is an application error code
 * @param frameType for a transport error, the type of the frame that triggered it (0 if unknown)
 * @param reason the reason phrase, never null
 */
public record CloseReason(Origin origin, long errorCode, boolean applicationError, long frameType, String reason) {

    /** Who or what ended a connection. */
    public enum Origin {
        /** This endpoint sent CONNECTION_CLOSE (application close or detected violation). */
        LOCAL,
        /** The peer sent CONNECTION_CLOSE. */
        PEER,
        /** RFC 9000 §10.1: no packet within the idle timeout. */
        IDLE_TIMEOUT,
        /** RFC 9000 §10.3: the peer sent a stateless reset. */
        STATELESS_RESET,
        /** RFC 9000 §6.2: the server answered with Version Negotiation and no version is shared. */
        VERSION_NEGOTIATION
    }

    public CloseReason {
        reason = reason == null ? "" : reason;
    }

    @Override
    public String toString() {
        String code = applicationError ? "application error " + errorCode
                : dev.jquic.core.codec.TransportError.describe(errorCode);
        return origin + ": " + code + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
