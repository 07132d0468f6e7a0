package dev.jquic.core.frame;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.VarInt;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;

/**
 * STREAM_DATA_BLOCKED frame (RFC 9000 §19.13).
 *
 * <pre>
 * STREAM_DATA_BLOCKED Frame {
 *   Type (i) = 0x15,
 *   Stream ID (i),
 *   Maximum Stream Data (i),
 * }
 * </pre>
 */
public record StreamDataBlockedFrame(long streamId, long maximumStreamData) implements Frame {

    public StreamDataBlockedFrame {
        Encoding.requireVarInt(streamId, "streamId");
        Encoding.requireVarInt(maximumStreamData, "maximumStreamData");
    }

    static StreamDataBlockedFrame decodeFields(WireReader reader) throws QuicProtocolException {
        long streamId = reader.readVarInt();
        long maximumStreamData = reader.readVarInt();
        return new StreamDataBlockedFrame(streamId, maximumStreamData);
    }

    @Override
    public long frameType() {
        return FrameTypes.STREAM_DATA_BLOCKED;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameTypes.STREAM_DATA_BLOCKED);
        VarInt.write(out, streamId);
        VarInt.write(out, maximumStreamData);
    }

    @Override
    public int encodedLength() {
        return 1 + Encoding.varIntLength(streamId) + Encoding.varIntLength(maximumStreamData);
    }
}
