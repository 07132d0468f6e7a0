package dev.jquic.core.trace;

import dev.jquic.core.frame.Frame;
import dev.jquic.core.types.PacketNumberSpace;
import dev.jquic.core.types.PacketType;
import java.util.List;

/**
 * Receives a connection's observable events, for logging such as qlog. Every method has a no-op
 * default; {@link #NONE} is the tracer a connection starts with, and the connection builds no
 * event data while that one is set. Times are the connection's clock, in nanoseconds.
 *
 * <p>Frame lists and the payloads of STREAM, CRYPTO and DATAGRAM frames in them are only valid
 * during the call (they are reused lists and views of packet buffers): a tracer must copy what it
 * keeps. Called on the connection's thread; implementations need not be thread-safe.
 */
public interface ConnectionTracer {

    /** The tracer that does nothing; connections skip building trace data when it is set. */
    ConnectionTracer NONE = new ConnectionTracer() {
    };

    /**
     * A packet was sent. {@code frames} lists the frames it carried that are worth logging
     * (retransmittable frames, the ACK, a PING); padding is implied by {@code sizeBytes}.
     */
    default void packetSent(long timeNanos, PacketType type, long packetNumber, int sizeBytes, List<Frame> frames) {
    }

    /** A packet was decrypted and its frames processed. */
    default void packetReceived(long timeNanos, PacketType type, long packetNumber, int sizeBytes,
            List<Frame> frames) {
    }

    /**
     * A received packet was dropped unprocessed. {@code type} is null when its header could not be
     * parsed; {@code sizeBytes} is the packet's length, or the rest of the datagram when unparsed.
     */
    default void packetDropped(long timeNanos, PacketType type, int sizeBytes, PacketDropReason reason) {
    }

    /** RFC 9001 §5.7: a packet arrived before its keys and waits for them. */
    default void packetBuffered(long timeNanos, PacketType type, int sizeBytes) {
    }

    /** RFC 9002 §6.1: a sent packet was declared lost. */
    default void packetLost(long timeNanos, PacketNumberSpace space, long packetNumber) {
    }

    /** Congestion and RTT state after an acknowledgment was processed (RFC 9002 §5, §7). */
    default void metricsUpdated(long timeNanos, long congestionWindowBytes, long bytesInFlight,
            long smoothedRttNanos, long minRttNanos, long rttVariationNanos) {
    }

    /** The connection's state changed (for example "handshake_complete", "closing", "draining"). */
    default void stateChanged(long timeNanos, String state) {
    }

    /** The connection ended; no further events follow. */
    default void closed(long timeNanos, String reason) {
    }
}
