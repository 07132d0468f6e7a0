package dev.jquic.core.frame;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.VarInt;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * DATAGRAM frame (RFC 9221 §4): unreliable application data. Type 0x31 carries a Length field;
 * type 0x30 omits it and extends to the end of the packet (see {@link #encodeWithoutLength}).
 *
 * <pre>
 * DATAGRAM Frame {
 *   Type (i) = 0x30..0x31,
 *   [Length (i)],
 *   Datagram Data (..),
 * }
 * </pre>
 *
 * <p>{@code data} is a view: its remaining bytes are the payload (possibly empty). A decoded
 * frame's data shares the packet buffer and stays valid only while that buffer is not reused.
 * Encoding does not move its position. Equality compares the remaining bytes; which of the two
 * types carried the frame is not part of the value.
 */
public record DatagramFrame(ByteBuffer data) implements LengthOmittableFrame {

    public DatagramFrame {
        Objects.requireNonNull(data, "data");
    }

    static DatagramFrame decodeFields(WireReader reader, int frameType) throws QuicProtocolException {
        int length = frameType == FrameTypes.DATAGRAM_WITH_LENGTH
                ? reader.readVarIntLength("DATAGRAM data")
                : reader.remaining();
        return new DatagramFrame(reader.readSlice(length));
    }

    /** Number of payload bytes. */
    public int length() {
        return data.remaining();
    }

    @Override
    public long frameType() {
        return FrameTypes.DATAGRAM_WITH_LENGTH;
    }

    @Override
    public long frameTypeWithoutLength() {
        return FrameTypes.DATAGRAM;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameTypes.DATAGRAM_WITH_LENGTH);
        VarInt.write(out, data.remaining());
        Encoding.putPayload(out, data);
    }

    @Override
    public int encodedLength() {
        return 1 + VarInt.encodedLength(data.remaining()) + data.remaining();
    }

    @Override
    public void encodeWithoutLength(ByteBuffer out) {
        out.put((byte) FrameTypes.DATAGRAM);
        Encoding.putPayload(out, data);
    }

    @Override
    public int encodedLengthWithoutLength() {
        return 1 + data.remaining();
    }
}
