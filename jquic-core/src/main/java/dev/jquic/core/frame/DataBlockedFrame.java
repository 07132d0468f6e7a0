package dev.jquic.core.frame;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.VarInt;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;

/**
 * DATA_BLOCKED frame (RFC 9000 §19.12).
 *
 * <pre>
 * DATA_BLOCKED Frame {
 *   Type (i) = 0x14,
 *   Maximum Data (i),
 * }
 * </pre>
 */
public record DataBlockedFrame(long maximumData) implements Frame {

    public DataBlockedFrame {
        Encoding.requireVarInt(maximumData, "maximumData");
    }

    static DataBlockedFrame decodeFields(WireReader reader) throws QuicProtocolException {
        long maximumData = reader.readVarInt();
        return new DataBlockedFrame(maximumData);
    }

    @Override
    public long frameType() {
        return FrameTypes.DATA_BLOCKED;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameTypes.DATA_BLOCKED);
        VarInt.write(out, maximumData);
    }

    @Override
    public int encodedLength() {
        return 1 + Encoding.varIntLength(maximumData);
    }
}
