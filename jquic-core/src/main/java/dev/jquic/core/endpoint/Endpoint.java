package dev.jquic.core.endpoint;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.connection.Connection;
import dev.jquic.core.connection.ConnectionConfig;
import dev.jquic.core.connection.ConnectionEvent;
import dev.jquic.core.connection.ServerOrigin;
import dev.jquic.core.connection.StatelessResetTokens;
import dev.jquic.core.connection.TlsSessionFactory;
import dev.jquic.core.crypto.CipherPool;
import dev.jquic.core.packet.PacketHeader;
import dev.jquic.core.packet.PacketParser;
import dev.jquic.core.packet.ParsedPacket;
import dev.jquic.core.params.TransportParameters;
import dev.jquic.core.path.NetworkPath;
import dev.jquic.core.trace.ConnectionTracer;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.PacketType;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * A QUIC endpoint, sans-IO (DESIGN §2, §4): many {@link Connection}s behind one socket. Datagrams
 * go in through {@link #handleDatagram}; they are routed by Destination Connection ID (RFC 9000
 * §5.2) through a {@link ConnectionIdTable} keyed with a random SipHash key. A server endpoint
 * creates connections from valid client Initials (RFC 9000 §7, §14.1), under limits on
 * connections, connections per host and handshakes in progress (RFC 9000 §21.6), optionally
 * after a Retry (§8.1.2). It answers unsupported versions with Version Negotiation (§6.1) and
 * unknown short-header connection IDs with rate-limited stateless resets (§10.3).
 *
 * <p>Output is scheduled by interest (DESIGN §5.8): connections touched by a datagram, a timer
 * or {@link #markActive} are polled by {@link #pollTransmit} round-robin, after the endpoint's own
 * packets; deadlines live in a heap with lazy deletion. One connection's failure never affects
 * another: a connection that throws is dropped alone.
 *
 * <p>Not thread-safe: one owner thread; time and randomness come from the caller.
 */
public final class Endpoint {

    private final EndpointConfig config;
    private final RandomGenerator random;
    /** Tracer of each new server connection (see {@link #setServerConnectionTracers}), or null. */
    private Function<Connection, ConnectionTracer> serverConnectionTracers;
    private final ConnectionConfig serverConfig;
    private final StatelessResetTokens resetTokens;
    private final RetryTokens retryTokens;
    private final ConnectionIdTable routes;
    /** JCA ciphers of forgotten connections, recycled for new ones (one thread owns the endpoint). */
    private final CipherPool cipherPool = new CipherPool(CipherPool.DEFAULT_CAPACITY_PER_TRANSFORMATION);
    private final Map<NetworkPath, Long> clientPaths = new HashMap<>();
    private final Map<Long, ConnectionSlot> connections = new HashMap<>();
    private final Map<Object, Integer> connectionsPerHost = new HashMap<>();
    private final ActiveSet active = new ActiveSet();
    private final DeadlineHeap deadlines = new DeadlineHeap();
    private final ArrayDeque<EndpointEvent> events = new ArrayDeque<>();
    private final ArrayDeque<StatelessDatagram> outgoing = new ArrayDeque<>();
    private final TokenBucket resetBudget;
    private final List<ConnectionSlot> due = new ArrayList<>();
    private final EndpointCounters counters = new EndpointCounters();
    private final int maxRoutes;
    /** Handshakes in progress from which token-less Initials get a Retry (RFC 9000 §8.1: under load). */
    private final int retryThreshold;
    private long nextHandle = 1;
    private int handshakesInProgress;
    private NetworkPath lastTransmitPath;

    private record StatelessDatagram(byte[] bytes, NetworkPath path) {
    }

    /** An endpoint with {@code config}; keys left unset are drawn from {@code random}. */
    public Endpoint(EndpointConfig config, RandomGenerator random, long nowNanos) {
        this.config = Objects.requireNonNull(config, "config");
        this.random = Objects.requireNonNull(random, "random");
        this.serverConfig = config.isServer()
                ? config.serverConfig().toBuilder().connectionIdLength(config.localConnectionIdLength()).build()
                : null;
        this.resetTokens = new StatelessResetTokens(keyOrRandom(config.statelessResetKey(), 32));
        this.retryTokens = new RetryTokens(keyOrRandom(config.tokenKey(), 32), random,
                config.retryTokenLifetimeMillis() * 1_000_000L);
        int perConnection = Math.max(config.clientConfig().activeConnectionIdLimit(),
                serverConfig == null ? 0 : serverConfig.activeConnectionIdLimit()) + 2;
        this.maxRoutes = (int) Math.min(Integer.MAX_VALUE, (long) config.maxConnections() * perConnection);
        this.routes = new ConnectionIdTable(random, maxRoutes);
        this.resetBudget = new TokenBucket(config.statelessResetsPerSecond(), nowNanos);
        this.retryThreshold = Math.max(1, config.maxHandshakesInProgress() * 3 / 4);
    }

    private byte[] keyOrRandom(byte[] key, int length) {
        if (key != null) {
            return key;
        }
        byte[] drawn = new byte[length];
        random.nextBytes(drawn);
        return drawn;
    }

    // ------------------------------------------------------------------ inputs

    /**
     * A UDP datagram (position to limit) arrived from {@code remoteAddress} at
     * {@code localAddress}. It may be decrypted in place. Never throws for any content.
     */
    public void handleDatagram(ByteBuffer datagram, Object localAddress, Object remoteAddress, long nowNanos) {
        int length = datagram.remaining();
        if (length == 0) {
            counters.datagramsDropped++;
            return;
        }
        NetworkPath path = new NetworkPath(localAddress, remoteAddress);
        int start = datagram.position();
        int firstByte = datagram.get(start) & 0xff;
        if ((firstByte & 0x80) != 0) {
            handleLongHeader(datagram, path, nowNanos);
            return;
        }
        int idLength = config.localConnectionIdLength();
        long handle = length > idLength ? routes.get(datagram, start + 1, idLength) : ConnectionIdTable.ABSENT;
        if (handle == ConnectionIdTable.ABSENT) {
            Long byPath = clientPaths.get(path);
            if (byPath != null) {
                // A client connection on this path: a zero-length connection ID, or a stateless
                // reset from its peer (RFC 9000 §10.3.1), which the connection recognises.
                deliver(byPath, datagram, path, nowNanos);
                return;
            }
            // RFC 9000 §10.3: only short headers get a stateless reset, never long headers.
            maybeSendStatelessReset(datagram, path, nowNanos);
            return;
        }
        deliver(handle, datagram, path, nowNanos);
    }

    private void handleLongHeader(ByteBuffer datagram, NetworkPath path, long nowNanos) {
        int start = datagram.position();
        int length = datagram.remaining();
        // RFC 8999 §5.1: version-independent fields: first byte, version, DCID and SCID with 8-bit lengths.
        if (length < 7) {
            counters.datagramsDropped++;
            return;
        }
        int versionValue = datagram.getInt(start + 1);
        int destinationLength = datagram.get(start + 5) & 0xff;
        int sourceLengthOffset = start + 6 + destinationLength;
        if (sourceLengthOffset >= datagram.limit()
                || sourceLengthOffset + 1 + (datagram.get(sourceLengthOffset) & 0xff) > datagram.limit()) {
            counters.datagramsDropped++;
            return;
        }
        long handle = destinationLength <= ConnectionId.MAX_LENGTH
                ? routes.get(datagram, start + 6, destinationLength) : ConnectionIdTable.ABSENT;
        if (handle == ConnectionIdTable.ABSENT && destinationLength == 0) {
            Long byPath = clientPaths.get(path);
            handle = byPath == null ? ConnectionIdTable.ABSENT : byPath;
        }
        if (handle != ConnectionIdTable.ABSENT) {
            deliver(handle, datagram, path, nowNanos);
            return;
        }
        if (!config.isServer() || versionValue == 0) {
            // RFC 9000 §6.1: never answer a Version Negotiation packet with one.
            counters.datagramsDropped++;
            return;
        }
        Version version = Version.of(versionValue);
        if (!config.supportedVersions().contains(version)) {
            sendVersionNegotiation(datagram, path, destinationLength, sourceLengthOffset);
            return;
        }
        acceptInitial(datagram, path, nowNanos);
    }

    private void sendVersionNegotiation(ByteBuffer datagram, NetworkPath path, int destinationLength,
            int sourceLengthOffset) {
        // RFC 9000 §14.1 / §6.1: only datagrams large enough to be an Initial deserve an answer,
        // so a Version Negotiation packet never amplifies.
        if (datagram.remaining() < ConnectionConfig.MIN_DATAGRAM_SIZE) {
            counters.datagramsDropped++;
            return;
        }
        int start = datagram.position();
        byte[] destination = new byte[destinationLength];
        datagram.get(start + 6, destination);
        byte[] source = new byte[datagram.get(sourceLengthOffset) & 0xff];
        datagram.get(sourceLengthOffset + 1, source);
        if (queue(StatelessPackets.versionNegotiation(destination, source, config.supportedVersions(), random),
                path)) {
            counters.versionNegotiationsSent++;
        }
    }

    private void acceptInitial(ByteBuffer datagram, NetworkPath path, long nowNanos) {
        // RFC 9000 §14.1: a server MUST discard an Initial in a datagram smaller than 1200 bytes.
        if (datagram.remaining() < ConnectionConfig.MIN_DATAGRAM_SIZE) {
            counters.datagramsDropped++;
            return;
        }
        ParsedPacket parsed;
        try {
            parsed = PacketParser.parse(datagram, datagram.position(), config.localConnectionIdLength());
        } catch (QuicProtocolException malformed) {
            counters.datagramsDropped++;
            return;
        }
        // RFC 9000 §7.2: the client's first Destination Connection ID is at least 8 bytes.
        if (!(parsed instanceof PacketHeader header) || header.type() != PacketType.INITIAL
                || header.destinationConnectionId().length() < 8) {
            counters.datagramsDropped++;
            return;
        }
        Object host = config.hostOf().apply(path.remoteAddress());
        if (connections.size() >= config.maxConnections() || handshakesInProgress >= config.maxHandshakesInProgress()
                || connectionsPerHost.getOrDefault(host, 0) >= config.maxConnectionsPerHost()) {
            counters.connectionsRefused++;
            return;
        }
        ServerOrigin origin;
        if (header.token().remaining() > 0) {
            RetryTokens.Contents contents = retryTokens.open(header.token(), path.remoteAddress(), nowNanos);
            // RFC 9000 §8.1.2: the server "can discard" an Initial whose Retry token is invalid;
            // we do (the client times out) rather than close with INVALID_TOKEN, which would need
            // Initial keys and packet assembly here for an unauthenticated peer. §8.1.3: a token
            // we cannot open may be another server's NEW_TOKEN; we issue none, so we drop too.
            if (contents == null || !contents.retrySourceConnectionId().equals(header.destinationConnectionId())) {
                counters.invalidTokens++;
                return;
            }
            origin = new ServerOrigin(header.version(), header.destinationConnectionId(), header.sourceConnectionId(),
                    contents.originalDestinationConnectionId(), contents.retrySourceConnectionId(), true);
        } else if (config.requireRetry() || handshakesInProgress >= retryThreshold) {
            sendRetry(header, path, nowNanos);
            return;
        } else {
            origin = ServerOrigin.of(header.version(), header.destinationConnectionId(), header.sourceConnectionId());
        }
        createServerConnection(origin, host, datagram, path, nowNanos);
    }

    private void sendRetry(PacketHeader header, NetworkPath path, long nowNanos) {
        ConnectionId retrySource = randomConnectionId();
        byte[] token = retryTokens.seal(header.destinationConnectionId(), retrySource, path.remoteAddress(), nowNanos);
        byte[] packet = StatelessPackets.retry(header.version(), header.sourceConnectionId(), retrySource, token,
                header.destinationConnectionId(), random);
        if (queue(packet, path)) {
            counters.retriesSent++;
        }
    }

    /**
     * Gives every server connection the tracer {@code factory} returns for it, set when the
     * connection is created so that its first Initial is traced too; null for none.
     */
    public void setServerConnectionTracers(Function<Connection, ConnectionTracer> factory) {
        this.serverConnectionTracers = factory;
    }

    private ConnectionId randomConnectionId() {
        return config.connectionIdGenerator().generate(random, config.localConnectionIdLength());
    }

    private void createServerConnection(ServerOrigin origin, Object host, ByteBuffer datagram, NetworkPath path,
            long nowNanos) {
        Connection connection;
        CipherPool.Lease ciphers = cipherPool.lease();
        try {
            connection = Connection.server(serverConfig, config.serverTls(), path, random, resetTokens,
                    config.connectionIdGenerator(), origin, ciphers, nowNanos);
        } catch (RuntimeException failure) {
            ciphers.release();
            counters.connectionFailures++;
            return;
        }
        if (serverConnectionTracers != null) {
            connection.setTracer(serverConnectionTracers.apply(connection));
        }
        ConnectionSlot slot = new ConnectionSlot(nextHandle++, connection, host, ciphers);
        slot.handshaking = true;
        connections.put(slot.handle, slot);
        connectionsPerHost.merge(host, 1, Integer::sum);
        handshakesInProgress++;
        counters.connectionsAccepted++;
        // Route the client's Initial DCID until the handshake completes (RFC 9000 §7.2).
        slot.originalRoute = origin.clientDestinationConnectionId();
        if (routes.put(slot.originalRoute, slot.handle)) {
            slot.routes.add(slot.originalRoute);
        }
        emit(new EndpointEvent.ConnectionAccepted(slot.handle));
        deliver(slot.handle, datagram, path, nowNanos);
    }

    private void maybeSendStatelessReset(ByteBuffer datagram, NetworkPath path, long nowNanos) {
        int resetLength = StatelessPackets.statelessResetLength(datagram.remaining());
        int idLength = config.localConnectionIdLength();
        // RFC 9000 §10.3.3: a reset smaller than the packet it answers cannot loop; a packet too
        // short to carry our connection ID (or itself possibly a minimal reset) gets none.
        if (!config.statelessReset() || resetLength == 0 || datagram.remaining() < 1 + idLength) {
            counters.datagramsDropped++;
            return;
        }
        // RFC 9000 §10.3: an endpoint can rate-limit the stateless resets it sends.
        if (!resetBudget.tryTake(nowNanos)) {
            counters.statelessResetsRateLimited++;
            counters.datagramsDropped++;
            return;
        }
        byte[] id = new byte[idLength];
        datagram.get(datagram.position() + 1, id);
        byte[] reset = StatelessPackets.statelessReset(resetLength, resetTokens.tokenFor(ConnectionId.of(id)), random);
        if (queue(reset, path)) {
            counters.statelessResetsSent++;
        }
    }

    private boolean queue(byte[] packet, NetworkPath path) {
        if (outgoing.size() >= config.maxQueuedPackets()) {
            counters.packetsQueueOverflow++;
            return false;
        }
        outgoing.add(new StatelessDatagram(packet, path));
        return true;
    }

    /** Calls the connections whose deadline is at or before {@code nowNanos}. */
    public void handleTimeout(long nowNanos) {
        due.clear();
        deadlines.pollDue(nowNanos, due);
        for (ConnectionSlot slot : due) {
            // Handling an earlier slot of this list may have ended this one, or given it a new
            // deadline (and so put it back into the heap): a later one waits for its turn.
            if (!slot.alive || slot.deadlineNanos > nowNanos) {
                continue;
            }
            deadlines.remove(slot);
            slot.deadlineNanos = Connection.NO_DEADLINE;
            try {
                slot.connection.handleTimeout(nowNanos);
            } catch (RuntimeException failure) {
                fail(slot);
                continue;
            }
            afterInput(slot);
        }
    }

    private void deliver(long handle, ByteBuffer datagram, NetworkPath path, long nowNanos) {
        ConnectionSlot slot = connections.get(handle);
        if (slot == null) {
            counters.datagramsDropped++;
            return;
        }
        counters.datagramsRouted++;
        try {
            slot.connection.handleDatagram(datagram, path, nowNanos);
        } catch (RuntimeException failure) {
            fail(slot);
            return;
        }
        afterInput(slot);
    }

    private void afterInput(ConnectionSlot slot) {
        drainEvents(slot);
        if (slot.alive) {
            active.add(slot);
            refreshDeadline(slot);
        }
    }

    // ------------------------------------------------------------------ client side

    /**
     * Opens a client connection to {@code remoteAddress}; its first Initial is ready to be
     * polled. A connection ID length other than 0 in {@code config} is replaced by the
     * endpoint's; with 0, packets are routed by address instead.
     *
     * @param config configuration, or {@code null} for the endpoint's client default
     * @param rememberedServerParameters the server's parameters of a resumed session, or {@code null}
     * @param localAddress the local address; datagrams from {@code remoteAddress} to it that match
     *     no connection ID (zero-length IDs, stateless resets) go to the first client connection
     *     opened on that address pair
     * @return the connection's handle
     * @throws IllegalStateException if {@code maxConnections} connections exist
     */
    public long connect(ConnectionConfig config, TlsSessionFactory tls, Object localAddress, Object remoteAddress,
            TransportParameters rememberedServerParameters, long nowNanos) {
        Objects.requireNonNull(tls, "tls");
        if (connections.size() >= this.config.maxConnections()) {
            throw new IllegalStateException("maxConnections reached: " + connections.size());
        }
        ConnectionConfig chosen = config == null ? this.config.clientConfig() : config;
        if (chosen.connectionIdLength() != 0 && chosen.connectionIdLength() != this.config.localConnectionIdLength()) {
            chosen = chosen.toBuilder().connectionIdLength(this.config.localConnectionIdLength()).build();
        }
        NetworkPath path = new NetworkPath(localAddress, remoteAddress);
        CipherPool.Lease ciphers = cipherPool.lease();
        Connection connection;
        try {
            connection = Connection.client(chosen, tls, path, random, resetTokens, rememberedServerParameters,
                    ciphers, nowNanos);
        } catch (RuntimeException failure) {
            ciphers.release();
            throw failure;
        }
        ConnectionSlot slot = new ConnectionSlot(nextHandle++, connection, null, ciphers);
        connections.put(slot.handle, slot);
        if (!clientPaths.containsKey(path)) {
            clientPaths.put(path, slot.handle);
            slot.clientPath = path;
        }
        afterInput(slot);
        return slot.handle;
    }

    /** The connection of {@code handle}, or {@code null} once it was forgotten. */
    public Connection connection(long handle) {
        ConnectionSlot slot = connections.get(handle);
        return slot == null ? null : slot.connection;
    }

    /**
     * The application changed connection {@code handle} (wrote, closed, ...): poll it for
     * sending, re-read its deadline and forward its events. Unknown handles are ignored.
     */
    public void markActive(long handle) {
        ConnectionSlot slot = connections.get(handle);
        if (slot != null) {
            afterInput(slot);
        }
    }

    // ------------------------------------------------------------------ outputs

    /**
     * Writes the next datagram to send at {@code out}'s position and returns its length, or 0
     * when nothing is due: the endpoint's own packets first, then the active connections in turn.
     */
    public int pollTransmit(ByteBuffer out, long nowNanos) {
        StatelessDatagram own = outgoing.poll();
        if (own != null) {
            if (out.remaining() < own.bytes.length) {
                counters.packetsQueueOverflow++;
                return 0;
            }
            out.put(out.position(), own.bytes);
            lastTransmitPath = own.path;
            return own.bytes.length;
        }
        ConnectionSlot slot;
        while ((slot = active.poll()) != null) {
            if (!slot.alive) {
                continue;
            }
            int length;
            try {
                length = slot.connection.pollTransmit(out, nowNanos);
            } catch (RuntimeException failure) {
                fail(slot);
                continue;
            }
            if (length > 0) {
                lastTransmitPath = slot.connection.transmitPath();
                active.add(slot);
                refreshDeadline(slot);
                return length;
            }
            drainEvents(slot);
            if (slot.alive) {
                refreshDeadline(slot);
            }
        }
        return 0;
    }

    /** The path of the datagram last returned by {@link #pollTransmit}. */
    public NetworkPath transmitPath() {
        return lastTransmitPath;
    }

    /** The earliest deadline of all connections, or {@link Connection#NO_DEADLINE}. */
    public long pollTimeout() {
        return deadlines.earliest();
    }

    /** The next event, or {@code null}. */
    public EndpointEvent pollEvent() {
        return events.poll();
    }

    /** How many connections the endpoint holds. */
    public int connectionCount() {
        return connections.size();
    }

    /** How many accepted connections have not completed their handshake. */
    public int handshakesInProgress() {
        return handshakesInProgress;
    }

    /** How many connection IDs are routed. */
    public int routeCount() {
        return routes.size();
    }

    /** A snapshot of the counters. */
    public EndpointStats stats() {
        return counters.snapshot(cipherPool.created(), cipherPool.reused());
    }

    // ------------------------------------------------------------------ bookkeeping

    private void drainEvents(ConnectionSlot slot) {
        ConnectionEvent event;
        while (slot.alive && (event = pollConnectionEvent(slot)) != null) {
            if (event instanceof ConnectionEvent.ConnectionIdIssued issued) {
                if (routes.put(issued.connectionId(), slot.handle)) {
                    slot.routes.add(issued.connectionId());
                }
                continue;
            }
            if (event instanceof ConnectionEvent.ConnectionIdRetired retired) {
                if (routes.remove(retired.connectionId(), slot.handle)) {
                    slot.routes.remove(retired.connectionId());
                }
                continue;
            }
            if (event instanceof ConnectionEvent.HandshakeCompleted) {
                endHandshake(slot);
            }
            emit(new EndpointEvent.ConnectionEventOf(slot.handle, event));
            if (event instanceof ConnectionEvent.Terminated) {
                forget(slot);
            }
        }
    }

    private ConnectionEvent pollConnectionEvent(ConnectionSlot slot) {
        try {
            return slot.connection.pollEvent();
        } catch (RuntimeException failure) {
            fail(slot);
            return null;
        }
    }

    private void endHandshake(ConnectionSlot slot) {
        if (slot.handshaking) {
            slot.handshaking = false;
            handshakesInProgress--;
        }
        if (slot.originalRoute != null) {
            if (routes.remove(slot.originalRoute, slot.handle)) {
                slot.routes.remove(slot.originalRoute);
            }
            slot.originalRoute = null;
        }
    }

    private void fail(ConnectionSlot slot) {
        counters.connectionFailures++;
        forget(slot);
    }

    private void forget(ConnectionSlot slot) {
        if (!slot.alive) {
            return;
        }
        slot.alive = false;
        deadlines.remove(slot);
        endHandshake(slot);
        for (ConnectionId id : slot.routes) {
            routes.remove(id, slot.handle);
        }
        slot.routes.clear();
        if (slot.clientPath != null) {
            clientPaths.remove(slot.clientPath, slot.handle);
        }
        if (slot.host != null) {
            connectionsPerHost.computeIfPresent(slot.host, (host, count) -> count <= 1 ? null : count - 1);
        }
        connections.remove(slot.handle);
        // The connection protects and opens no more packets: its ciphers can serve new ones.
        slot.ciphers.release();
        counters.connectionsForgotten++;
        emit(new EndpointEvent.ConnectionForgotten(slot.handle));
    }

    private void refreshDeadline(ConnectionSlot slot) {
        long deadline;
        try {
            deadline = slot.connection.pollTimeout();
        } catch (RuntimeException failure) {
            fail(slot);
            return;
        }
        if (deadline != slot.deadlineNanos) {
            slot.deadlineNanos = deadline;
            deadlines.update(slot);
        }
    }

    private void emit(EndpointEvent event) {
        if (events.size() >= config.maxEvents()) {
            counters.eventsDropped++;
            return;
        }
        events.add(event);
    }
}
