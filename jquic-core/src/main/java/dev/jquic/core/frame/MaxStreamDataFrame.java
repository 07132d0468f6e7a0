package dev.jquic.core.frame;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.VarInt;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;

/**
 * MAX_STREAM_DATA frame (RFC 9000 §19.10).
 *
 * <pre>
 * MAX_STREAM_DATA Frame {
 *   Type (i) = 0x11,
 *   Stream ID (i),
 *   Maximum Stream Data (i),
 * }
 * </pre>
 */
public record MaxStreamDataFrame(long streamId, long maximumStreamData) implements Frame {

    public MaxStreamDataFrame {
        Encoding.requireVarInt(streamId, "streamId");
        Encoding.requireVarInt(maximumStreamData, "maximumStreamData");
    }

    static MaxStreamDataFrame decodeFields(WireReader reader) throws QuicProtocolException {
        long streamId = reader.readVarInt();
        long maximumStreamData = reader.readVarInt();
        return new MaxStreamDataFrame(streamId, maximumStreamData);
    }

    @Override
    public long frameType() {
        return FrameTypes.MAX_STREAM_DATA;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameTypes.MAX_STREAM_DATA);
        VarInt.write(out, streamId);
        VarInt.write(out, maximumStreamData);
    }

    @Override
    public int encodedLength() {
        return 1 + Encoding.varIntLength(streamId) + Encoding.varIntLength(maximumStreamData);
    }
}
