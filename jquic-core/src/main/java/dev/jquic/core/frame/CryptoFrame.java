package dev.jquic.core.frame;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.VarInt;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * CRYPTO frame (RFC 9000 §19.6): handshake bytes at {@code offset} of the crypto stream of the
 * packet's encryption level.
 *
 * <pre>
 * CRYPTO Frame {
 *   Type (i) = 0x06,
 *   Offset (i),
 *   Length (i),
 *   Crypto Data (..),
 * }
 * </pre>
 *
 * <p>{@code data} is a view: its remaining bytes are the payload. A decoded frame's data shares
 * the packet buffer and stays valid only while that buffer is not reused. Encoding does not move
 * its position. Equality compares the remaining bytes.
 */
public record CryptoFrame(long offset, ByteBuffer data) implements Frame {

    public CryptoFrame {
        Encoding.requireVarInt(offset, "offset");
        Objects.requireNonNull(data, "data");
        if (offset + data.remaining() > VarInt.MAX_VALUE) {
            throw new IllegalArgumentException("CRYPTO offset + length exceeds 2^62-1");
        }
    }

    static CryptoFrame decodeFields(WireReader reader) throws QuicProtocolException {
        long offset = reader.readVarInt();
        int length = reader.readVarIntLength("CRYPTO data");
        // RFC 9000 §19.6: offset + length above 2^62-1 MUST be treated as a connection error of
        // type FRAME_ENCODING_ERROR or CRYPTO_BUFFER_EXCEEDED.
        if (offset + length > VarInt.MAX_VALUE) {
            throw reader.error("CRYPTO offset + length exceeds 2^62-1");
        }
        return new CryptoFrame(offset, reader.readSlice(length));
    }

    /** Number of payload bytes. */
    public int length() {
        return data.remaining();
    }

    /** RFC 9000 §19.6 overhead of a CRYPTO frame carrying {@code length} bytes at {@code offset}. */
    public static int overhead(long offset, int length) {
        return 1 + VarInt.encodedLength(offset) + VarInt.encodedLength(length);
    }

    @Override
    public long frameType() {
        return FrameTypes.CRYPTO;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameTypes.CRYPTO);
        VarInt.write(out, offset);
        VarInt.write(out, data.remaining());
        Encoding.putPayload(out, data);
    }

    @Override
    public int encodedLength() {
        return overhead(offset, data.remaining()) + data.remaining();
    }
}
