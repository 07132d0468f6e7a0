package dev.jquic.core.frame;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.VarInt;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;

/**
 * RETIRE_CONNECTION_ID frame (RFC 9000 §19.16).
 *
 * <pre>
 * RETIRE_CONNECTION_ID Frame {
 *   Type (i) = 0x19,
 *   Sequence Number (i),
 * }
 * </pre>
 */
public record RetireConnectionIdFrame(long sequenceNumber) implements Frame {

    public RetireConnectionIdFrame {
        Encoding.requireVarInt(sequenceNumber, "sequenceNumber");
    }

    static RetireConnectionIdFrame decodeFields(WireReader reader) throws QuicProtocolException {
        long sequenceNumber = reader.readVarInt();
        return new RetireConnectionIdFrame(sequenceNumber);
    }

    @Override
    public long frameType() {
        return FrameTypes.RETIRE_CONNECTION_ID;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameTypes.RETIRE_CONNECTION_ID);
        VarInt.write(out, sequenceNumber);
    }

    @Override
    public int encodedLength() {
        return 1 + Encoding.varIntLength(sequenceNumber);
    }
}
