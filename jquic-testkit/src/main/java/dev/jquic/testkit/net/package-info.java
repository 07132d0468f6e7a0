/**
 * A deterministic, single-threaded network simulator for sans-IO endpoints (DESIGN §4, §5.11,
 * §6.3). It knows nothing about QUIC: {@link dev.jquic.testkit.net.Node}s exchange
 * {@link dev.jquic.testkit.net.Datagram}s between {@link dev.jquic.testkit.net.SimulatedAddress}es
 * over per-direction links whose {@link dev.jquic.testkit.net.LinkModel} adds delay, jitter,
 * loss (random or in bursts), duplication, corruption, a bandwidth limit with a bounded FIFO
 * queue, and blackhole windows; a {@link dev.jquic.testkit.net.PacketInterceptor} can see,
 * modify or drop datagrams in flight.
 *
 * <p>Time is virtual ({@link dev.jquic.testkit.net.VirtualClock}): the
 * {@link dev.jquic.testkit.net.SimulatedNetwork} jumps from event to event, so a run of minutes
 * of simulated time takes milliseconds. All randomness flows from one seed per network, split
 * per link; the same seed gives the same event trace, and every failing bounded run names its
 * seed. Every run is bounded both in virtual time and in number of events.
 *
 * <pre>{@code
 * SimulatedNetwork network = new SimulatedNetwork(seed)
 *         .register(clientAddress, clientNode)
 *         .register(serverAddress, serverNode)
 *         .linkBothWays(clientAddress, serverAddress, LinkModel.builder()
 *                 .oneWayDelayNanos(20_000_000).lossRate(0.01).build());
 * network.intercept(clientAddress, serverAddress, PacketInterceptor.dropSequences(1));
 * network.runUntil(() -> clientNode.isDone(), 10_000_000_000L); // throws, naming the seed
 * }</pre>
 *
 * <p>May use: java.base (including {@code java.util.SplittableRandom}, seeded explicitly) and
 * jquic-core. Never java.net, threads, or the wall clock. Not thread-safe.
 */
package dev.jquic.testkit.net;
