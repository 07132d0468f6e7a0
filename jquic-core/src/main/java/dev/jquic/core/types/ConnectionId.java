package dev.jquic.core.types;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A connection ID (RFC 9000 §5.1): 0 to 20 opaque bytes. Immutable; equality is by content.
 */
public final class ConnectionId {
    /** RFC 9000 §17.2: in QUIC version 1 a connection ID is at most 20 bytes. */
    public static final int MAX_LENGTH = 20;
    public static final ConnectionId EMPTY = new ConnectionId(new byte[0]);

    private final byte[] bytes;
    private final int hash;

    private ConnectionId(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /**
     * A connection ID holding a copy of {@code bytes}.
     *
     * @throws IllegalArgumentException if longer than 20 bytes
     */
    public static ConnectionId of(byte[] bytes) {
        if (bytes.length > MAX_LENGTH) {
            throw new IllegalArgumentException("connection ID longer than 20 bytes: " + bytes.length);
        }
        return bytes.length == 0 ? EMPTY : new ConnectionId(bytes.clone());
    }

    /** Parses hex, e.g. {@code "8394c8f03e515708"}. */
    public static ConnectionId ofHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    /**
     * Reads {@code length} bytes of an untrusted connection ID.
     *
     * @throws QuicProtocolException if the length exceeds 20 or the input is truncated
     */
    public static ConnectionId read(WireReader reader, int length) throws QuicProtocolException {
        // RFC 9000 §17.2: endpoints that receive a version 1 long header with a connection ID
        // longer than 20 bytes MUST drop the packet.
        if (length > MAX_LENGTH) {
            throw reader.error("connection ID length " + length + " exceeds 20");
        }
        return length == 0 ? EMPTY : new ConnectionId(reader.readBytes(length));
    }

    public int length() {
        return bytes.length;
    }

    /** A copy of the bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** The byte at {@code index}. */
    public byte byteAt(int index) {
        return bytes[index];
    }

    public void writeTo(ByteBuffer out) {
        out.put(bytes);
    }

    /** Whether the bytes at {@code offset} of {@code buffer} (absolute) equal this ID. */
    public boolean matches(ByteBuffer buffer, int offset) {
        if (offset < 0 || offset + bytes.length > buffer.limit()) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (buffer.get(offset + i) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConnectionId that && hash == that.hash && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return "ConnectionId[" + toHex() + "]";
    }
}
