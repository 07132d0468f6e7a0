package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import dev.jquic.tls.TlsAlert;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** TLS presentation-language helpers (TLS 1.3 spec §3): length-prefixed vectors with bounds. */
final class TlsCodec {
    private TlsCodec() {
    }

    /** A reader whose malformed-input error is decode_error. */
    static WireReader reader(ByteBuffer buffer) {
        return new WireReader(buffer, TlsAlert.DECODE_ERROR.transportErrorCode());
    }

    static QuicProtocolException decodeError(String reason) {
        return TlsAlert.DECODE_ERROR.exception(reason);
    }

    static QuicProtocolException illegalParameter(String reason) {
        return TlsAlert.ILLEGAL_PARAMETER.exception(reason);
    }

    /** The largest value a length prefix of {@code lengthBytes} bytes can hold. */
    static int maxForPrefix(int lengthBytes) {
        return (1 << (8 * lengthBytes)) - 1;
    }

    /**
     * RFC 9846 §3.4: reads a vector with a {@code lengthBytes}-byte length prefix whose length must
     * lie in [min, max]; returns a reader over exactly its contents.
     */
    static WireReader readVector(WireReader in, int lengthBytes, int min, int max, String what)
            throws QuicProtocolException {
        int length = (int) in.readUnsigned(lengthBytes);
        if (length < min || length > max) {
            throw decodeError(what + " length " + length + " outside " + min + ".." + max);
        }
        if (length > in.remaining()) {
            throw decodeError(what + " length " + length + " exceeds the " + in.remaining() + " bytes left");
        }
        return reader(in.readSlice(length));
    }

    /** Reads an opaque vector (see {@link #readVector}) as a copied byte string. */
    static Opaque readOpaque(WireReader in, int lengthBytes, int min, int max, String what)
            throws QuicProtocolException {
        WireReader vector = readVector(in, lengthBytes, min, max, what);
        return Opaque.wrap(vector.readBytes(vector.remaining()));
    }

    /** Reads a vector of uint16 values; an odd length is a decode_error. */
    static List<Integer> readUint16List(WireReader in, int lengthBytes, int min, int max, String what)
            throws QuicProtocolException {
        WireReader vector = readVector(in, lengthBytes, min, max, what);
        if (vector.remaining() % 2 != 0) {
            throw decodeError(what + " has odd length " + vector.remaining());
        }
        List<Integer> values = new ArrayList<>(vector.remaining() / 2);
        while (vector.hasRemaining()) {
            values.add(vector.readUint16());
        }
        return List.copyOf(values);
    }

    /** RFC 9846 §4: a structure must be consumed exactly; trailing bytes are a decode_error. */
    static void requireEnd(WireReader in, String what) throws QuicProtocolException {
        if (in.hasRemaining()) {
            throw decodeError(in.remaining() + " trailing bytes after " + what);
        }
    }

    static void putUnsigned(ByteBuffer out, int lengthBytes, long value) {
        for (int shift = 8 * (lengthBytes - 1); shift >= 0; shift -= 8) {
            out.put((byte) (value >>> shift));
        }
    }

    /** Checks, for our own encoders, that a vector length lies within its bounds. */
    static int checkLength(int length, int min, int max, String what) {
        if (length < min || length > max) {
            throw new IllegalArgumentException(what + " length " + length + " outside " + min + ".." + max);
        }
        return length;
    }

    static void putOpaque(ByteBuffer out, int lengthBytes, int min, int max, Opaque value, String what) {
        putUnsigned(out, lengthBytes, checkLength(value.length(), min, max, what));
        value.writeTo(out);
    }

    static void putUint16List(ByteBuffer out, int lengthBytes, int min, int max, List<Integer> values, String what) {
        putUnsigned(out, lengthBytes, checkLength(2 * values.size(), min, max, what));
        for (int value : values) {
            out.putShort((short) value);
        }
    }

    static int checkUint16(int value, String what) {
        if (value < 0 || value > 0xffff) {
            throw new IllegalArgumentException(what + " " + value + " is not a uint16");
        }
        return value;
    }

    static int checkUint8(int value, String what) {
        if (value < 0 || value > 0xff) {
            throw new IllegalArgumentException(what + " " + value + " is not a uint8");
        }
        return value;
    }

    static long checkUint32(long value, String what) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(what + " " + value + " is not a uint32");
        }
        return value;
    }

    static List<Integer> checkUint16List(List<Integer> values, String what) {
        List<Integer> copy = List.copyOf(values);
        for (int value : copy) {
            checkUint16(value, what);
        }
        return copy;
    }
}
