package dev.jquic.core.codec;

import java.nio.ByteBuffer;

/**
 * Bounds-checked cursor over a {@link ByteBuffer} holding untrusted bytes. Every read checks the
 * remaining length first and raises {@link QuicProtocolException} with the error code given at
 * construction (FRAME_ENCODING_ERROR for frames, TRANSPORT_PARAMETER_ERROR for transport
 * parameters, ...), so no unchecked exception escapes a parser built on it.
 *
 * <p>Reads consume the underlying buffer (its position advances). Slices share content with the
 * input and are not copies. Not thread-safe.
 */
public final class WireReader {
    private final ByteBuffer buffer;
    private final long malformedError;

    /** A reader whose truncation errors carry {@code malformedError}. */
    public WireReader(ByteBuffer buffer, TransportError malformedError) {
        this(buffer, malformedError.code());
    }

    /**
     * A reader whose truncation errors carry a raw code, for codes outside the enum such as
     * CRYPTO_ERROR 0x100 + decode_error for TLS messages (RFC 9001 §4.8).
     */
    public WireReader(ByteBuffer buffer, long malformedErrorCode) {
        this.buffer = buffer;
        this.malformedError = malformedErrorCode;
    }

    /** The underlying buffer; its position is the reader's cursor. */
    public ByteBuffer buffer() {
        return buffer;
    }

    public int position() {
        return buffer.position();
    }

    public int remaining() {
        return buffer.remaining();
    }

    public boolean hasRemaining() {
        return buffer.hasRemaining();
    }

    /** Error code used for truncated or malformed input. */
    public long malformedErrorCode() {
        return malformedError;
    }

    public int readUint8() throws QuicProtocolException {
        require(1, "uint8");
        return buffer.get() & 0xff;
    }

    public int readUint16() throws QuicProtocolException {
        require(2, "uint16");
        return buffer.getShort() & 0xffff;
    }

    public long readUint32() throws QuicProtocolException {
        require(4, "uint32");
        return buffer.getInt() & 0xFFFF_FFFFL;
    }

    /** Reads an unsigned big-endian integer of 1 to 4 bytes (a packet number field). */
    public long readUnsigned(int length) throws QuicProtocolException {
        if (length < 1 || length > 4) {
            throw error("unsigned field length " + length);
        }
        require(length, "unsigned field");
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = (value << 8) | (buffer.get() & 0xff);
        }
        return value;
    }

    /** RFC 9000 §16: reads a variable-length integer. */
    public long readVarInt() throws QuicProtocolException {
        require(1, "varint");
        int first = buffer.get(buffer.position()) & 0xff;
        int length = VarInt.lengthFromFirstByte(first);
        require(length, "varint");
        return switch (length) {
            case 1 -> buffer.get() & 0x3f;
            case 2 -> buffer.getShort() & 0x3fff;
            case 4 -> buffer.getInt() & 0x3FFF_FFFFL;
            default -> buffer.getLong() & 0x3FFF_FFFF_FFFF_FFFFL;
        };
    }

    /** Reads a varint that must fit an {@code int} length no larger than {@link #remaining()}. */
    public int readVarIntLength(String what) throws QuicProtocolException {
        long length = readVarInt();
        if (length > buffer.remaining()) {
            throw error(what + " length " + length + " exceeds the " + buffer.remaining() + " bytes left");
        }
        return (int) length;
    }

    /** A view of the next {@code length} bytes sharing the input (not a copy); advances past them.
     * Callers must treat it as read-only; it stays writable so bulk copies use the backing array. */
    public ByteBuffer readSlice(int length) throws QuicProtocolException {
        require(length, "slice");
        ByteBuffer slice = buffer.slice(buffer.position(), length);
        buffer.position(buffer.position() + length);
        return slice;
    }

    /** A copy of the next {@code length} bytes; for small fields such as connection IDs and tokens. */
    public byte[] readBytes(int length) throws QuicProtocolException {
        require(length, "bytes");
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return bytes;
    }

    public void skip(int length) throws QuicProtocolException {
        require(length, "skip");
        buffer.position(buffer.position() + length);
    }

    /** Raises the reader's malformed-input error unless {@code length} bytes remain. */
    public void require(int length, String what) throws QuicProtocolException {
        if (length < 0 || length > buffer.remaining()) {
            throw error("truncated " + what + ": need " + length + " bytes, " + buffer.remaining() + " left");
        }
    }

    /** An exception carrying this reader's malformed-input error code. */
    public QuicProtocolException error(String reason) {
        return new QuicProtocolException(malformedError, reason);
    }
}
