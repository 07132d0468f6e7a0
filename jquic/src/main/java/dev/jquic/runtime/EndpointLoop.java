package dev.jquic.runtime;

import dev.jquic.QuicException;
import dev.jquic.core.connection.Connection;
import dev.jquic.core.endpoint.Endpoint;
import dev.jquic.core.endpoint.EndpointEvent;
import dev.jquic.core.path.NetworkPath;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One endpoint's event loop (DESIGN §3): a thread that owns a non-blocking {@link DatagramChannel},
 * a {@link Selector} and the sans-IO {@link Endpoint}. Each round it reads every ready datagram
 * into one reused buffer and feeds the endpoint, runs queued commands (public calls made on other
 * threads), fires due timers, dispatches events to the connections' callbacks, and flushes every
 * datagram the endpoint has to send. It sleeps in {@code select} until the next deadline.
 *
 * <p>Everything but {@link #execute}, {@link #inLoop} and the volatile state is confined to the
 * loop thread.
 */
final class EndpointLoop implements Runnable {

    static final System.Logger LOG = System.getLogger("dev.jquic");
    private static final int SOCKET_BUFFER_BYTES = 4 << 20;
    private static final int MAX_DATAGRAMS_PER_READ = 512;
    private static final int MAX_DATAGRAMS_PER_FLUSH = 1024;

    final EndpointSettings settings;
    final Endpoint endpoint;
    private final DatagramChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    final InetSocketAddress localAddress;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final Thread thread;
    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(65_536);
    private final ByteBuffer sendBuffer = ByteBuffer.allocate(65_536);
    /** Reused for stream reads that go to onData (valid only during the callback). */
    final ByteBuffer readBuffer = ByteBuffer.allocate(65_536);
    private final Map<Long, LoopConnection> connections = new HashMap<>();
    private final PriorityQueue<LoopConnection> handshakeDeadlines = new PriorityQueue<>(
            (a, b) -> Long.compare(a.handshakeDeadlineNanos, b.handshakeDeadlineNanos));
    private final EventSink sink;
    private SocketAddress blockedDestination;
    private DatagramChannel blockedChannel;
    /** Sockets opened for client migration (RFC 9000 §9), by local address. */
    private final Map<SocketAddress, DatagramChannel> migrationChannels = new HashMap<>();
    /** A read or flush stopped at its cap: the next select polls instead of sleeping. */
    private boolean moreWork;
    private volatile boolean stopping;
    private long stopDeadlineNanos = Long.MAX_VALUE;
    private volatile boolean running = true;
    volatile int connectionCount;
    final CompletableFuture<Void> terminated = new CompletableFuture<>();
    /** The loops of a server sharing its port, or {@code null} for a loop of its own. */
    final LoopGroup group;
    /** This loop's place in {@link #group} (0 without one). */
    final int loopIndex;

    /** What the owner (server or client) does with endpoint-level events. */
    interface EventSink {
        /** A server connection was accepted. */
        void accepted(EndpointLoop loop, long handle);
    }

    EndpointLoop(EndpointSettings settings, Endpoint endpoint, InetSocketAddress bindAddress, String threadName,
            boolean daemon, EventSink sink) {
        this(settings, endpoint, bindAddress, threadName, daemon, sink, null, 0);
    }

    /**
     * A loop of {@code group}: its socket is bound with {@code SO_REUSEPORT} (set before the
     * bind), and datagrams for connections of another loop of the group are handed there.
     */
    EndpointLoop(EndpointSettings settings, Endpoint endpoint, InetSocketAddress bindAddress, String threadName,
            boolean daemon, EventSink sink, LoopGroup group, int loopIndex) {
        this.group = group;
        this.loopIndex = loopIndex;
        this.settings = settings;
        this.endpoint = endpoint;
        this.sink = sink;
        DatagramChannel opened = null;
        Selector openedSelector = null;
        try {
            opened = DatagramChannel.open();
            raiseBuffer(opened, StandardSocketOptions.SO_RCVBUF);
            raiseBuffer(opened, StandardSocketOptions.SO_SNDBUF);
            if (group != null) {
                opened.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            opened.bind(bindAddress);
            opened.configureBlocking(false);
            openedSelector = Selector.open();
            this.localAddress = (InetSocketAddress) opened.getLocalAddress();
            this.key = opened.register(openedSelector, SelectionKey.OP_READ, localAddress);
        } catch (IOException | RuntimeException failure) {
            closeQuietly(opened);
            closeQuietly(openedSelector);
            throw new QuicException("cannot bind UDP " + bindAddress + ": " + failure.getMessage(), failure);
        }
        this.channel = opened;
        this.selector = openedSelector;
        this.thread = new Thread(this, threadName + "-" + localAddress.getPort()
                + (group == null ? "" : "-" + loopIndex));
        thread.setDaemon(daemon);
    }

    void start() {
        thread.start();
    }

    private static void raiseBuffer(DatagramChannel channel, java.net.SocketOption<Integer> option) {
        try {
            channel.setOption(option, SOCKET_BUFFER_BYTES);
        } catch (IOException | UnsupportedOperationException refused) {
            LOG.log(System.Logger.Level.DEBUG, "cannot raise {0}: {1}", option.name(), refused.getMessage());
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing after a failure: nothing more to do
            }
        }
    }

    /** Whether the caller runs on this loop's thread. */
    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code command} on the loop thread (at once when called there); false once the loop ended. */
    boolean execute(Runnable command) {
        if (inLoop()) {
            command.run();
            return true;
        }
        return post(command);
    }

    /**
     * Queues {@code command} behind the commands already queued, even when called on the loop
     * (where {@link #execute} would run it at once, ahead of them).
     *
     * @return false if the loop has stopped
     */
    boolean post(Runnable command) {
        if (!running) {
            return false;
        }
        commands.add(command);
        if (wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
        return true;
    }

    /** Loop time: {@link System#nanoTime()}. */
    static long now() {
        return System.nanoTime();
    }

    // ------------------------------------------------------------------ migration sockets (loop thread)

    /** Opens another socket on the same address with a new port, for a migrating client connection. */
    InetSocketAddress openMigrationChannel() throws IOException {
        DatagramChannel opened = DatagramChannel.open();
        try {
            raiseBuffer(opened, StandardSocketOptions.SO_RCVBUF);
            raiseBuffer(opened, StandardSocketOptions.SO_SNDBUF);
            opened.bind(new InetSocketAddress(localAddress.getAddress(), 0));
            opened.configureBlocking(false);
            InetSocketAddress address = (InetSocketAddress) opened.getLocalAddress();
            opened.register(selector, SelectionKey.OP_READ, address);
            migrationChannels.put(address, opened);
            return address;
        } catch (IOException | RuntimeException failure) {
            closeQuietly(opened);
            throw failure;
        }
    }

    void closeMigrationChannel(SocketAddress address) {
        DatagramChannel closing = migrationChannels.remove(address);
        if (closing != null) {
            if (closing == blockedChannel) {
                blockedChannel = null;
                blockedDestination = null;
            }
            closeQuietly(closing);
        }
    }

    // ------------------------------------------------------------------ connections (loop thread)

    void register(LoopConnection connection) {
        connections.put(connection.handle, connection);
        connectionCount = connections.size();
        if (connection.handshakeDeadlineNanos != Long.MAX_VALUE) {
            handshakeDeadlines.add(connection);
        }
    }

    LoopConnection connection(long handle) {
        return connections.get(handle);
    }

    List<LoopConnection> connections() {
        return new ArrayList<>(connections.values());
    }

    /**
     * Stops after closing every connection (their closing periods end or {@code graceNanos}
     * passes); {@link #terminated} completes when the socket is closed.
     */
    void stop(long graceNanos) {
        execute(() -> {
            if (stopping) {
                return;
            }
            stopping = true;
            stopDeadlineNanos = now() + graceNanos;
            for (LoopConnection connection : connections()) {
                connection.closeOnLoop(0, CloseReasons.ENDPOINT_CLOSED);
            }
        });
        if (!running) {
            terminated.complete(null);
        }
    }

    private boolean allTerminating() {
        for (LoopConnection connection : connections.values()) {
            if (!connection.core.state().isTerminating()) {
                return false;
            }
        }
        return true;
    }

    boolean isStopping() {
        return stopping;
    }

    // ------------------------------------------------------------------ the loop

    @Override
    public void run() {
        try {
            while (true) {
                long now = now();
                runCommands();
                if (stopping && (connections.isEmpty() || now >= stopDeadlineNanos)) {
                    break;
                }
                fireTimers(now);
                processOutputs(now);
                if (stopping && blockedDestination == null && allTerminating()) {
                    // Every CONNECTION_CLOSE went out: the socket closes without waiting for the
                    // closing periods (RFC 9000 §10.2 lets an endpoint discard state early).
                    break;
                }
                long deadline = Math.min(endpoint.pollTimeout(), nextHandshakeDeadline());
                if (stopping) {
                    deadline = Math.min(deadline, stopDeadlineNanos);
                }
                wait(deadline, now());
            }
        } catch (Throwable failure) {
            LOG.log(System.Logger.Level.ERROR, "event loop " + thread.getName() + " failed", failure);
            try {
                settings.handler().onError(null, new QuicException("the event loop of " + localAddress
                        + " failed: " + failure, failure));
            } catch (Throwable again) {
                LOG.log(System.Logger.Level.WARNING, "onError threw", again);
            }
        } finally {
            running = false;
            closeQuietly(channel);
            migrationChannels.values().forEach(EndpointLoop::closeQuietly);
            closeQuietly(selector);
            for (LoopConnection connection : connections()) {
                connection.endpointGone();
            }
            connections.clear();
            connectionCount = 0;
            Runnable command;
            while ((command = commands.poll()) != null) {
                runSafely(command);
            }
            terminated.complete(null);
        }
    }

    private void wait(long deadlineNanos, long now) throws IOException {
        wakeupPending.set(false);
        if (!commands.isEmpty() || moreWork) {
            selector.selectNow();
        } else if (deadlineNanos == Connection.NO_DEADLINE) {
            selector.select();
        } else if (deadlineNanos <= now) {
            selector.selectNow();
        } else if (deadlineNanos - now < 1_000_000) {
            // select() counts whole milliseconds, too coarse for pacing (a burst of ten packets
            // per millisecond caps a connection near 12 MB/s): poll, then park for the rest.
            if (selector.selectNow() == 0 && commands.isEmpty()) {
                java.util.concurrent.locks.LockSupport.parkNanos(deadlineNanos - now);
            }
        } else {
            // Whole milliseconds, rounded down; the remainder is parked for in the next round.
            selector.select((deadlineNanos - now) / 1_000_000);
        }
        for (SelectionKey ready : selector.selectedKeys()) {
            if (!ready.isValid()) {
                continue;
            }
            if (ready.isWritable()) {
                ready.interestOps(SelectionKey.OP_READ);
            }
            if (ready.isReadable()) {
                readAll((DatagramChannel) ready.channel(), (SocketAddress) ready.attachment());
            }
        }
        selector.selectedKeys().clear();
    }

    private void runCommands() {
        Runnable command;
        int count = 0;
        while (count++ < 10_000 && (command = commands.poll()) != null) {
            runSafely(command);
        }
    }

    private static void runSafely(Runnable command) {
        try {
            command.run();
        } catch (RuntimeException failure) {
            LOG.log(System.Logger.Level.WARNING, "command failed", failure);
        }
    }

    private void readAll(DatagramChannel source, SocketAddress local) {
        long now = now();
        for (int count = 0; count < MAX_DATAGRAMS_PER_READ; count++) {
            receiveBuffer.clear();
            SocketAddress from;
            try {
                from = source.receive(receiveBuffer);
            } catch (IOException | RuntimeException failure) {
                // An ICMP error on some platforms: UDP carries on.
                LOG.log(System.Logger.Level.DEBUG, "receive failed: {0}", failure.toString());
                continue;
            }
            if (from == null) {
                return;
            }
            receiveBuffer.flip();
            if (group != null && group.handOff(this, receiveBuffer, from)) {
                continue;
            }
            endpoint.handleDatagram(receiveBuffer, local, from, now);
        }
        moreWork = true;
    }

    private long nextHandshakeDeadline() {
        LoopConnection first;
        while ((first = handshakeDeadlines.peek()) != null && !first.awaitsHandshake()) {
            handshakeDeadlines.poll();
        }
        return first == null ? Long.MAX_VALUE : first.handshakeDeadlineNanos;
    }

    private void fireTimers(long now) {
        if (endpoint.pollTimeout() <= now) {
            endpoint.handleTimeout(now);
        }
        LoopConnection first;
        while ((first = handshakeDeadlines.peek()) != null
                && (!first.awaitsHandshake() || first.handshakeDeadlineNanos <= now)) {
            handshakeDeadlines.poll();
            if (first.awaitsHandshake()) {
                first.handshakeTimedOut();
            }
        }
    }

    private void processOutputs(long now) {
        for (int round = 0; round < 8; round++) {
            int events = dispatchEvents();
            flush(now);
            if (events == 0) {
                break;
            }
        }
    }

    private int dispatchEvents() {
        int count = 0;
        EndpointEvent event;
        while ((event = endpoint.pollEvent()) != null) {
            count++;
            if (event instanceof EndpointEvent.ConnectionEventOf of) {
                LoopConnection connection = connections.get(of.handle());
                if (connection != null) {
                    connection.onEvent(of.event());
                }
            } else if (event instanceof EndpointEvent.ConnectionAccepted accepted) {
                sink.accepted(this, accepted.handle());
            } else if (event instanceof EndpointEvent.ConnectionForgotten forgotten) {
                LoopConnection connection = connections.remove(forgotten.handle());
                connectionCount = connections.size();
                if (connection != null) {
                    connection.onForgotten();
                }
            }
        }
        return count;
    }

    private void flush(long now) {
        moreWork = false;
        if (blockedDestination != null) {
            // The datagram the full socket refused is still in sendBuffer: retry it first.
            if (!send(blockedChannel, blockedDestination)) {
                return;
            }
            blockedDestination = null;
            blockedChannel = null;
        }
        for (int count = 0; count < MAX_DATAGRAMS_PER_FLUSH; count++) {
            sendBuffer.clear();
            int length = endpoint.pollTransmit(sendBuffer, now);
            if (length == 0) {
                return;
            }
            sendBuffer.position(0).limit(length);
            NetworkPath path = endpoint.transmitPath();
            SocketAddress destination = (SocketAddress) path.remoteAddress();
            DatagramChannel out = localAddress.equals(path.localAddress()) ? channel
                    : migrationChannels.get(path.localAddress());
            if (out == null) {
                continue;
            }
            if (!send(out, destination)) {
                blockedDestination = destination;
                blockedChannel = out;
                return;
            }
        }
        moreWork = true;
    }

    /** Sends sendBuffer; false when the socket buffer is full (then waits for OP_WRITE). */
    private boolean send(DatagramChannel out, SocketAddress destination) {
        try {
            if (out.send(sendBuffer, destination) == 0) {
                out.keyFor(selector).interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return false;
            }
        } catch (IOException | RuntimeException failure) {
            // UDP: a datagram that cannot be sent is lost; recovery resends what it carried.
            LOG.log(System.Logger.Level.DEBUG, "send to {0} failed: {1}", destination, failure.toString());
        }
        return true;
    }
}
