package dev.jquic.core.frame;

import java.nio.ByteBuffer;

/**
 * A QUIC frame (RFC 9000 §12.4 and §19; DATAGRAM of RFC 9221 §4). Every implementation is an
 * immutable value carrying its own codec: {@link #encode} writes exactly {@link #encodedLength()}
 * bytes, and {@link FrameDecoder} reads it back. Frames whose payload is a {@link ByteBuffer}
 * (STREAM, CRYPTO, DATAGRAM) hold a view of that buffer, not a copy.
 *
 * <p>Not thread-safe (values are immutable, but payload views share their buffer).
 */
public sealed interface Frame
        permits PaddingFrame, PingFrame, AckFrame, ResetStreamFrame, StopSendingFrame, CryptoFrame,
        NewTokenFrame, LengthOmittableFrame, MaxDataFrame, MaxStreamDataFrame, MaxStreamsFrame, DataBlockedFrame,
        StreamDataBlockedFrame, StreamsBlockedFrame, NewConnectionIdFrame, RetireConnectionIdFrame,
        PathChallengeFrame, PathResponseFrame, ConnectionCloseFrame, HandshakeDoneFrame {

    /** The frame type that {@link #encode} writes (e.g. 0x0a for a STREAM frame with offset 0 and a Length). */
    long frameType();

    /** Writes the frame at the buffer's position, advancing it by {@link #encodedLength()}. */
    void encode(ByteBuffer out);

    /** The number of bytes {@link #encode} writes. */
    int encodedLength();

    /**
     * RFC 9002 §2: every frame except ACK, PADDING and CONNECTION_CLOSE is ack-eliciting.
     */
    default boolean ackEliciting() {
        return true;
    }

    /**
     * RFC 9002 §2: a packet is in flight (counts toward congestion control) when it carries an
     * ack-eliciting frame or a PADDING frame.
     */
    default boolean inFlight() {
        return ackEliciting();
    }

    /**
     * RFC 9000 §9.1: PATH_CHALLENGE, PATH_RESPONSE, NEW_CONNECTION_ID and PADDING are probing
     * frames; a packet holding only these is a probing packet.
     */
    default boolean probing() {
        return false;
    }
}
