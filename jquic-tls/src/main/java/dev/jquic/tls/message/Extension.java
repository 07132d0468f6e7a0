package dev.jquic.tls.message;

import java.nio.ByteBuffer;

/**
 * One TLS extension (TLS 1.3 spec §4.2): {@code uint16 extension_type; opaque extension_data<0..2^16-1>}.
 * Implementations are immutable records; which record form a type takes depends on the message
 * (see {@link ExtensionContext}).
 */
public interface Extension {
    /** The extension_type code (see {@link ExtensionType}). */
    int type();

    /** The length of extension_data. */
    int dataLength();

    /** Writes extension_data (without type and length). */
    void encodeData(ByteBuffer out);

    /** The length of the whole extension: 4 + {@link #dataLength()}. */
    default int encodedLength() {
        return 4 + dataLength();
    }

    /** Writes the whole extension: type, data length, data. */
    default void encode(ByteBuffer out) {
        int length = dataLength();
        if (length > 0xffff) {
            throw new IllegalArgumentException("extension_data of " + length + " bytes exceeds 2^16-1");
        }
        out.putShort((short) type());
        out.putShort((short) length);
        encodeData(out);
    }
}
