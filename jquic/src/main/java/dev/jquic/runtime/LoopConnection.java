package dev.jquic.runtime;

import dev.jquic.QuicCloseReason;
import dev.jquic.QuicConnection;
import dev.jquic.QuicException;
import dev.jquic.QuicHandler;
import dev.jquic.QuicStats;
import dev.jquic.QuicStream;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.connection.CloseReason;
import dev.jquic.core.connection.Connection;
import dev.jquic.core.connection.ConnectionEvent;
import dev.jquic.core.connection.ConnectionStats;
import dev.jquic.core.frame.StreamDirection;
import dev.jquic.core.stream.StreamEvent;
import dev.jquic.core.stream.StreamManager;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link QuicConnection} over one core {@link Connection} of an {@link EndpointLoop}. Methods
 * called on other threads become loop commands; the {@code on*} methods run on the loop and
 * dispatch the core's events to the {@link QuicHandler}, catching what it throws.
 */
final class LoopConnection implements QuicConnection {

    final EndpointLoop loop;
    final long handle;
    final Connection core;
    final QuicHandler handler;
    private final boolean server;
    private final String peerHost;
    private final int peerPort;
    private final SessionCache sessions;
    private volatile InetSocketAddress remoteAddress;
    long handshakeDeadlineNanos = Long.MAX_VALUE;
    private volatile State state = State.CONNECTING;
    private volatile String alpn;
    private volatile String serverName;
    private volatile QuicStats lastStats;
    private volatile int streamCount;
    final CompletableFuture<QuicConnection> connected = new CompletableFuture<>();
    private final CompletableFuture<QuicCloseReason> closeFuture = new CompletableFuture<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final Map<Long, LoopStream> streams = new HashMap<>();
    private final ArrayDeque<CompletableFuture<QuicStream>> pendingBidirectional = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<QuicStream>> pendingUnidirectional = new ArrayDeque<>();
    private QuicCloseReason closeReason;
    private boolean handshakeCompleted;
    private boolean timedOut;
    private boolean closeDispatched;
    /** The qlog file of this connection when a qlog directory is configured, else null. */
    private final QlogWriter qlog;
    private volatile InetSocketAddress localAddress;
    private final java.util.List<InetSocketAddress> migrationSockets = new ArrayList<>();
    private CompletableFuture<Void> migration;
    private InetSocketAddress migrationTarget;

    LoopConnection(EndpointLoop loop, long handle, boolean server, String peerHost, int peerPort,
            SessionCache sessions) {
        this.loop = loop;
        this.handle = handle;
        this.core = loop.endpoint.connection(handle);
        this.handler = loop.settings.handler();
        this.server = server;
        this.peerHost = peerHost;
        this.peerPort = peerPort;
        this.sessions = sessions;
        this.remoteAddress = (InetSocketAddress) core.activePath().remoteAddress();
        this.localAddress = (InetSocketAddress) core.activePath().localAddress();
        this.serverName = server ? null : peerHost;
        this.handshakeDeadlineNanos = EndpointLoop.now() + loop.settings.handshakeTimeout().toNanos();
        if (core.tracer() instanceof QlogWriter fromCreation) {
            // Server connections get theirs when the endpoint creates them (RuntimeServer).
            this.qlog = fromCreation;
        } else {
            this.qlog = loop.settings.qlogDirectory() == null ? null
                    : QlogWriter.open(loop.settings.qlogDirectory(), qlogName(core.localConnectionId().toHex(), handle),
                            server, core.createdNanos(), EndpointLoop.now());
            if (qlog != null) {
                core.setTracer(qlog);
            }
        }
    }

    // ------------------------------------------------------------------ public API (any thread)

