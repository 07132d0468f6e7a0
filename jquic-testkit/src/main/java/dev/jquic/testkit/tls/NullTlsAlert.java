package dev.jquic.testkit.tls;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;

/** The TLS alerts the null TLS raises, as CRYPTO_ERROR codes (RFC 9001 §4.8). */
enum NullTlsAlert {
    UNEXPECTED_MESSAGE(10),
    HANDSHAKE_FAILURE(40),
    ILLEGAL_PARAMETER(47),
    DECODE_ERROR(50),
    DECRYPT_ERROR(51),
    INTERNAL_ERROR(80),
    NO_APPLICATION_PROTOCOL(120);

    private final int code;

    NullTlsAlert(int code) {
        this.code = code;
    }

    /** The QUIC error code: CRYPTO_ERROR 0x100 + alert (RFC 9001 §4.8). */
    long errorCode() {
        return TransportError.cryptoError(code);
    }

    QuicProtocolException exception(String reason) {
        return new QuicProtocolException(errorCode(), reason);
    }
}
