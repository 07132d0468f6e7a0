package dev.jquic.core.frame;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.VarInt;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;

/**
 * MAX_DATA frame (RFC 9000 §19.9).
 *
 * <pre>
 * MAX_DATA Frame {
 *   Type (i) = 0x10,
 *   Maximum Data (i),
 * }
 * </pre>
 */
public record MaxDataFrame(long maximumData) implements Frame {

    public MaxDataFrame {
        Encoding.requireVarInt(maximumData, "maximumData");
    }

    static MaxDataFrame decodeFields(WireReader reader) throws QuicProtocolException {
        long maximumData = reader.readVarInt();
        return new MaxDataFrame(maximumData);
    }

    @Override
    public long frameType() {
        return FrameTypes.MAX_DATA;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameTypes.MAX_DATA);
        VarInt.write(out, maximumData);
    }

    @Override
    public int encodedLength() {
        return 1 + Encoding.varIntLength(maximumData);
    }
}
