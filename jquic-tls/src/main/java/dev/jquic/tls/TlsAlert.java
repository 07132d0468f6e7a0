package dev.jquic.tls;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;

/**
 * TLS alert descriptions (TLS 1.3 spec §6, the subset a TLS 1.3 handshake can send). In QUIC an
 * alert is never sent as such: it closes the connection with CRYPTO_ERROR 0x100 + alert
 * (RFC 9001 §4.8).
 */
public enum TlsAlert {
    CLOSE_NOTIFY(0),
    UNEXPECTED_MESSAGE(10),
    BAD_RECORD_MAC(20),
    RECORD_OVERFLOW(22),
    HANDSHAKE_FAILURE(40),
    BAD_CERTIFICATE(42),
    UNSUPPORTED_CERTIFICATE(43),
    CERTIFICATE_REVOKED(44),
    CERTIFICATE_EXPIRED(45),
    CERTIFICATE_UNKNOWN(46),
    ILLEGAL_PARAMETER(47),
    UNKNOWN_CA(48),
    ACCESS_DENIED(49),
    DECODE_ERROR(50),
    DECRYPT_ERROR(51),
    PROTOCOL_VERSION(70),
    INSUFFICIENT_SECURITY(71),
    INTERNAL_ERROR(80),
    INAPPROPRIATE_FALLBACK(86),
    USER_CANCELED(90),
    MISSING_EXTENSION(109),
    UNSUPPORTED_EXTENSION(110),
    UNRECOGNIZED_NAME(112),
    BAD_CERTIFICATE_STATUS_RESPONSE(113),
    UNKNOWN_PSK_IDENTITY(115),
    CERTIFICATE_REQUIRED(116),
    NO_APPLICATION_PROTOCOL(120);

    private final int code;

    TlsAlert(int code) {
        this.code = code;
    }

    /** The alert description byte. */
    public int code() {
        return code;
    }

    /** RFC 9001 §4.8: the QUIC transport error code carrying this alert, 0x100 + alert. */
    public long transportErrorCode() {
        return TransportError.cryptoError(code);
    }

    /** The exception that ends the handshake with this alert; {@code reason} names the problem. */
    public QuicProtocolException exception(String reason) {
        return new QuicProtocolException(transportErrorCode(), name().toLowerCase(java.util.Locale.ROOT) + ": " + reason);
    }

    /** The alert carried by a CRYPTO_ERROR transport code, or {@code null} if it is not one of these. */
    public static TlsAlert fromTransportErrorCode(long code) {
        for (TlsAlert alert : values()) {
            if (alert.transportErrorCode() == code) {
                return alert;
            }
        }
        return null;
    }
}
