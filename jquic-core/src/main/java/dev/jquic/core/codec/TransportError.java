package dev.jquic.core.codec;

/**
 * Transport error codes of RFC 9000 §20.1 (plus the RFC 9368 version negotiation error).
 * CRYPTO_ERROR is a range (0x0100-0x01ff): see {@link #cryptoError(int)}.
 */
public enum TransportError {
    NO_ERROR(0x00),
    INTERNAL_ERROR(0x01),
    CONNECTION_REFUSED(0x02),
    FLOW_CONTROL_ERROR(0x03),
    STREAM_LIMIT_ERROR(0x04),
    STREAM_STATE_ERROR(0x05),
    FINAL_SIZE_ERROR(0x06),
    FRAME_ENCODING_ERROR(0x07),
    TRANSPORT_PARAMETER_ERROR(0x08),
    CONNECTION_ID_LIMIT_ERROR(0x09),
    PROTOCOL_VIOLATION(0x0a),
    INVALID_TOKEN(0x0b),
    APPLICATION_ERROR(0x0c),
    CRYPTO_BUFFER_EXCEEDED(0x0d),
    KEY_UPDATE_ERROR(0x0e),
    AEAD_LIMIT_REACHED(0x0f),
    NO_VIABLE_PATH(0x10),
    /** RFC 9000 §20.1: 0x0100-0x01ff, the low byte is a TLS alert. */
    CRYPTO_ERROR(0x0100),
    /** RFC 9368 §10.2. */
    VERSION_NEGOTIATION_ERROR(0x11);

    private final long code;

    TransportError(long code) {
        this.code = code;
    }

    /** The code as sent in a CONNECTION_CLOSE frame of type 0x1c. */
    public long code() {
        return code;
    }

    /** RFC 9000 §20.1: CRYPTO_ERROR carries the TLS alert in its low byte. */
    public static long cryptoError(int tlsAlert) {
        if (tlsAlert < 0 || tlsAlert > 0xff) {
            throw new IllegalArgumentException("TLS alert out of range: " + tlsAlert);
        }
        return CRYPTO_ERROR.code + tlsAlert;
    }

    /** Name of a code received from a peer, e.g. {@code FLOW_CONTROL_ERROR} or {@code CRYPTO_ERROR(0x128)}. */
    public static String describe(long code) {
        if (code >= 0x100 && code <= 0x1ff) {
            return "CRYPTO_ERROR(0x" + Long.toHexString(code) + ")";
        }
        for (TransportError error : values()) {
            if (error.code == code) {
                return error.name();
            }
        }
        return "UNKNOWN(0x" + Long.toHexString(code) + ")";
    }
}
