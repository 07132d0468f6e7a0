package dev.jquic.testkit.net;

/**
 * What the {@link SimulatedNetwork} drives: a sans-IO participant mirroring DESIGN §4. Datagrams
 * and the current time go in; datagrams and the next deadline come out. A QUIC endpoint or
 * connection gets an adapter to this interface.
 *
 * <p>After every call into a node the network drains {@link #poll} until it returns
 * {@code null}, then reads {@link #nextTimeoutNanos()} and schedules a timeout event for it.
 */
public interface Node {

    /** A datagram addressed to this node arrives at virtual time {@code nowNanos}. */
    void receive(Datagram datagram, long nowNanos);

    /** The next datagram this node wants to send at {@code nowNanos}, or {@code null} if none. */
    Datagram poll(long nowNanos);

    /**
     * The absolute virtual time at which {@link #onTimeout} should be called, or
     * {@link Long#MAX_VALUE} when no timer is armed. A deadline in the past fires at once.
     */
    long nextTimeoutNanos();

    /** The deadline reported by {@link #nextTimeoutNanos()} has been reached. */
    void onTimeout(long nowNanos);
}
