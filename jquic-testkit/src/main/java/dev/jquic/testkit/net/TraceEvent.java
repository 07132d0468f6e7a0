package dev.jquic.testkit.net;

/**
 * One entry of a network's event trace (see {@link SimulatedNetwork#recordTrace()}). Two runs
 * with the same seed and the same nodes produce equal traces.
 *
 * @param timeNanos   virtual time of the event
 * @param kind        what happened
 * @param source      datagram source; for {@link Kind#TIMEOUT}, the node's address
 * @param destination datagram destination; for {@link Kind#TIMEOUT}, the node's address
 * @param length      payload length in bytes (0 for timeouts)
 * @param payloadHash {@code Arrays.hashCode} of the payload (0 for timeouts)
 * @param dropCause   why it was dropped, for {@link Kind#DROPPED}; otherwise {@code null}
 */
public record TraceEvent(long timeNanos, Kind kind, SimulatedAddress source, SimulatedAddress destination,
                         int length, int payloadHash, DropCause dropCause) {

    /** What a trace entry records. */
    public enum Kind {
        /** A node sent a datagram (before impairments). */
        SENT,
        /** A datagram was dropped. */
        DROPPED,
        /** A datagram had a bit flipped (the entry shows the corrupted payload's hash). */
        CORRUPTED,
        /** An extra copy of a datagram was scheduled. */
        DUPLICATED,
        /** A datagram reached its destination node. */
        DELIVERED,
        /** A node's timer fired. */
        TIMEOUT
    }
}
