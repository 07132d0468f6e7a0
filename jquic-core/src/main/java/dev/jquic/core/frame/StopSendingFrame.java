package dev.jquic.core.frame;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.VarInt;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;

/**
 * STOP_SENDING frame (RFC 9000 §19.5).
 *
 * <pre>
 * STOP_SENDING Frame {
 *   Type (i) = 0x05,
 *   Stream ID (i),
 *   Application Protocol Error Code (i),
 * }
 * </pre>
 */
public record StopSendingFrame(long streamId, long applicationErrorCode) implements Frame {

    public StopSendingFrame {
        Encoding.requireVarInt(streamId, "streamId");
        Encoding.requireVarInt(applicationErrorCode, "applicationErrorCode");
    }

    static StopSendingFrame decodeFields(WireReader reader) throws QuicProtocolException {
        long streamId = reader.readVarInt();
        long applicationErrorCode = reader.readVarInt();
        return new StopSendingFrame(streamId, applicationErrorCode);
    }

    @Override
    public long frameType() {
        return FrameTypes.STOP_SENDING;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameTypes.STOP_SENDING);
        VarInt.write(out, streamId);
        VarInt.write(out, applicationErrorCode);
    }

    @Override
    public int encodedLength() {
        return 1 + Encoding.varIntLength(streamId) + Encoding.varIntLength(applicationErrorCode);
    }
}
