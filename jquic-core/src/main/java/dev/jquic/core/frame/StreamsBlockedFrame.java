package dev.jquic.core.frame;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.VarInt;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * STREAMS_BLOCKED frame (RFC 9000 §19.14): type 0x16 concerns bidirectional streams, 0x17 unidirectional ones.
 *
 * <pre>
 * STREAMS_BLOCKED Frame {
 *   Type (i) = 0x16..0x17,
 *   Maximum Streams (i),
 * }
 * </pre>
 *
 * The count cannot exceed 2^60, since no stream ID above 2^62-1 can be encoded.
 */
public record StreamsBlockedFrame(StreamDirection direction, long maximumStreams) implements Frame {

    public StreamsBlockedFrame {
        Objects.requireNonNull(direction, "direction");
        if (maximumStreams < 0 || maximumStreams > Encoding.MAX_STREAM_COUNT) {
            throw new IllegalArgumentException("maximumStreams out of range 0..2^60: " + maximumStreams);
        }
    }

    static StreamsBlockedFrame decodeFields(WireReader reader, int frameType) throws QuicProtocolException {
        long maximumStreams = reader.readVarInt();
        // RFC 9000 §19.14: a value above 2^60 MUST be treated as a connection error of type
        // STREAM_LIMIT_ERROR or FRAME_ENCODING_ERROR; this decoder uses the latter.
        if (maximumStreams > Encoding.MAX_STREAM_COUNT) {
            throw reader.error("STREAMS_BLOCKED maximumStreams exceeds 2^60: " + maximumStreams);
        }
        StreamDirection direction = frameType == FrameTypes.STREAMS_BLOCKED_BIDI
                ? StreamDirection.BIDIRECTIONAL : StreamDirection.UNIDIRECTIONAL;
        return new StreamsBlockedFrame(direction, maximumStreams);
    }

    @Override
    public long frameType() {
        return direction == StreamDirection.BIDIRECTIONAL
                ? FrameTypes.STREAMS_BLOCKED_BIDI : FrameTypes.STREAMS_BLOCKED_UNI;
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
