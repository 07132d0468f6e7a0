package dev.jquic.core.frame;

import java.nio.ByteBuffer;

/**
 * PING frame (RFC 9000 §19.2): no content; elicits an acknowledgment.
 *
 * <pre>
 * PING Frame {
 *   Type (i) = 0x01,
 * }
 * </pre>
 */
public record PingFrame() implements Frame {
    public static final PingFrame INSTANCE = new PingFrame();

    @Override
    public long frameType() {
        return FrameTypes.PING;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameTypes.PING);
    }

    @Override
    public int encodedLength() {
        return 1;
    }
}
