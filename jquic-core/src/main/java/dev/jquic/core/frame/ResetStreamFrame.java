package dev.jquic.core.frame;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.VarInt;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;

/**
 * RESET_STREAM frame (RFC 9000 §19.4).
 *
 * <pre>
 * RESET_STREAM Frame {
 *   Type (i) = 0x04,
 *   Stream ID (i),
 *   Application Protocol Error Code (i),
 *   Final Size (i),
 * }
 * </pre>
 */
public record ResetStreamFrame(long streamId, long applicationErrorCode, long finalSize) implements Frame {

    public ResetStreamFrame {
        Encoding.requireVarInt(streamId, "streamId");
        Encoding.requireVarInt(applicationErrorCode, "applicationErrorCode");
        Encoding.requireVarInt(finalSize, "finalSize");
    }

    static ResetStreamFrame decodeFields(WireReader reader) throws QuicProtocolException {
        long streamId = reader.readVarInt();
        long applicationErrorCode = reader.readVarInt();
        long finalSize = reader.readVarInt();
        return new ResetStreamFrame(streamId, applicationErrorCode, finalSize);
    }

    @Override
    public long frameType() {
        return FrameTypes.RESET_STREAM;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameTypes.RESET_STREAM);
        VarInt.write(out, streamId);
        VarInt.write(out, applicationErrorCode);
        VarInt.write(out, finalSize);
    }

    @Override
    public int encodedLength() {
        return 1 + Encoding.varIntLength(streamId) + Encoding.varIntLength(applicationErrorCode)
                + Encoding.varIntLength(finalSize);
    }
}
