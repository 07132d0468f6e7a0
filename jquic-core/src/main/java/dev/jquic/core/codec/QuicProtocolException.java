package dev.jquic.core.codec;

/**
 * The one checked exception raised by every parser and validator of untrusted bytes. It carries
 * the RFC 9000 §20 code that a CONNECTION_CLOSE would send to the misbehaving peer.
 */
public final class QuicProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    private final long errorCode;

    public QuicProtocolException(TransportError error, String reason) {
        this(error.code(), reason);
    }

    /** For codes outside the enum, notably CRYPTO_ERROR 0x100+alert. */
    public QuicProtocolException(long errorCode, String reason) {
        // Stack traces are not needed for peer misbehaviour and are expensive to fill.
        super(reason, null, false, false);
        this.errorCode = errorCode;
    }

    /** The RFC 9000 §20 transport error code. */
    public long errorCode() {
        return errorCode;
    }

    /** The reason phrase, suitable for a CONNECTION_CLOSE frame. */
    public String reason() {
        return getMessage();
    }

    @Override
    public String toString() {
        return "QuicProtocolException[" + TransportError.describe(errorCode) + ": " + getMessage() + "]";
    }
}
