package dev.jquic.core.frame;

import dev.jquic.core.codec.QuicProtocolException;

/**
 * Receives the frames of a packet payload, in order, from
 * {@link FrameDecoder#decodeAll(dev.jquic.core.codec.WireReader, dev.jquic.core.types.PacketType, FrameConsumer)}.
 * It may throw to abort processing with a connection error.
 */
@FunctionalInterface
public interface FrameConsumer {
    void accept(Frame frame) throws QuicProtocolException;
}
