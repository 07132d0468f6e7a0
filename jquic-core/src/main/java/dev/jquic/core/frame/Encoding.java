package dev.jquic.core.frame;

import dev.jquic.core.codec.VarInt;
import java.nio.ByteBuffer;

/** Small encoding helpers shared by the frame records. */
final class Encoding {
    /** RFC 9000 §19.11: stream counts cannot exceed 2^60. */
    static final long MAX_STREAM_COUNT = 1L << 60;

    private Encoding() {
    }

    /** Copies the remaining bytes of {@code data} to {@code out} without moving {@code data}'s position. */
    static void putPayload(ByteBuffer out, ByteBuffer data) {
        int length = data.remaining();
        out.put(out.position(), data, data.position(), length);
        out.position(out.position() + length);
    }

    static int varIntLength(long value) {
        return VarInt.encodedLength(value);
    }

    static long requireVarInt(long value, String what) {
        if (!VarInt.isValid(value)) {
            throw new IllegalArgumentException(what + " out of range 0..2^62-1: " + value);
        }
        return value;
    }
}
