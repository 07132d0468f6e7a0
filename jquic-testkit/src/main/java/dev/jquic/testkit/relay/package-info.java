/**
 * An in-process UDP relay on loopback for interoperability tests against real QUIC stacks:
 * {@link dev.jquic.testkit.relay.UdpRelay} forwards datagrams between clients and one server
 * while applying the impairments of a {@link dev.jquic.testkit.relay.RelayConfig} (seeded loss
 * with bursts, bit-flip corruption, delay, a bandwidth-limited bottleneck queue, blackhole
 * windows, client port rebinding). Unlike the rest of the testkit it opens sockets and runs one
 * thread of its own; the drop and corrupt decisions are deterministic given the seed
 * ({@link dev.jquic.testkit.relay.ImpairmentDecider}), the timing is real.
 */
package dev.jquic.testkit.relay;
