package dev.jquic.core.frame;

import java.nio.ByteBuffer;

/**
 * A frame whose trailing payload may omit its Length field when it is the last frame of a
 * packet: STREAM (RFC 9000 §19.8, LEN bit 0x02) and DATAGRAM (RFC 9221 §4, LEN bit 0x01).
 * {@link #encode} always writes the Length field; {@link #encodeWithoutLength} writes the
 * shorter form whose payload extends to the end of the packet.
 */
public sealed interface LengthOmittableFrame extends Frame permits StreamFrame, DatagramFrame {

    /** The frame type written by {@link #encodeWithoutLength} (LEN bit clear). */
    long frameTypeWithoutLength();

    /**
     * Writes the frame without its Length field; only valid as the last frame of a packet,
     * since the receiver reads the payload up to the end of the packet.
     */
    void encodeWithoutLength(ByteBuffer out);

    /** The number of bytes {@link #encodeWithoutLength} writes. */
    int encodedLengthWithoutLength();
}
