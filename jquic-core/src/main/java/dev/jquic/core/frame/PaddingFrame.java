package dev.jquic.core.frame;

import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;

/**
 * PADDING frames (RFC 9000 §19.1): a run of {@code length} consecutive 0x00 bytes.
 *
 * <pre>
 * PADDING Frame {
 *   Type (i) = 0x00,
 * }
 * </pre>
 *
 * Each 0x00 byte is formally one frame; this record stands for the whole run, and the decoder
 * reads every consecutive 0x00 byte into one value. Not ack-eliciting, but in flight (RFC 9002 §2).
 */
public record PaddingFrame(int length) implements Frame {

    public PaddingFrame {
        if (length < 1) {
            throw new IllegalArgumentException("padding length must be positive: " + length);
        }
    }

    /** Reads the run of 0x00 bytes following the first (already consumed) one. */
    static PaddingFrame decodeFields(WireReader reader) {
        ByteBuffer buffer = reader.buffer();
        int position = buffer.position();
        int limit = buffer.limit();
        int end = position;
        while (end < limit && buffer.get(end) == 0) {
            end++;
        }
        buffer.position(end);
        return new PaddingFrame(1 + end - position);
    }

    @Override
    public long frameType() {
        return FrameTypes.PADDING;
    }

    @Override
    public void encode(ByteBuffer out) {
        for (int i = 0; i < length; i++) {
            out.put((byte) 0);
        }
    }

    @Override
    public int encodedLength() {
        return length;
    }

    @Override
    public boolean ackEliciting() {
        return false;
    }

    @Override
    public boolean inFlight() {
        return true;
    }

    @Override
    public boolean probing() {
        return true;
    }
}
