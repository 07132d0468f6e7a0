package dev.jquic.tls.message;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One complete handshake message as received: its msg_type code and the exact bytes including the
 * 4-byte header (the transcript hash covers them as sent, TLS 1.3 spec §4.4.1). Immutable.
 */
public final class RawHandshakeMessage {
    private final byte[] raw;

    /** Wraps {@code raw} (a full message with its header) without copying; package use only. */
    RawHandshakeMessage(byte[] raw) {
        if (raw.length < 4) {
            throw new IllegalArgumentException("a handshake message has a 4-byte header");
        }
        this.raw = raw;
    }

    /** A raw message from a copy of {@code bytes}, which must be exactly one message with its header. */
    public static RawHandshakeMessage of(byte[] bytes) {
        if (bytes.length < 4) {
            throw new IllegalArgumentException("a handshake message has a 4-byte header");
        }
        int declared = ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
        if (bytes.length != 4 + declared) {
            throw new IllegalArgumentException("header declares " + declared + " body bytes, have " + (bytes.length - 4));
        }
        return new RawHandshakeMessage(bytes.clone());
    }

    /** The msg_type byte. */
    public int typeCode() {
        return raw[0] & 0xff;
    }

    /** The msg_type, or {@code null} for a code TLS 1.3 does not define. */
    public HandshakeType type() {
        return HandshakeType.fromCode(typeCode());
    }

    /** The body length from the header. */
    public int bodyLength() {
        return raw.length - 4;
    }

    /** A read-only view of the body (without the header). */
    public ByteBuffer body() {
        return ByteBuffer.wrap(raw, 4, raw.length - 4).slice().asReadOnlyBuffer();
    }

    /** A read-only view of the whole message including the header. */
    public ByteBuffer rawBuffer() {
        return ByteBuffer.wrap(raw).asReadOnlyBuffer();
    }

    /** A copy of the whole message including the header. */
    public byte[] raw() {
        return raw.clone();
    }

    /** The length of the whole message including the header. */
    public int length() {
        return raw.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RawHandshakeMessage that && Arrays.equals(raw, that.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "RawHandshakeMessage[" + HexFormat.of().formatHex(raw) + "]";
    }
}
