package dev.jquic.core.params;

import dev.jquic.core.codec.VarInt;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A reserved transport parameter (RFC 9000 §18.1: identifier {@code 31 * N + 27}) that an
 * endpoint may add to its parameters to exercise the peer's handling of unknown parameters. The
 * caller picks the identifier and value (the core has no randomness). The value is copied.
 *
 * @param id a reserved identifier, {@code 31 * N + 27}
 * @param value arbitrary bytes (at most 255, a generous bound for a greasing value)
 */
public record GreaseParameter(long id, byte[] value) {
    /** The largest value accepted; GREASE values carry no meaning, so keep them small. */
    public static final int MAX_VALUE_LENGTH = 255;

    /** @throws IllegalArgumentException if the id is not reserved or the value is too long */
    public GreaseParameter {
        if (!VarInt.isValid(id) || !TransportParameterId.isReservedForGrease(id)) {
            throw new IllegalArgumentException("not a reserved transport parameter id: " + id);
        }
        if (value.length > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("GREASE value longer than 255 bytes: " + value.length);
        }
        value = value.clone();
    }

    /** The reserved identifier {@code 31 * n + 27}. */
    public static long reservedId(long n) {
        if (n < 0 || n > (VarInt.MAX_VALUE - 27) / 31) {
            throw new IllegalArgumentException("N out of range: " + n);
        }
        return 31 * n + 27;
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    /** Bytes of the whole encoded parameter (id, length and value). */
    public int encodedLength() {
        return VarInt.encodedLength(id) + VarInt.encodedLength(value.length) + value.length;
    }

    /** Writes the whole parameter (id, length and value). */
    public void encode(ByteBuffer out) {
        VarInt.write(out, id);
        VarInt.write(out, value.length);
        out.put(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GreaseParameter that && id == that.id && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(id) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "GreaseParameter[id=" + id + ", value=" + HexFormat.of().formatHex(value) + "]";
    }
}
