package dev.jquic.testkit.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A UDP relay on loopback between QUIC clients and one server, on a thread of its own. Clients
 * send to {@link #address()}; each client address gets its own upstream socket toward the server,
 * so the server sees one source port per client (until {@link #rebindClientPorts()} changes it).
 * Every datagram passes, in order: a blackhole window, the seeded loss model, the seeded bit-flip,
 * the bandwidth-limited tail-drop queue, the added delay, and (client datagrams with a Handshake
 * packet) the handshake hold ({@link RelayConfig}). It records the bytes each way before the
 * first client Handshake packet reached the server ({@link #addressValidationWindow()}).
 *
 * <p>Only the drop and corrupt choices are deterministic given the seed (the n-th datagram of a
 * direction gets the same verdict); timing is real. {@link #reportSeedOnFailure} names the seed
 * of a failing run. Bounded: at most {@value #MAX_SCHEDULED} datagrams wait in the delay line.
 * Its public methods are thread-safe; {@link #close()} stops the thread and closes every socket.
 */
public final class UdpRelay implements AutoCloseable {

    /** Most datagrams held at once in the delay line; further ones are dropped as queue drops. */
    public static final int MAX_SCHEDULED = 100_000;
    private static final int SOCKET_BUFFER_BYTES = 4 << 20;
    private static final int RECEIVED = 0;
    private static final int FORWARDED = 1;
    private static final int DROPPED = 2;
    private static final int CORRUPTED = 3;
    private static final int QUEUE_DROPPED = 4;
    private static final int BLACKHOLED = 5;
    private static final int FORWARDED_BYTES = 6;
    private static final int RECEIVED_BYTES = 7;
    private static final int COUNTERS = 8;
    private static final long QUEUE_FULL = Long.MIN_VALUE;

    private final RelayConfig config;
    private final InetSocketAddress server;
    private final Selector selector;
    private final DatagramChannel listening;
    private final Map<InetSocketAddress, DatagramChannel> upstreams = new HashMap<>();
    private final List<DatagramChannel> oldMappings = new ArrayList<>();
    private final ImpairmentDecider[] deciders = new ImpairmentDecider[2];
    private final Bottleneck[] bottlenecks = new Bottleneck[2];
    private final AtomicLongArray counters = new AtomicLongArray(2 * COUNTERS);
    /** Per client address: what the loss model did to its datagrams (see {@link FlowRecord}). */
    private final Map<InetSocketAddress, FlowRecord> flows = new java.util.concurrent.ConcurrentHashMap<>();
    private final PriorityQueue<Scheduled> delayLine = new PriorityQueue<>();
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(65_536);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long blackholeUntilNanos = System.nanoTime();
    private volatile Throwable failure;
    private long sequence;
    /** When held client Handshake datagrams are released (relay thread only); 0 before the first. */
    private long holdUntilNanos;
    private long heldDatagrams;
    private volatile AddressValidationWindow validationWindow;

    private UdpRelay(InetSocketAddress server, RelayConfig config) throws IOException {
        this.config = config;
        this.server = server;
        this.selector = Selector.open();
        this.listening = openChannel(new InetSocketAddress(server.getAddress(), 0));
        listening.register(selector, SelectionKey.OP_READ, null);
        for (RelayDirection direction : RelayDirection.values()) {
            long seed = config.seed() * 31 + direction.ordinal();
            deciders[direction.ordinal()] = new ImpairmentDecider(config.impairment(direction), seed);
            bottlenecks[direction.ordinal()] = new Bottleneck();
        }
        this.thread = new Thread(this::run, "udp-relay-" + config.seed());
        thread.setDaemon(true);
    }

    /** Starts a relay toward {@code server} on a free port of the server's (loopback) address. */
    public static UdpRelay start(InetSocketAddress server, RelayConfig config) throws IOException {
        UdpRelay relay = new UdpRelay(server, config);
        relay.thread.start();
        return relay;
    }

    /** Where clients send. */
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) listening.getLocalAddress();
        } catch (IOException closed) {
            throw new UncheckedIOException(closed);
        }
    }

    /** The seed of every drop and corrupt decision. */
    public long seed() {
        return config.seed();
    }

    /** Drops everything, both ways, from now for {@code length}. */
    public void blackhole(Duration length) {
        blackholeUntilNanos = System.nanoTime() + length.toNanos();
    }

    /**
     * Gives every known client a new upstream socket (a new source port as the server sees it),
     * like a NAT rebinding. As with a NAT whose old mapping has not expired yet, server datagrams
     * that still go to the old port reach the client; client datagrams leave from the new port
     * only. Returns once the relay thread made the change.
     */
    public void rebindClientPorts() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        commands.add(() -> {
            try {
                for (Map.Entry<InetSocketAddress, DatagramChannel> entry : upstreams.entrySet()) {
                    DatagramChannel fresh = openChannel(new InetSocketAddress(server.getAddress(), 0));
                    fresh.register(selector, SelectionKey.OP_READ, entry.getKey());
                    oldMappings.add(entry.getValue());
                    entry.setValue(fresh);
                }
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        selector.wakeup();
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("rebinding failed; " + seedNote(), e);
        }
    }

    /** The source ports the server currently sees, one per client. */
    public List<Integer> upstreamPorts() {
        CompletableFuture<List<Integer>> ports = new CompletableFuture<>();
        commands.add(() -> {
            List<Integer> result = new ArrayList<>();
            for (DatagramChannel channel : upstreams.values()) {
                result.add(((InetSocketAddress) channel.socket().getLocalSocketAddress()).getPort());
            }
            ports.complete(result);
        });
        selector.wakeup();
        try {
            return ports.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("relay thread did not answer; " + seedNote(), e);
        }
    }

    /**
     * What the loss model did to one client's datagrams (a diagnostic for a failed connection
     * among many sharing the relay): received, dropped and corrupted in each direction, and the
     * first and last impairments by position in the flow (see {@link FlowRecord#summary}).
     */
    public String flowSummary(InetSocketAddress client) {
        FlowRecord flow = client == null ? null : flows.get(client);
        if (flow == null) {
            return "no datagram from " + client;
        }
        return client + ": " + flow.summary();
    }

    /** {@link #flowSummary} of every client seen so far, one per line, for a failed case whose client address is unknown. */
    public String flowSummaries() {
        StringBuilder text = new StringBuilder();
        for (InetSocketAddress client : flows.keySet()) {
            text.append(flowSummary(client)).append('\n');
        }
        return text.toString();
    }

    /** Counters of {@code direction} so far. */
    public RelayStatistics statistics(RelayDirection direction) {
        int base = direction.ordinal() * COUNTERS;
        return new RelayStatistics(counters.get(base + RECEIVED), counters.get(base + FORWARDED),
                counters.get(base + DROPPED), counters.get(base + CORRUPTED), counters.get(base + QUEUE_DROPPED),
                counters.get(base + BLACKHOLED), counters.get(base + FORWARDED_BYTES));
    }

    /**
     * Bytes each way before the first client datagram carrying a Handshake packet was sent to the
     * server (with it, the server validates the client's address: RFC 9000 §8.1); empty until then.
     * Server bytes count as they reached the relay, so they were all sent before the server could
     * have seen that Handshake packet.
     */
    public java.util.Optional<AddressValidationWindow> addressValidationWindow() {
        return java.util.Optional.ofNullable(validationWindow);
    }

    /**
     * The traffic before the server could validate the client's address.
     *
     * @param clientBytes   UDP payload bytes sent to the server before the first client Handshake packet
     * @param serverBytes   UDP payload bytes the server sent until then
     * @param heldDatagrams client datagrams the handshake hold delayed
     */
    public record AddressValidationWindow(long clientBytes, long serverBytes, long heldDatagrams) {
    }

    /** A short text naming the seed, for failure messages. */
    public String seedNote() {
        return "UdpRelay seed=" + config.seed() + "L (replay with RelayConfig.builder(" + config.seed() + "L))";
    }

    @Override
    public String toString() {
        return seedNote() + " to-server " + statistics(RelayDirection.TO_SERVER) + " to-client "
                + statistics(RelayDirection.TO_CLIENT);
    }

    /** Something a test runs through the relay. */
    @FunctionalInterface
    public interface Scenario {
        /** Runs the scenario. */
        void run() throws Exception;
    }

    /**
     * Runs {@code scenario}; if it fails, prints the relay's seed and statistics to standard error
     * and attaches them to the failure as a suppressed exception, then rethrows.
     */
    public void reportSeedOnFailure(Scenario scenario) throws Exception {
        try {
            scenario.run();
        } catch (Exception | Error e) {
            System.err.println("FAILED through " + this);
            e.addSuppressed(new RelaySeedNote(toString()));
            throw e;
        }
    }

    /**
     * Stops the thread and closes every socket.
     *
     * @throws IllegalStateException if the relay thread failed
     */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly();
        if (failure != null) {
            throw new IllegalStateException("relay thread failed; " + seedNote(), failure);
        }
    }

    private void closeQuietly() {
        try {
            for (DatagramChannel upstream : upstreams.values()) {
                upstream.close();
            }
            for (DatagramChannel old : oldMappings) {
                old.close();
            }
            listening.close();
            selector.close();
        } catch (IOException ignored) {
            // Closing loopback sockets on shutdown; nothing to recover.
        }
    }

    private static DatagramChannel openChannel(InetSocketAddress bind) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
        channel.bind(bind);
        channel.configureBlocking(false);
        return channel;
    }

    private void run() {
        try {
            while (running) {
                Runnable command;
                while ((command = commands.poll()) != null) {
                    command.run();
                }
                long now = System.nanoTime();
                deliverDue(now);
                long waitNanos = delayLine.isEmpty() ? 100_000_000L : delayLine.peek().dueNanos - now;
                if (waitNanos <= 0) {
                    selector.selectNow();
                } else {
                    selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)));
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isValid() && key.isReadable()) {
                        receiveAll((DatagramChannel) key.channel(), (InetSocketAddress) key.attachment());
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (Throwable e) {
            failure = e;
            System.err.println("relay thread failed; " + seedNote() + ": " + e);
        }
    }

    private void receiveAll(DatagramChannel channel, InetSocketAddress upstreamOf) throws IOException {
        while (true) {
            receiveBuffer.clear();
            InetSocketAddress from;
            try {
                from = (InetSocketAddress) channel.receive(receiveBuffer);
            } catch (java.nio.channels.ClosedChannelException rebound) {
                return;
            }
            if (from == null) {
                return;
            }
            receiveBuffer.flip();
            byte[] data = new byte[receiveBuffer.remaining()];
            receiveBuffer.get(data);
            if (upstreamOf == null) {
                if (!upstreams.containsKey(from)) {
                    DatagramChannel upstream = openChannel(new InetSocketAddress(server.getAddress(), 0));
                    upstream.register(selector, SelectionKey.OP_READ, from);
                    upstreams.put(from, upstream);
                }
                offer(RelayDirection.TO_SERVER, from, data);
            } else {
                offer(RelayDirection.TO_CLIENT, upstreamOf, data);
            }
        }
    }

    private void offer(RelayDirection direction, InetSocketAddress client, byte[] data) throws IOException {
        int base = direction.ordinal() * COUNTERS;
        counters.incrementAndGet(base + RECEIVED);
        counters.addAndGet(base + RECEIVED_BYTES, data.length);
        long now = System.nanoTime();
        if (now - blackholeUntilNanos < 0) {
            counters.incrementAndGet(base + BLACKHOLED);
            return;
        }
        ImpairmentDecider decider = deciders[direction.ordinal()];
        FlowRecord flow = flows.computeIfAbsent(client, address -> new FlowRecord());
        long index = flow.received(direction);
        if (decider.drop()) {
            counters.incrementAndGet(base + DROPPED);
            flow.dropped(direction, index, data.length);
            return;
        }
        int flippedBit = decider.corrupt(data, data.length);
        if (flippedBit >= 0) {
            counters.incrementAndGet(base + CORRUPTED);
            flow.corrupted(direction, index, data.length, flippedBit);
        }
        long departureNanos = now;
        if (config.bandwidthBitsPerSecond() > 0) {
            departureNanos = bottlenecks[direction.ordinal()].enqueue(now, data.length);
            if (departureNanos == QUEUE_FULL) {
                counters.incrementAndGet(base + QUEUE_DROPPED);
                return;
            }
        }
        long dueNanos = departureNanos + config.oneWayDelayNanos();
        boolean handshake = direction == RelayDirection.TO_SERVER
                && LongHeaderTypes.of(data, data.length).contains(LongHeaderTypes.Type.HANDSHAKE);
        if (handshake && config.holdHandshakeNanos() > 0) {
            if (holdUntilNanos == 0) {
                holdUntilNanos = now + config.holdHandshakeNanos();
            }
            if (dueNanos - holdUntilNanos < 0) {
                dueNanos = holdUntilNanos;
                heldDatagrams++;
            }
        }
        Scheduled scheduled = new Scheduled(dueNanos, sequence++, direction, client, data, handshake);
        if (dueNanos - now <= 0 && delayLine.isEmpty()) {
            send(scheduled);
        } else if (delayLine.size() >= MAX_SCHEDULED) {
            counters.incrementAndGet(base + QUEUE_DROPPED);
        } else {
            delayLine.add(scheduled);
        }
    }

    private void deliverDue(long now) throws IOException {
        while (!delayLine.isEmpty() && delayLine.peek().dueNanos - now <= 0) {
            send(delayLine.poll());
        }
    }

    private void send(Scheduled datagram) throws IOException {
        int base = datagram.direction.ordinal() * COUNTERS;
        if (datagram.handshake && validationWindow == null) {
            validationWindow = new AddressValidationWindow(
                    counters.get(RelayDirection.TO_SERVER.ordinal() * COUNTERS + FORWARDED_BYTES),
                    counters.get(RelayDirection.TO_CLIENT.ordinal() * COUNTERS + RECEIVED_BYTES), heldDatagrams);
        }
        // Counted before sending: whoever receives the datagram must already see it counted.
        counters.incrementAndGet(base + FORWARDED);
        counters.addAndGet(base + FORWARDED_BYTES, datagram.data.length);
        int sent;
        if (datagram.direction == RelayDirection.TO_SERVER) {
            DatagramChannel upstream = upstreams.get(datagram.client);
            sent = upstream.send(ByteBuffer.wrap(datagram.data), server);
        } else {
            sent = listening.send(ByteBuffer.wrap(datagram.data), datagram.client);
        }
        if (sent == 0) {
            counters.decrementAndGet(base + FORWARDED);
            counters.addAndGet(base + FORWARDED_BYTES, -datagram.data.length);
            counters.incrementAndGet(base + QUEUE_DROPPED);
        }
    }

    /** Attached to a failure run through the relay: names the seed and the counters. */
    public static final class RelaySeedNote extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RelaySeedNote(String message) {
            super(message, null, false, false);
        }
    }

    /** A datagram waiting in the delay line. */
    private record Scheduled(long dueNanos, long sequence, RelayDirection direction, InetSocketAddress client,
            byte[] data, boolean handshake) implements Comparable<Scheduled> {
        @Override
        public int compareTo(Scheduled other) {
            int byTime = Long.compare(dueNanos - other.dueNanos, 0);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    /** A bottleneck link: serialises datagrams at the configured rate behind a bounded queue. */
    private final class Bottleneck {
        private final ArrayDeque<Long> departures = new ArrayDeque<>();
        private long lastDepartureNanos = Long.MIN_VALUE;

        /** The instant the datagram has left the bottleneck, or {@link #QUEUE_FULL}. */
        long enqueue(long now, int bytes) {
            while (!departures.isEmpty() && departures.peekFirst() - now <= 0) {
                departures.pollFirst();
            }
            if (departures.size() >= config.queuePackets()) {
                return QUEUE_FULL;
            }
            long start = departures.isEmpty() ? now : Math.max(now, lastDepartureNanos);
            long done = start + bytes * 8L * 1_000_000_000L / config.bandwidthBitsPerSecond();
            lastDepartureNanos = done;
            departures.addLast(done);
            return done;
        }
    }
}
