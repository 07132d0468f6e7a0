package dev.jquic.tls.message;

/** TLS 1.3 HandshakeType codes (TLS 1.3 spec §4, Appendix B.3). */
public enum HandshakeType {
    CLIENT_HELLO(1),
    SERVER_HELLO(2),
    NEW_SESSION_TICKET(4),
    END_OF_EARLY_DATA(5),
    ENCRYPTED_EXTENSIONS(8),
    CERTIFICATE(11),
    CERTIFICATE_REQUEST(13),
    CERTIFICATE_VERIFY(15),
    FINISHED(20),
    KEY_UPDATE(24),
    MESSAGE_HASH(254);

    private final int code;

    HandshakeType(int code) {
        this.code = code;
    }

    /** The one-byte msg_type value. */
    public int code() {
        return code;
    }

    /** The type with this code, or {@code null} if the code is not a TLS 1.3 handshake type. */
    public static HandshakeType fromCode(int code) {
        for (HandshakeType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
