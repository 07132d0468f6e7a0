package dev.jquic.tls.message;

import java.nio.ByteBuffer;

/**
 * A decoded TLS 1.3 handshake message (TLS 1.3 spec §4): {@code HandshakeType msg_type;
 * uint24 length; body}. Implementations are immutable records.
 */
public interface HandshakeMessage {
    /** The message's msg_type. */
    HandshakeType type();

    /** The body length (the handshake header's uint24 length). */
    int bodyLength();

    /** Writes the body without the header. */
    void encodeBody(ByteBuffer out);

    /** The full length, 4 + {@link #bodyLength()}. */
    default int encodedLength() {
        return 4 + bodyLength();
    }

    /** Writes the full message: 4-byte header, then the body. */
    default void encode(ByteBuffer out) {
        int length = bodyLength();
        if (length > 0xFF_FFFF) {
            throw new IllegalArgumentException("handshake body of " + length + " bytes exceeds 2^24-1");
        }
        out.put((byte) type().code());
        TlsCodec.putUnsigned(out, 3, length);
        int start = out.position();
        encodeBody(out);
        if (out.position() - start != length) {
            throw new IllegalStateException(type() + " wrote " + (out.position() - start) + " bytes, declared " + length);
        }
    }

    /** The full encoding as a new array (what the transcript hash takes). */
    default byte[] toByteArray() {
        ByteBuffer out = ByteBuffer.allocate(encodedLength());
        encode(out);
        return out.array();
    }
}
