package dev.jquic.core.frame;

import java.nio.ByteBuffer;

/**
 * HANDSHAKE_DONE frame (RFC 9000 §19.20): sent by the server to confirm the handshake.
 *
 * <pre>
 * HANDSHAKE_DONE Frame {
 *   Type (i) = 0x1e,
 * }
 * </pre>
 */
public record HandshakeDoneFrame() implements Frame {
    public static final HandshakeDoneFrame INSTANCE = new HandshakeDoneFrame();

    @Override
    public long frameType() {
        return FrameTypes.HANDSHAKE_DONE;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameTypes.HANDSHAKE_DONE);
    }

    @Override
    public int encodedLength() {
        return 1;
    }
}
