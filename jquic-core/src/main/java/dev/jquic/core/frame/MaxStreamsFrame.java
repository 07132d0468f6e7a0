package dev.jquic.core.frame;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.VarInt;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * MAX_STREAMS frame (RFC 9000 §19.11): type 0x12 concerns bidirectional streams, 0x13 unidirectional ones.
 *
 * <pre>
 * MAX_STREAMS Frame {
 *   Type (i) = 0x12..0x13,
 *   Maximum Streams (i),
 * }
 * </pre>
 *
 * The count cannot exceed 2^60, since no stream ID above 2^62-1 can be encoded.
 */
public record MaxStreamsFrame(StreamDirection direction, long maximumStreams) implements Frame {

    public MaxStreamsFrame {
        Objects.requireNonNull(direction, "direction");
        if (maximumStreams < 0 || maximumStreams > Encoding.MAX_STREAM_COUNT) {
            throw new IllegalArgumentException("maximumStreams out of range 0..2^60: " + maximumStreams);
        }
    }

    static MaxStreamsFrame decodeFields(WireReader reader, int frameType) throws QuicProtocolException {
        long maximumStreams = reader.readVarInt();
        // RFC 9000 §19.11: a value above 2^60 MUST be treated as a connection error of type FRAME_ENCODING_ERROR.
        if (maximumStreams > Encoding.MAX_STREAM_COUNT) {
            throw reader.error("MAX_STREAMS maximumStreams exceeds 2^60: " + maximumStreams);
        }
        StreamDirection direction = frameType == FrameTypes.MAX_STREAMS_BIDI
                ? StreamDirection.BIDIRECTIONAL : StreamDirection.UNIDIRECTIONAL;
        return new MaxStreamsFrame(direction, maximumStreams);
    }

    @Override
    public long frameType() {
        return direction == StreamDirection.BIDIRECTIONAL ? FrameTypes.MAX_STREAMS_BIDI : FrameTypes.MAX_STREAMS_UNI;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) frameType());
        VarInt.write(out, maximumStreams);
    }

    @Override
    public int encodedLength() {
        return 1 + Encoding.varIntLength(maximumStreams);
    }
}
