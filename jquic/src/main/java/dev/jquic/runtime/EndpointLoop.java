package dev.jquic.runtime;

import dev.jquic.QuicException;
import dev.jquic.core.connection.Connection;
import dev.jquic.core.connection.ConnectionEvent;
import dev.jquic.core.endpoint.Endpoint;
import dev.jquic.core.endpoint.EndpointEvent;
import dev.jquic.core.path.NetworkPath;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One endpoint's event loop (DESIGN §3): a thread that owns a {@link UdpTransport} (its sockets:
 * NIO, or batched system calls on JDK 22+, see {@link UdpTransports}) and the sans-IO
 * {@link Endpoint}. Each round it reads every ready datagram and feeds the endpoint, runs queued
 * commands (public calls made on other threads), fires due timers, dispatches events to the
 * connections' callbacks, and flushes every datagram the endpoint has to send. It sleeps in the
 * transport's {@link UdpTransport#await} until the next deadline.
 *
 * <p>Everything but {@link #execute}, {@link #inLoop} and the volatile state is confined to the
 * loop thread.
 */
final class EndpointLoop implements Runnable {

    static final System.Logger LOG = System.getLogger("dev.jquic");
    private static final int MAX_DATAGRAMS_PER_READ = 512;
    private static final int MAX_DATAGRAMS_PER_FLUSH = 1024;

    final EndpointSettings settings;
    final Endpoint endpoint;
    private final UdpTransport transport;
    final InetSocketAddress localAddress;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final Thread thread;
    /** Reused for stream reads that go to onData (valid only during the callback). */
    final ByteBuffer readBuffer = ByteBuffer.allocate(65_536);
    private final Map<Long, LoopConnection> connections = new HashMap<>();
    private final PriorityQueue<LoopConnection> handshakeDeadlines = new PriorityQueue<>(
            (a, b) -> Long.compare(a.handshakeDeadlineNanos, b.handshakeDeadlineNanos));
    private final EventSink sink;
    /** Feeds received datagrams to the endpoint at {@link #ioNanos}. */
    private final UdpTransport.Receiver receiver = this::received;
    /** Polls the endpoint's datagrams at {@link #ioNanos}. */
    private final UdpTransport.Sender sender = new EndpointSender();
    private long ioNanos;
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

        /**
         * Connection {@code handle} of {@code loop} waits for {@code work}
         * ({@link ConnectionEvent.DeferredWork}); by default it runs on the loop.
         */
        default void runDeferred(EndpointLoop loop, long handle, Supplier<byte[]> work) {
            loop.post(() -> loop.completeDeferredWork(handle, DeferredWorkPool.compute(work)));
        }
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
        try {
            // A loop of a group shares its port with the others (SO_REUSEPORT, set before the bind).
            this.transport = UdpTransports.open(bindAddress, settings.socketBufferBytes(), group != null);
        } catch (IOException | RuntimeException failure) {
            throw new QuicException("cannot bind UDP " + bindAddress + ": " + failure.getMessage(), failure);
        }
        this.localAddress = transport.localAddress();
        this.thread = new Thread(this, threadName + "-" + localAddress.getPort()
                + (group == null ? "" : "-" + loopIndex));
        thread.setDaemon(daemon);
    }

    void start() {
        thread.start();
    }

    /** The UDP I/O in use ("nio" or "batched ..."), for diagnostics. */
    String ioDescription() {
        return transport.description();
    }

    /** Connection {@code handle} waits for {@code work}: its owner decides where it runs. */
    void runDeferred(long handle, Supplier<byte[]> work) {
        sink.runDeferred(this, handle, work);
    }

    /** The result of connection {@code handle}'s deferred work ({@code null}: it failed); on the loop. */
    void completeDeferredWork(long handle, byte[] result) {
        Connection connection = endpoint.connection(handle);
        if (connection != null) {
            connection.completeDeferredWork(result, now());
            endpoint.markActive(handle);
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
            transport.wakeup();
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
        return transport.openSocket(localAddress.getAddress());
    }

    void closeMigrationChannel(SocketAddress address) {
        transport.closeSocket(address);
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
     * passes); {@link #terminated} completes once the socket is closed and every connection ended.
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
        // `terminated` is completed by the loop alone, at the end of run()'s finally block, after
        // every connection was ended (close events, qlog files). Completing it here once `running`
        // reads false, which that block sets first, let close() return before then.
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
                if (stopping && !transport.hasBlockedSend() && allTerminating()) {
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
            transport.close();
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
        if (!commands.isEmpty() || moreWork || deadlineNanos <= now) {
            transport.await(0);
        } else if (deadlineNanos == Connection.NO_DEADLINE) {
            transport.await(UdpTransport.WAIT_FOREVER);
        } else {
            transport.await(deadlineNanos - now);
        }
        ioNanos = now();
        if (transport.receive(receiver, MAX_DATAGRAMS_PER_READ)) {
            moreWork = true;
        }
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

    private void received(ByteBuffer datagram, SocketAddress local, SocketAddress from) {
        if (group != null && group.handOff(this, datagram, from)) {
            return;
        }
        endpoint.handleDatagram(datagram, local, from, ioNanos);
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
        ioNanos = now;
        moreWork = transport.send(sender, MAX_DATAGRAMS_PER_FLUSH) == UdpTransport.SendResult.CAPPED;
    }

    /** The endpoint's datagrams, for {@link UdpTransport#send}. */
    private final class EndpointSender implements UdpTransport.Sender {
        private NetworkPath path;

        @Override
        public int next(ByteBuffer buffer) {
            int length = endpoint.pollTransmit(buffer, ioNanos);
            if (length > 0) {
                path = endpoint.transmitPath();
            }
            return length;
        }

        @Override
        public SocketAddress local() {
            return (SocketAddress) path.localAddress();
        }

        @Override
        public SocketAddress destination() {
            return (SocketAddress) path.remoteAddress();
        }
    }
}
