package dev.jquic;

/**
 * A failure that jquic reports to the application: a handshake that failed or timed out, a
 * certificate that was rejected, an endpoint that could not start. The message names the cause.
 */
public class QuicException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final transient QuicCloseReason closeReason;

    public QuicException(String message) {
        this(message, null, null);
    }

    public QuicException(String message, Throwable cause) {
        this(message, null, cause);
    }

    public QuicException(String message, QuicCloseReason closeReason, Throwable cause) {
        super(message, cause);
        this.closeReason = closeReason;
    }

    /** The close reason of the connection this failure ended, or {@code null}. */
    public QuicCloseReason closeReason() {
        return closeReason;
    }
}
