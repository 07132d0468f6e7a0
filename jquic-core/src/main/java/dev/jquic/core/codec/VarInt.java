package dev.jquic.core.codec;

import java.nio.ByteBuffer;

/**
 * RFC 9000 §16 variable-length integers: the two most significant bits of the first byte give
 * the length (1, 2, 4 or 8 bytes); values range over 0..2^62-1.
 */
public final class VarInt {
    /** RFC 9000 §16: the largest encodable value, 2^62-1. */
    public static final long MAX_VALUE = (1L << 62) - 1;

    private VarInt() {
    }

    /** Whether {@code value} can be encoded. */
    public static boolean isValid(long value) {
        return value >= 0 && value <= MAX_VALUE;
    }

    /**
     * Bytes needed for the shortest encoding of {@code value}.
     *
     * @throws IllegalArgumentException if the value is negative or above 2^62-1
     */
    public static int encodedLength(long value) {
        if (value < 0) {
            throw outOfRange(value);
        }
        if (value <= 63) {
            return 1;
        }
        if (value <= 16_383) {
            return 2;
        }
        if (value <= 1_073_741_823) {
            return 4;
        }
        if (value <= MAX_VALUE) {
            return 8;
        }
        throw outOfRange(value);
    }

    /** Writes the shortest encoding of {@code value} at the buffer's position. */
    public static void write(ByteBuffer out, long value) {
        write(out, value, encodedLength(value));
    }

    /**
     * Writes {@code value} in exactly {@code length} bytes (1, 2, 4 or 8); used where a field is
     * reserved before its value is known (e.g. a Length field).
     */
    public static void write(ByteBuffer out, long value, int length) {
        if (encodedLength(value) > length) {
            throw new IllegalArgumentException(value + " does not fit a " + length + "-byte varint");
        }
        switch (length) {
            case 1 -> out.put((byte) value);
            case 2 -> out.putShort((short) (0x4000 | value));
            case 4 -> out.putInt((int) (0x8000_0000L | value));
            case 8 -> out.putLong(0xC000_0000_0000_0000L | value);
            default -> throw new IllegalArgumentException("varint length must be 1, 2, 4 or 8: " + length);
        }
    }

    /** Encoded length announced by a first byte: 1, 2, 4 or 8. */
    public static int lengthFromFirstByte(int firstByte) {
        return 1 << ((firstByte & 0xC0) >>> 6);
    }

    private static IllegalArgumentException outOfRange(long value) {
        return new IllegalArgumentException("varint out of range 0..2^62-1: " + value);
    }
}
