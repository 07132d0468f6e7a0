package dev.jquic.testkit.tls;

/**
 * The null-TLS handshake messages; the type codes are those of the TLS 1.3 messages they stand
 * in for (RFC 8446 §4).
 */
enum NullTlsMessageType {
    CLIENT_HELLO(1),
    SERVER_HELLO(2),
    ENCRYPTED_EXTENSIONS(8),
    FINISHED(20);

    private final int code;

    NullTlsMessageType(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    /** The type with {@code code}, or {@code null} if none. */
    static NullTlsMessageType fromCode(int code) {
        for (NullTlsMessageType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
