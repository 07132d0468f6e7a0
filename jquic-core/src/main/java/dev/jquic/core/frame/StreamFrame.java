package dev.jquic.core.frame;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.VarInt;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * STREAM frame (RFC 9000 §19.8): {@code data} at {@code offset} of stream {@code streamId},
 * with {@code fin} marking the end of the stream. Types 0x08-0x0f carry three flag bits:
 * OFF (0x04, an Offset field is present), LEN (0x02, a Length field is present) and FIN (0x01).
 *
 * <pre>
 * STREAM Frame {
 *   Type (i) = 0x08..0x0f,
 *   Stream ID (i),
 *   [Offset (i)],
 *   [Length (i)],
 *   Stream Data (..),
 * }
 * </pre>
 *
 * <p>{@link #encode} writes the Length field; {@link #encodeWithoutLength} omits it for the
 * last frame of a packet. The Offset field is written only when the offset is not 0.
 *
 * <p>{@code data} is a view: its remaining bytes are the payload. A decoded frame's data shares
 * the packet buffer and stays valid only while that buffer is not reused. Encoding does not move
 * its position. Equality compares stream, offset, FIN and the remaining bytes; which type bits
 * carried the frame is not part of the value.
 */
public record StreamFrame(long streamId, long offset, ByteBuffer data, boolean fin) implements LengthOmittableFrame {

    public StreamFrame {
        Encoding.requireVarInt(streamId, "streamId");
        Encoding.requireVarInt(offset, "offset");
        Objects.requireNonNull(data, "data");
        if (offset + data.remaining() > VarInt.MAX_VALUE) {
            throw new IllegalArgumentException("STREAM offset + length exceeds 2^62-1");
        }
    }

    static StreamFrame decodeFields(WireReader reader, int frameType) throws QuicProtocolException {
        long streamId = reader.readVarInt();
        long offset = (frameType & FrameTypes.STREAM_OFF) != 0 ? reader.readVarInt() : 0;
        int length = (frameType & FrameTypes.STREAM_LEN) != 0
                ? reader.readVarIntLength("STREAM data")
                : reader.remaining();
        // RFC 9000 §19.8: offset + length above 2^62-1 MUST be treated as a connection error of
        // type FRAME_ENCODING_ERROR or FLOW_CONTROL_ERROR.
        if (offset + length > VarInt.MAX_VALUE) {
            throw reader.error("STREAM offset + length exceeds 2^62-1");
        }
        return new StreamFrame(streamId, offset, reader.readSlice(length), (frameType & FrameTypes.STREAM_FIN) != 0);
    }

    /** Number of payload bytes. */
    public int length() {
        return data.remaining();
    }

    /** The stream offset just past this frame's data (the final size when {@link #fin}). */
    public long endOffset() {
        return offset + data.remaining();
    }

    /**
     * Bytes a STREAM frame with a Length field adds to {@code length} payload bytes: type,
     * Stream ID, Offset (when not 0) and Length. For the form without Length, subtract
     * {@code VarInt.encodedLength(length)}.
     */
    public static int overhead(long streamId, long offset, int length) {
        return headerLengthWithoutLength(streamId, offset) + VarInt.encodedLength(length);
    }

    private static int headerLengthWithoutLength(long streamId, long offset) {
        return 1 + VarInt.encodedLength(streamId) + (offset == 0 ? 0 : VarInt.encodedLength(offset));
    }

    private int typeBits() {
        return FrameTypes.STREAM | (offset == 0 ? 0 : FrameTypes.STREAM_OFF) | (fin ? FrameTypes.STREAM_FIN : 0);
    }

    @Override
    public long frameType() {
        return typeBits() | FrameTypes.STREAM_LEN;
    }

    @Override
    public long frameTypeWithoutLength() {
        return typeBits();
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) frameType());
        writeIdAndOffset(out);
        VarInt.write(out, data.remaining());
        Encoding.putPayload(out, data);
    }

    @Override
    public int encodedLength() {
        return overhead(streamId, offset, data.remaining()) + data.remaining();
    }

    @Override
    public void encodeWithoutLength(ByteBuffer out) {
        out.put((byte) frameTypeWithoutLength());
        writeIdAndOffset(out);
        Encoding.putPayload(out, data);
    }

    @Override
    public int encodedLengthWithoutLength() {
        return headerLengthWithoutLength(streamId, offset) + data.remaining();
    }

    private void writeIdAndOffset(ByteBuffer out) {
        VarInt.write(out, streamId);
        if (offset != 0) {
            VarInt.write(out, offset);
        }
    }
}