    @Override
    public boolean isServer() {
        return server;
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public String serverName() {
        return serverName;
    }

    @Override
    public String alpn() {
        return alpn;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public int streamCount() {
        return streamCount;
    }

    @Override
    public QuicStats stats() {
        if (loop.inLoop()) {
            return statsOnLoop();
        }
        CompletableFuture<QuicStats> result = new CompletableFuture<>();
        if (!loop.execute(() -> result.complete(statsOnLoop()))) {
            return lastStats;
        }
        try {
            return result.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException failure) {
            return lastStats;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return lastStats;
        }
    }

    private QuicStats statsOnLoop() {
        if (state == State.CLOSED && lastStats != null) {
            return lastStats;
        }
        lastStats = toStats(core.stats());
        return lastStats;
    }

    static QuicStats toStats(ConnectionStats stats) {
        return new QuicStats(stats.bytesSent(), stats.bytesReceived(), stats.packetsSent(), stats.packetsReceived(),
                stats.packetsLost(), stats.streamBytesRetransmitted(), Duration.ofNanos(stats.smoothedRttNanos()),
                Duration.ofNanos(stats.minRttNanos()), Duration.ofNanos(stats.rttVariationNanos()),
                stats.congestionWindowBytes(), stats.bytesInFlight(), stats.streamsOpenedLocally(),
                stats.streamsOpenedByPeer(),
                stats.handshakeDurationNanos() < 0 ? null : Duration.ofNanos(stats.handshakeDurationNanos()),
                stats.zeroRttAccepted(), stats.keyUpdates());
    }

    @Override
    public CompletableFuture<QuicStream> openStream() {
        return open(StreamDirection.BIDIRECTIONAL);
    }

    @Override
    public CompletableFuture<QuicStream> openUniStream() {
        return open(StreamDirection.UNIDIRECTIONAL);
    }

    private CompletableFuture<QuicStream> open(StreamDirection direction) {
        CompletableFuture<QuicStream> result = new CompletableFuture<>();
        if (!loop.execute(() -> openOnLoop(direction, result))) {
            result.completeExceptionally(new QuicException("connection closed"));
        }
        return result;
    }

    private void openOnLoop(StreamDirection direction, CompletableFuture<QuicStream> result) {
        if (closeReason != null || core.state().isTerminating()) {
            result.completeExceptionally(closedException());
            return;
        }
        ArrayDeque<CompletableFuture<QuicStream>> pending = pendingOf(direction);
        if (!pending.isEmpty() || !tryOpen(direction, result)) {
            pending.add(result);
        }
    }

    private ArrayDeque<CompletableFuture<QuicStream>> pendingOf(StreamDirection direction) {
        return direction == StreamDirection.BIDIRECTIONAL ? pendingBidirectional : pendingUnidirectional;
    }

    private boolean tryOpen(StreamDirection direction, CompletableFuture<QuicStream> result) {
        long id = core.openStream(direction);
        if (id == StreamManager.NO_STREAM) {
            return false;
        }
        LoopStream stream = new LoopStream(this, id, direction == StreamDirection.BIDIRECTIONAL, true);
        streams.put(id, stream);
        streamCount = streams.size();
        loop.endpoint.markActive(handle);
        result.complete(stream);
        return true;
    }

    private void retryPendingOpens(StreamDirection direction) {
        ArrayDeque<CompletableFuture<QuicStream>> pending = pendingOf(direction);
        while (!pending.isEmpty() && !core.state().isTerminating()) {
            if (!tryOpen(direction, pending.peek())) {
                return;
            }
            pending.poll();
        }
    }

    @Override
    public boolean sendDatagram(ByteBuffer payload) {
        if (loop.inLoop()) {
            return sendDatagramOnLoop(payload);
        }
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        if (!loop.execute(() -> result.complete(sendDatagramOnLoop(copy)))) {
            return false;
        }
        try {
            return result.get(5, TimeUnit.SECONDS);
        } catch (Exception failure) {
            if (failure instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    private boolean sendDatagramOnLoop(ByteBuffer payload) {
        if (closeReason != null || core.state().isTerminating()) {
            return false;
        }
        boolean queued = core.sendDatagram(payload);
        if (queued) {
            loop.endpoint.markActive(handle);
        }
        return queued;
    }

    @Override
    public CompletableFuture<Void> migrate() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (!loop.execute(() -> migrateOnLoop(result))) {
            result.completeExceptionally(new QuicException("connection closed"));
        }
        return result;
    }

    private void migrateOnLoop(CompletableFuture<Void> result) {
        if (closeReason != null) {
            result.completeExceptionally(closedException());
            return;
        }
        if (server) {
            result.completeExceptionally(new IllegalStateException("only a client migrates (RFC 9000 §9)"));
            return;
        }
        if (migration != null) {
            result.completeExceptionally(new IllegalStateException("a migration is already under way"));
            return;
        }
        InetSocketAddress target;
        try {
            target = loop.openMigrationChannel();
        } catch (java.io.IOException | RuntimeException failure) {
            result.completeExceptionally(new QuicException("migrate: cannot open a new socket: " + failure, failure));
            return;
        }
        try {
            core.migrate(new dev.jquic.core.path.NetworkPath(target, remoteAddress), EndpointLoop.now());
        } catch (IllegalStateException refused) {
            loop.closeMigrationChannel(target);
            result.completeExceptionally(new QuicException("migrate: " + refused.getMessage(), refused));
            return;
        }
        migrationSockets.add(target);
        migration = result;
        migrationTarget = target;
        loop.endpoint.markActive(handle);
    }

    private void onPathChanged(dev.jquic.core.path.NetworkPath newPath) {
        InetSocketAddress previous = localAddress;
        localAddress = (InetSocketAddress) newPath.localAddress();
        remoteAddress = (InetSocketAddress) newPath.remoteAddress();
        if (migration != null && newPath.localAddress().equals(migrationTarget)) {
            CompletableFuture<Void> done = migration;
            migration = null;
            migrationTarget = null;
            done.complete(null);
        }
        if (!previous.equals(localAddress) && migrationSockets.remove(previous)) {
            loop.closeMigrationChannel(previous);
        }
    }

    private void onPathValidationFailed(dev.jquic.core.path.NetworkPath path) {
        if (migration != null && path.localAddress().equals(migrationTarget)) {
            CompletableFuture<Void> failed = migration;
            migration = null;
            migrationSockets.remove(migrationTarget);
            loop.closeMigrationChannel(migrationTarget);
            migrationTarget = null;
            failed.completeExceptionally(new QuicException("migrate: validating the new path failed"));
        }
    }

    @Override
    public CompletableFuture<Void> close(long applicationErrorCode, String reason) {
        if (!loop.execute(() -> closeOnLoop(applicationErrorCode, reason))) {
            closeFuture.complete(closeReason == null
                    ? new QuicCloseReason(QuicCloseReason.Origin.ENDPOINT_CLOSED, 0, false, CloseReasons.ENDPOINT_CLOSED)
                    : closeReason);
            terminated.complete(null);
        }
        return terminated.copy();
    }

    @Override
    public CompletableFuture<QuicCloseReason> closeFuture() {
        return closeFuture;
    }

    @Override
    public String toString() {
        return (server ? "server" : "client") + " connection " + handle + " with " + remoteAddress + " (" + state
                + ")";
    }

    // ------------------------------------------------------------------ loop side

    void closeOnLoop(long applicationErrorCode, String reason) {
        if (closeReason == null && !core.state().isTerminating()) {
            core.close(applicationErrorCode, reason == null ? "" : reason, EndpointLoop.now());
            loop.endpoint.markActive(handle);
        }
    }

    boolean awaitsHandshake() {
        return !handshakeCompleted && state == State.CONNECTING;
    }

    void handshakeTimedOut() {
        timedOut = true;
        closeOnLoop(0, "handshake timeout");
    }

    /** The loop stopped with this connection still held (a failure or endpoint close). */
    void endpointGone() {
        if (closeReason == null) {
            onClosed(new CloseReason(CloseReason.Origin.LOCAL, 0, false, 0, CloseReasons.ENDPOINT_CLOSED));
        }
        terminate();
    }

    void onForgotten() {
        if (closeReason == null) {
            // Forgotten without a close: the endpoint dropped a connection that failed.
            onClosed(new CloseReason(CloseReason.Origin.LOCAL, TransportError.INTERNAL_ERROR.code(), false, 0,
                    "the connection failed and was dropped"));
        }
        terminate();
    }

    void onEvent(ConnectionEvent event) {
        if (event instanceof ConnectionEvent.Stream stream) {
            onStreamEvent(stream.event());
        } else if (event instanceof ConnectionEvent.HandshakeCompleted) {
            onHandshakeCompleted();
        } else if (event instanceof ConnectionEvent.DeferredWork deferred) {
            loop.runDeferred(handle, deferred.work());
        } else if (event instanceof ConnectionEvent.DatagramsReadable) {
            ByteBuffer datagram;
            while ((datagram = core.readDatagram()) != null) {
                try {
                    handler.onDatagram(this, datagram);
                } catch (Throwable failure) {
                    callbackFailed(failure);
                }
            }
        } else if (event instanceof ConnectionEvent.SessionTicket ticket) {
            if (sessions != null && core.peerTransportParameters() != null) {
                sessions.remember(peerHost, peerPort, ticket.ticket(), core.peerTransportParameters());
            }
        } else if (event instanceof ConnectionEvent.PathChanged changed) {
            onPathChanged(changed.newPath());
        } else if (event instanceof ConnectionEvent.PathValidationFailed failed) {
            onPathValidationFailed(failed.path());
        } else if (event instanceof ConnectionEvent.Closed closed) {
            onClosed(closed.reason());
        } else if (event instanceof ConnectionEvent.Terminated) {
            terminate();
        }
    }

    private void onHandshakeCompleted() {
        handshakeCompleted = true;
        alpn = core.applicationProtocol();
        if (server) {
            serverName = core.serverName();
        }
        state = State.OPEN;
        retryPendingOpens(StreamDirection.BIDIRECTIONAL);
        retryPendingOpens(StreamDirection.UNIDIRECTIONAL);
        try {
            handler.onOpen(this);
        } catch (Throwable failure) {
            callbackFailed(failure);
        }
        connected.complete(this);
    }

    private void onStreamEvent(StreamEvent event) {
        if (event instanceof StreamEvent.Readable readable) {
            LoopStream stream = streamOf(readable.streamId());
            if (stream != null) {
                stream.deliverReadable();
            }
        } else if (event instanceof StreamEvent.Writable writable) {
            LoopStream stream = streams.get(writable.streamId());
            if (stream != null) {
                stream.pump();
            }
        } else if (event instanceof StreamEvent.PeerOpened opened) {
            streamOf(opened.streamId());
        } else if (event instanceof StreamEvent.PeerReset reset) {
            LoopStream stream = streamOf(reset.streamId());
            if (stream != null) {
                stream.onPeerReset(reset.errorCode());
            }
        } else if (event instanceof StreamEvent.PeerStopSending stop) {
            LoopStream stream = streamOf(stop.streamId());
            if (stream != null) {
                stream.onPeerStopSending(stop.errorCode());
            }
        } else if (event instanceof StreamEvent.StreamClosed closed) {
            LoopStream stream = streams.remove(closed.streamId());
            streamCount = streams.size();
            if (stream != null) {
                stream.onClosed();
            }
        } else if (event instanceof StreamEvent.StreamsAvailable available) {
            retryPendingOpens(available.direction());
        }
    }

    /** The stream of {@code id}, created (and announced with onStream) when the peer opened it. */
    private LoopStream streamOf(long id) {
        LoopStream stream = streams.get(id);
        if (stream != null) {
            return stream;
        }
        boolean local = ((id & 1) == 1) == server;
        if (local || !core.streams().isOpen(id)) {
            return null;
        }
        stream = new LoopStream(this, id, (id & 2) == 0, false);
        streams.put(id, stream);
        streamCount = streams.size();
        try {
            handler.onStream(stream);
        } catch (Throwable failure) {
            callbackFailed(failure);
        }
        return stream;
    }

    private void onClosed(CloseReason reason) {
        if (closeReason != null) {
            return;
        }
        closeReason = toCloseReason(reason);
        lastStats = toStats(core.stats());
        state = State.CLOSING;
        QuicException closed = closedException();
        failPending(pendingBidirectional, closed);
        failPending(pendingUnidirectional, closed);
        for (LoopStream stream : new ArrayList<>(streams.values())) {
            stream.onConnectionClosed(closed);
        }
        if (!handshakeCompleted) {
            QuicException failure = handshakeFailure();
            connected.completeExceptionally(failure);
            try {
                handler.onError(this, failure);
            } catch (Throwable ignored) {
                EndpointLoop.LOG.log(System.Logger.Level.WARNING, "onError threw", ignored);
            }
        }
        closeDispatched = true;
        try {
            handler.onClose(this, closeReason);
        } catch (Throwable failure) {
            callbackFailed(failure);
        }
        closeFuture.complete(closeReason);
    }

    private void terminate() {
        if (state == State.CLOSED) {
            return;
        }
        if (!closeDispatched) {
            onClosed(core.closeReason() != null ? core.closeReason()
                    : new CloseReason(CloseReason.Origin.LOCAL, 0, false, 0, "terminated"));
        }
        state = State.CLOSED;
        if (migration != null) {
            migration.completeExceptionally(closedException());
            migration = null;
        }
        migrationSockets.forEach(loop::closeMigrationChannel);
        migrationSockets.clear();
        streams.clear();
        streamCount = 0;
        closeFuture.complete(closeReason);
        if (qlog != null) {
            core.setTracer(dev.jquic.core.trace.ConnectionTracer.NONE);
            qlog.close(EndpointLoop.now(), closeReason == null ? "terminated" : closeReason.toString());
        }
        terminated.complete(null);
    }

    /** The local connection ID in hex (unique per connection), or the handle when it is empty. */
    static String qlogName(String localConnectionIdHex, long handle) {
        return localConnectionIdHex.isEmpty() ? "handle" + handle : localConnectionIdHex;
    }

    private static void failPending(ArrayDeque<CompletableFuture<QuicStream>> pending, QuicException failure) {
        CompletableFuture<QuicStream> future;
        while ((future = pending.poll()) != null) {
            future.completeExceptionally(failure);
        }
    }

    private QuicException closedException() {
        QuicCloseReason reason = closeReason;
        return new QuicException("connection closed" + (reason == null ? "" : ": " + describe(reason)), reason, null);
    }

    private QuicCloseReason toCloseReason(CloseReason reason) {
        return CloseReasons.of(reason, timedOut, loop.isStopping(), loop.settings.handshakeTimeout());
    }

    private static String describe(QuicCloseReason reason) {
        return CloseReasons.describe(reason);
    }

    private QuicException handshakeFailure() {
        String where = peerHost != null ? peerHost + ":" + peerPort : String.valueOf(remoteAddress);
        return CloseReasons.handshakeFailure(closeReason, where, loop.settings.handshakeTimeout(),
                loop.settings.applicationProtocols());
    }

    /** A callback threw: report it to onError; the loop carries on. */
    void callbackFailed(Throwable failure) {
        try {
            handler.onError(this, failure);
        } catch (Throwable again) {
            EndpointLoop.LOG.log(System.Logger.Level.WARNING, "onError threw", again);
        }
    }
}
