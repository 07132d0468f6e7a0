package dev.jquic.testkit.net;

/** Why the simulated network dropped a datagram. */
public enum DropCause {
    /** Independent random loss ({@link LinkModel#lossRate()}). */
    RANDOM_LOSS,
    /** Loss while the link was in its bursty (Gilbert-Elliott "bad") state. */
    BURST_LOSS,
    /** The bandwidth queue was full (tail drop). */
    QUEUE_OVERFLOW,
    /** Sent during a {@link BlackholeWindow}. */
    BLACKHOLE,
    /** A {@link PacketInterceptor} returned {@code null}. */
    INTERCEPTOR,
    /** Larger than the link's {@link LinkModel#maxDatagramSizeBytes()} (a path MTU). */
    TOO_BIG,
    /** No node is registered at the destination address. */
    NO_ROUTE
}
