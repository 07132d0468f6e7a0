package dev.jquic.core.types;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 16-byte stateless reset token (RFC 9000 §10.3), as carried by NEW_CONNECTION_ID frames and
 * the stateless_reset_token and preferred_address transport parameters. Immutable; equality is
 * by content.
 */
public final class StatelessResetToken {
    /** RFC 9000 §10.3: the token is 16 bytes. */
    public static final int LENGTH = 16;

    private final byte[] bytes;

    private StatelessResetToken(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * A token holding a copy of {@code bytes}.
     *
     * @throws IllegalArgumentException unless exactly 16 bytes
     */
    public static StatelessResetToken of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("stateless reset token must be 16 bytes: " + bytes.length);
        }
        return new StatelessResetToken(bytes.clone());
    }

    /** Parses hex of 32 digits. */
    public static StatelessResetToken ofHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    /** Reads 16 untrusted bytes; truncation raises the reader's error code. */
    public static StatelessResetToken read(WireReader reader) throws QuicProtocolException {
        return new StatelessResetToken(reader.readBytes(LENGTH));
    }

    /** A copy of the bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    public void writeTo(ByteBuffer out) {
        out.put(bytes);
    }

    /**
     * Whether the 16 bytes at absolute {@code offset} of {@code buffer} equal this token. The
     * comparison does not stop at the first difference (RFC 9000 §10.3.1 asks for comparisons
     * that do not leak token values through timing).
     */
    public boolean matches(ByteBuffer buffer, int offset) {
        if (offset < 0 || offset > buffer.limit() - LENGTH) {
            return false;
        }
        int difference = 0;
        for (int i = 0; i < LENGTH; i++) {
            difference |= buffer.get(offset + i) ^ bytes[i];
        }
        return difference == 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StatelessResetToken that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return "StatelessResetToken[" + toHex() + "]";
    }
}
