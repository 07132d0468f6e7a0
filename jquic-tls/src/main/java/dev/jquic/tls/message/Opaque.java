package dev.jquic.tls.message;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string (a TLS {@code opaque} field) with content equality. The bytes are
 * copied on the way in and out.
 */
public final class Opaque {
    /** The empty byte string. */
    public static final Opaque EMPTY = new Opaque(new byte[0]);

    private final byte[] bytes;

    private Opaque(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A byte string holding a copy of {@code bytes}. */
    public static Opaque of(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Opaque(bytes.clone());
    }

    /** A byte string holding the remaining bytes of {@code buffer} (the buffer is not moved). */
    public static Opaque of(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return new Opaque(copy);
    }

    /** A byte string from hexadecimal digits; whitespace is ignored. */
    public static Opaque ofHex(String hex) {
        return new Opaque(HexFormat.of().parseHex(hex.replaceAll("\\s", "")));
    }

    static Opaque wrap(byte[] bytes) {
        return new Opaque(bytes);
    }

    public int length() {
        return bytes.length;
    }

    /** A copy of the bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** A read-only view of the bytes. */
    public ByteBuffer asReadOnlyBuffer() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /** Writes the bytes at the buffer's position. */
    public void writeTo(ByteBuffer out) {
        out.put(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Opaque that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
