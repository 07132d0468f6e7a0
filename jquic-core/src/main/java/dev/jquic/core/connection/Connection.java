package dev.jquic.core.connection;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.crypto.CipherPool;
import dev.jquic.core.crypto.CipherSource;
import dev.jquic.core.crypto.InitialSecrets;
import dev.jquic.core.crypto.PacketProtection;
import dev.jquic.core.frame.ConnectionCloseFrame;
import dev.jquic.core.frame.StreamDirection;
import dev.jquic.core.params.TransportParameters;
import dev.jquic.core.params.VersionInformation;
import dev.jquic.core.path.NetworkPath;
import dev.jquic.core.path.PathManager;
import dev.jquic.core.path.PathMtuDiscovery;
import dev.jquic.core.recovery.CongestionController;
import dev.jquic.core.recovery.LossRecovery;
import dev.jquic.core.recovery.Pacer;
import dev.jquic.core.recovery.RttEstimator;
import dev.jquic.core.recovery.cc.Cubic;
import dev.jquic.core.recovery.cc.NewReno;
import dev.jquic.core.stream.StreamEvent;
import dev.jquic.core.stream.StreamManager;
import dev.jquic.core.trace.ConnectionTracer;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.core.types.EndpointRole;
import dev.jquic.core.types.PacketNumberSpace;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * One QUIC connection, client or server (RFC 9000, 9001, 9002), driven sans-IO (DESIGN §4):
 * datagrams and the current time go in through {@link #handleDatagram} and
 * {@link #handleTimeout}; datagrams come out of {@link #pollTransmit}, the next deadline out of
 * {@link #pollTimeout}, and events out of {@link #pollEvent}. Application commands (open, write,
 * read, finish, reset, stop sending, datagrams, key update, migration, close) are plain methods.
 *
 * <p>Nothing thrown by a peer's bytes escapes: a violation closes the connection with its RFC
 * 9000 §20 code and is reported as {@link ConnectionEvent.Closed}. Application misuse (unknown
 * stream, write after finish) throws {@link IllegalArgumentException} or
 * {@link IllegalStateException}.
 *
 * <p>The work is split by concern: {@link PacketReceiver} parses, decrypts and dispatches
 * frames; {@link DatagramAssembler} builds and protects outgoing datagrams; this class owns the
 * state they share, the handshake and the lifecycle. Not thread-safe: one owner thread.
 */
public final class Connection {

    /** {@link #pollTimeout()} value when no timer is armed. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;
    /** RFC 9000 §7.2: a client's first Destination Connection ID is at least 8 bytes. */
    static final int CLIENT_INITIAL_DESTINATION_ID_LENGTH = 8;
    private static final int MAX_EVENTS = 4096;

    final EndpointRole role;
    final ConnectionConfig config;
    /** Where every packet protection of this connection takes its JCA ciphers. */
    final CipherSource ciphers;
    final RandomGenerator random;
    final long createdNanos;
    Version version;

    final PacketSpace[] spaces = new PacketSpace[PacketNumberSpace.values().length];
    PacketProtection zeroRttSendKeys;
    PacketProtection zeroRttReceiveKeys;
    OneRttKeys oneRttKeys;

    final CryptoStreams crypto;
    HandshakeDriver handshake;
    EncryptionLevel tlsReadLevel = EncryptionLevel.INITIAL;
    TransportParameters localParameters;
    TransportParameters peerParameters;
    int peerAckDelayExponent = TransportParameters.DEFAULT_ACK_DELAY_EXPONENT;
    long peerMaxDatagramFrameSize;
    int maxSendDatagramSize;

    final RttEstimator rtt;
    final CongestionController congestion;
    final LossRecovery<SentFrames> recovery;
    final Pacer pacer;
    final StreamManager streams;
    final LocalConnectionIds localConnectionIds;
    final PeerConnectionIds peerConnectionIds;
    final PathManager paths;
    final DatagramQueue datagrams;
    /** RFC 9000 §14.3: DPLPMTUD of the active path; decides {@link #maxSendDatagramSize}. */
    final PathMtuDiscovery mtu;

    /** The version of the client's first Initial when compatible negotiation chose another (server). */
    Version originalVersion;
    /** Initial keys of {@link #originalVersion}, for the client's Initials sent before it switched. */
    PacketProtection originalVersionInitialReceiveKeys;
    /** The connection ID the current Initial keys derive from (RFC 9001 §5.2). */
    ConnectionId initialKeysConnectionId;
    /** The Destination Connection ID of the client's first Initial (keys derive from it). */
    ConnectionId originalDestinationConnectionId;
    /** Client: the Source Connection ID of the Retry it followed, or null. */
    ConnectionId retrySourceConnectionId;
    /** Client: the token to put in Initial packets (from Retry), empty for none. */
    byte[] initialToken = new byte[0];
    /** The Source Connection ID of the peer's first packet (checked against its parameters). */
    ConnectionId peerInitialSourceConnectionId;
    boolean receivedPacketFromPeer;
    boolean retryReceived;

    ConnectionState state = ConnectionState.HANDSHAKING;
    CloseReason closeReason;
    ConnectionCloseFrame closeFrame;
    boolean closeFrameDue;
    long packetsReceivedWhileClosing;
    long terminationDeadlineNanos = NO_DEADLINE;
    boolean handshakeDoneToSend;
    /**
     * The TLS waits for {@link ConnectionEvent.DeferredWork} (a server's signature): nothing is
     * sent until it is done, not even the ACK of the client's Initial (RFC 9000 §13.2.1 wants it
     * at once). The ACK leaves with the server's flight, as when the signature is computed inline:
     * an ACK ahead of the flight gives the client an RTT sample without the server's processing
     * and a PTO short enough to fire while the signature is computed (W4 on loopback: about 1.4
     * probe packets more per connection, 2026-11-27).
     */
    boolean awaitingDeferredWork;
    boolean handshakeDoneSent;
    boolean handshakeDoneAcknowledged;
    boolean zeroRttAccepted;
    long handshakeCompletedNanos = -1;

    long idleTimeoutNanos;
    /** Base PTO periods the idle timeout lasts at least: probes at 1, 3, 7, answer by 8 (RFC 9000 §10.1). */
    static final int PROBES_BEFORE_IDLE_PTO_PERIODS = 8;
    long lastActivityNanos;
    long lastAckElicitingSentNanos;
    boolean ackElicitingSentSinceLastReceive;
    boolean keepAlivePingDue;
    /**
     * A 1-RTT packet brought only STREAM data we already had: the peer is retransmitting, so our
     * ACKs of it are being lost. The next 1-RTT ACK goes with a PING (RFC 9000 §13.2.4 allows an
     * occasional ack-eliciting frame): ack-eliciting, it is in flight and our PTO repeats it.
     */
    boolean ackOfRepeatsDue;
    /** Highest CRYPTO offset sent at Initial (re-sent in full after a Retry). */
    long initialCryptoBytesSent;
    /** CRYPTO data sent again before its PTO (RFC 9002 §6.2.3), counted against a small limit. */
    int earlyCryptoResends;
    /** When the last of those was sent (meaningful once {@link #earlyCryptoResends} > 0). */
    long lastEarlyCryptoResendNanos;
    /** The first packet number sent with 1-RTT keys (not 0-RTT), or -1 (RFC 9001 §4.1.2). */
    long firstOneRttPacketNumber = -1;

    /** The time of the input or output call under way (for callbacks that need it). */
    long nowNanos;

    /** Where trace events go; {@link ConnectionTracer#NONE} (the default) builds none. */
    ConnectionTracer tracer = ConnectionTracer.NONE;

    final ArrayDeque<ConnectionEvent> events = new ArrayDeque<>();
    final ConnectionCounters counters = new ConnectionCounters();
    final PacketReceiver receiver;
    final VersionNegotiator versionNegotiator = new VersionNegotiator(this);
    final DatagramAssembler assembler;
    final SentFrameOutcomes sentFrameOutcomes = new SentFrameOutcomes(this);

    private Connection(EndpointRole role, ConnectionConfig config, RandomGenerator random,
            StatelessResetTokens resetTokens, ConnectionIdGenerator idGenerator, NetworkPath path,
            boolean pathValidated, Version version, ConnectionId localConnectionId, ConnectionId peerConnectionId,
            CipherSource ciphers, long nowNanos) {
        this.role = role;
        this.ciphers = Objects.requireNonNull(ciphers, "ciphers");
        this.config = config;
        this.random = random;
        this.createdNanos = nowNanos;
        this.version = version;
        this.lastActivityNanos = nowNanos;
        // RFC 9000 §14: 1200 bytes until path MTU discovery confirms more (see PathMtuDiscovery).
        this.mtu = new PathMtuDiscovery(config.maxDatagramSizeBytes());
        this.maxSendDatagramSize = mtu.currentSizeBytes();
        for (PacketNumberSpace space : PacketNumberSpace.values()) {
            // RFC 9000 §13.2.1: Initial and Handshake packets are acknowledged immediately.
            long maxAckDelayNanos = space == PacketNumberSpace.APPLICATION
                    ? config.maxAckDelayMillis() * 1_000_000L : 0;
            spaces[space.ordinal()] = new PacketSpace(space, maxAckDelayNanos);
        }
        this.crypto = new CryptoStreams(config.cryptoBufferLimits());
        this.rtt = new RttEstimator(config.initialRttMillis() * 1_000_000L);
        this.congestion = config.congestionControl() == CongestionControl.NEW_RENO
                ? new NewReno(maxSendDatagramSize) : new Cubic(maxSendDatagramSize);
        this.recovery = new LossRecovery<>(role, rtt, congestion, sentFrameOutcomes);
        this.pacer = new Pacer(maxSendDatagramSize);
        this.streams = new StreamManager(role, config.streamLimits());
        this.localConnectionIds = new LocalConnectionIds(localConnectionId, config.activeConnectionIdLimit(),
                resetTokens, random, idGenerator, new RoutingEvents());
        this.peerConnectionIds = new PeerConnectionIds(peerConnectionId, config.activeConnectionIdLimit());
        this.paths = new PathManager(path, role, random);
        if (pathValidated) {
            paths.validateActivePath();
        }
        this.datagrams = new DatagramQueue(config.datagramQueueCapacity());
        this.receiver = new PacketReceiver(this);
        this.assembler = new DatagramAssembler(this);
        events.add(new ConnectionEvent.ConnectionIdIssued(localConnectionId));
    }

    // ------------------------------------------------------------------ creation

    /**
     * A client connection to the server on {@code path}; its first Initial is ready to be polled.
     *
     * @param resetTokens derives the stateless reset tokens of the IDs this endpoint issues
     * @param random randomness for connection IDs, packet number skips and path challenges
     */
    public static Connection client(ConnectionConfig config, TlsSessionFactory tlsFactory, NetworkPath path,
            RandomGenerator random, StatelessResetTokens resetTokens, long nowNanos) {
        return client(config, tlsFactory, path, random, resetTokens, CipherSource.JCA, nowNanos);
    }

    private static Connection client(ConnectionConfig config, TlsSessionFactory tlsFactory, NetworkPath path,
            RandomGenerator random, StatelessResetTokens resetTokens, CipherSource ciphers, long nowNanos) {
        Objects.requireNonNull(tlsFactory, "tlsFactory");
        ConnectionId localId = LocalConnectionIds.randomConnectionId(random, config.connectionIdLength());
        ConnectionId originalDestination = LocalConnectionIds.randomConnectionId(random,
                CLIENT_INITIAL_DESTINATION_ID_LENGTH);
        Connection connection = new Connection(EndpointRole.CLIENT, config, random, resetTokens,
                ConnectionIdGenerator.RANDOM, path, true,
                config.version(), localId, originalDestination, ciphers, nowNanos);
        connection.originalDestinationConnectionId = originalDestination;
        connection.installInitialKeys(originalDestination);
        connection.startTls(tlsFactory, nowNanos);
        return connection;
    }

    /**
     * A client connection resuming a session (RFC 9001 §4.6): the TLS factory carries the ticket;
     * {@code rememberedServerParameters} are the server's transport parameters of the connection
     * that issued it, whose flow-control and stream limits apply to 0-RTT data (RFC 9000 §7.4.1)
     * until the new ones arrive. Data written before the handshake completes goes out in 0-RTT
     * packets when the TLS offers early data.
     */
    public static Connection client(ConnectionConfig config, TlsSessionFactory tlsFactory, NetworkPath path,
            RandomGenerator random, StatelessResetTokens resetTokens, TransportParameters rememberedServerParameters,
            long nowNanos) {
        return client(config, tlsFactory, path, random, resetTokens, rememberedServerParameters, CipherSource.JCA,
                nowNanos);
    }

    /**
     * As {@link #client(ConnectionConfig, TlsSessionFactory, NetworkPath, RandomGenerator,
     * StatelessResetTokens, TransportParameters, long)}, taking every JCA cipher of its packet
     * protection from {@code ciphers} (an endpoint's {@link CipherPool.Lease}).
     */
    public static Connection client(ConnectionConfig config, TlsSessionFactory tlsFactory, NetworkPath path,
            RandomGenerator random, StatelessResetTokens resetTokens, TransportParameters rememberedServerParameters,
            CipherSource ciphers, long nowNanos) {
        Connection connection = client(config, tlsFactory, path, random, resetTokens, ciphers, nowNanos);
        if (rememberedServerParameters != null && connection.peerParameters == null) {
            TransportParameters remembered = rememberedServerParameters;
            connection.streams.onPeerLimits(remembered.initialMaxData(), remembered.initialMaxStreamDataBidiLocal(),
                    remembered.initialMaxStreamDataBidiRemote(), remembered.initialMaxStreamDataUni(),
                    remembered.initialMaxStreamsBidi(), remembered.initialMaxStreamsUni());
            connection.peerMaxDatagramFrameSize = remembered.maxDatagramFrameSize().orElse(0);
        }
        return connection;
    }

    /**
     * A server connection for a client whose first Initial the endpoint accepted; the caller
     * then passes that datagram to {@link #handleDatagram}.
     *
     * @param origin what the client's first Initial (and a Retry, if one was used) established
     */
    public static Connection server(ConnectionConfig config, TlsSessionFactory tlsFactory, NetworkPath path,
            RandomGenerator random, StatelessResetTokens resetTokens, ServerOrigin origin, long nowNanos) {
        return server(config, tlsFactory, path, random, resetTokens, ConnectionIdGenerator.RANDOM, origin, nowNanos);
    }

    /**
     * As {@link #server(ConnectionConfig, TlsSessionFactory, NetworkPath, RandomGenerator,
     * StatelessResetTokens, ServerOrigin, long)}, drawing every connection ID it issues with
     * {@code idGenerator} (e.g. IDs that name the event loop owning the connection).
     */
    public static Connection server(ConnectionConfig config, TlsSessionFactory tlsFactory, NetworkPath path,
            RandomGenerator random, StatelessResetTokens resetTokens, ConnectionIdGenerator idGenerator,
            ServerOrigin origin, long nowNanos) {
        return server(config, tlsFactory, path, random, resetTokens, idGenerator, origin, CipherSource.JCA, nowNanos);
    }

    /**
     * As {@link #server(ConnectionConfig, TlsSessionFactory, NetworkPath, RandomGenerator,
     * StatelessResetTokens, ConnectionIdGenerator, ServerOrigin, long)}, taking every JCA cipher of
     * its packet protection from {@code ciphers} (an endpoint's {@link CipherPool.Lease}).
     */
    public static Connection server(ConnectionConfig config, TlsSessionFactory tlsFactory, NetworkPath path,
            RandomGenerator random, StatelessResetTokens resetTokens, ConnectionIdGenerator idGenerator,
            ServerOrigin origin, CipherSource ciphers, long nowNanos) {
        Objects.requireNonNull(tlsFactory, "tlsFactory");
        Objects.requireNonNull(origin, "origin");
        ConnectionId localId = idGenerator.generate(random, Math.max(8, config.connectionIdLength()));
        Connection connection = new Connection(EndpointRole.SERVER, config, random, resetTokens, idGenerator, path,
                origin.addressValidated(), origin.version(), localId, origin.clientSourceConnectionId(), ciphers,
                nowNanos);
        connection.originalDestinationConnectionId = origin.originalDestinationConnectionId();
        connection.retrySourceConnectionId = origin.retrySourceConnectionId();
        connection.peerInitialSourceConnectionId = origin.clientSourceConnectionId();
        connection.installInitialKeys(origin.clientDestinationConnectionId());
        connection.startTls(tlsFactory, nowNanos);
        return connection;
    }

    void installInitialKeys(ConnectionId clientDestinationConnectionId) {
        initialKeysConnectionId = clientDestinationConnectionId;
        InitialSecrets secrets = InitialSecrets.derive(version, clientDestinationConnectionId);
        PacketSpace initial = space(PacketNumberSpace.INITIAL);
        if (role == EndpointRole.CLIENT) {
            initial.sendKeys = secrets.clientProtection(ciphers);
            initial.receiveKeys = secrets.serverProtection(ciphers);
        } else {
            initial.sendKeys = secrets.serverProtection(ciphers);
            initial.receiveKeys = secrets.clientProtection(ciphers);
        }
    }

    private void startTls(TlsSessionFactory tlsFactory, long nowNanos) {
        localParameters = buildLocalParameters();
        ByteBuffer encoded = encode(localParameters);
        handshake = new HandshakeDriver(this, role == EndpointRole.CLIENT
                ? tlsFactory.create(encoded)
                : tlsFactory.createServer(encoded, versionNegotiator::respond));
        handshake.start(nowNanos);
    }

    static ByteBuffer encode(TransportParameters parameters) {
        ByteBuffer encoded = ByteBuffer.allocate(parameters.encodedLength());
        parameters.encode(encoded);
        encoded.flip();
        return encoded.asReadOnlyBuffer();
    }

    /** Rebuilds the local parameters after the version changed (server, RFC 9368 §4). */
    TransportParameters rebuildLocalParameters() {
        localParameters = buildLocalParameters();
        return localParameters;
    }

    private TransportParameters buildLocalParameters() {
        var limits = config.streamLimits();
        TransportParameters.Builder builder = TransportParameters.builder()
                .maxIdleTimeoutMillis(config.maxIdleTimeoutMillis())
                .maxUdpPayloadSize(config.maxUdpPayloadSizeBytes())
                .initialMaxData(limits.initialMaxData())
                .initialMaxStreamDataBidiLocal(limits.initialMaxStreamDataBidiLocal())
                .initialMaxStreamDataBidiRemote(limits.initialMaxStreamDataBidiRemote())
                .initialMaxStreamDataUni(limits.initialMaxStreamDataUni())
                .initialMaxStreamsBidi(limits.initialMaxStreamsBidi())
                .initialMaxStreamsUni(limits.initialMaxStreamsUni())
                .ackDelayExponent(config.ackDelayExponent())
                .maxAckDelayMillis(config.maxAckDelayMillis())
                .activeConnectionIdLimit(config.activeConnectionIdLimit())
                .initialSourceConnectionId(localConnectionIds.initial().connectionId())
                .versionInformation(new VersionInformation(version, config.supportedVersions()));
        if (config.disableActiveMigration()) {
            builder.disableActiveMigration();
        }
        if (config.maxDatagramFrameSize() > 0) {
            builder.maxDatagramFrameSize(config.maxDatagramFrameSize());
        }
        if (role == EndpointRole.SERVER) {
            // RFC 9000 §7.3: the server echoes the client's original Destination Connection ID
            // and, after a Retry, the Retry's Source Connection ID.
            builder.originalDestinationConnectionId(originalDestinationConnectionId);
            if (retrySourceConnectionId != null) {
                builder.retrySourceConnectionId(retrySourceConnectionId);
            }
            builder.statelessResetToken(localConnectionIds.initial().statelessResetToken());
        }
        return builder.build();
    }

    // ------------------------------------------------------------------ inputs

    /**
     * A UDP datagram arrived on {@code path} (its bytes from position to limit; decrypted in
     * place, so the caller must not reuse it until this returns). Never throws for any content.
     */
    public void handleDatagram(ByteBuffer datagram, NetworkPath path, long nowNanos) {
        this.nowNanos = nowNanos;
        try {
            receiver.handleDatagram(datagram, path, nowNanos);
        } catch (RuntimeException bug) {
            onInternalError(bug, nowNanos);
        }
    }

    /**
     * Last line of defence: a bug of ours must not escape into the caller's loop (DESIGN §7).
     * The connection closes with INTERNAL_ERROR naming the exception, so tests see it.
     */
    private void onInternalError(RuntimeException bug, long nowNanos) {
        String reason = "internal error: " + bug;
        if (state.isTerminating()) {
            if (state != ConnectionState.CLOSED) {
                terminate();
            }
            return;
        }
        closeWithError(TransportError.INTERNAL_ERROR, reason, nowNanos);
    }

    /**
     * The result of the work a {@link ConnectionEvent.DeferredWork} asked for, or {@code null}
     * if it failed (the connection then closes with the TLS's error). Ignored once the
     * connection is closing.
     */
    public void completeDeferredWork(byte[] result, long nowNanos) {
        this.nowNanos = nowNanos;
        if (state.isTerminating()) {
            return;
        }
        awaitingDeferredWork = false;
        try {
            handshake.completeDeferredWork(result, nowNanos);
        } catch (QuicProtocolException violation) {
            closeWithError(violation, nowNanos);
        } catch (RuntimeException bug) {
            onInternalError(bug, nowNanos);
        }
    }

    /** The deadline from {@link #pollTimeout()} has been reached (or passed). */
    public void handleTimeout(long nowNanos) {
        this.nowNanos = nowNanos;
        try {
            onTimeout(nowNanos);
        } catch (QuicProtocolException violation) {
            closeWithError(violation, nowNanos);
        } catch (RuntimeException bug) {
            onInternalError(bug, nowNanos);
        }
    }

    private void onTimeout(long nowNanos) throws QuicProtocolException {
        if (state == ConnectionState.CLOSED) {
            return;
        }
        if (terminationDeadlineNanos != NO_DEADLINE && nowNanos >= terminationDeadlineNanos) {
            terminate();
            return;
        }
        if (state.isTerminating()) {
            return;
        }
        if (nowNanos >= idleDeadlineNanos()) {
            // RFC 9000 §10.1: the connection is silently closed and its state discarded.
            closeReason = new CloseReason(CloseReason.Origin.IDLE_TIMEOUT, 0, false, 0,
                    "no packet for " + (nowNanos - lastActivityNanos) / 1_000_000 + " ms (idle timeout "
                            + effectiveIdleTimeoutNanos() / 1_000_000 + " ms, at least "
                            + PROBES_BEFORE_IDLE_PTO_PERIODS + " PTOs of " + currentPtoNanos() / 1_000_000 + " ms)");
            events.add(new ConnectionEvent.Closed(closeReason));
            terminate();
            return;
        }
        if (recovery.lossDetectionDeadlineNanos() <= nowNanos) {
            PacketNumberSpace probeSpace = recovery.onLossDetectionTimeout(nowNanos);
            if (probeSpace != null) {
                assembler.onProbeTimeout(probeSpace, nowNanos);
                mtu.onProbeTimeout(recovery.ptoCount());
            }
        }
        if (nowNanos >= assembler.secondProbeDeadlineNanos()) {
            assembler.onSecondProbeDue();
        }
        if (oneRttKeys != null) {
            oneRttKeys.onTimeout(nowNanos);
        }
        paths.onTimeout(nowNanos, currentPtoNanos());
        drainPathEvents();
        if (config.keepAliveIntervalMillis() > 0 && state.isEstablished()
                && nowNanos >= keepAliveDeadlineNanos()) {
            keepAlivePingDue = true;
        }
    }

    private void terminate() {
        state = ConnectionState.CLOSED;
        terminationDeadlineNanos = NO_DEADLINE;
        if (tracer != ConnectionTracer.NONE) {
            tracer.closed(nowNanos, closeReason == null ? "" : closeReason.toString());
        }
        events.add(new ConnectionEvent.Terminated());
    }

    // ------------------------------------------------------------------ outputs

    /**
     * Writes the next datagram to send at {@code out}'s position and returns its length, or 0
     * when there is nothing to send now; {@link #transmitPath()} tells where it goes.
     */
    public int pollTransmit(ByteBuffer out, long nowNanos) {
        this.nowNanos = nowNanos;
        if (awaitingDeferredWork && !state.isTerminating()) {
            return 0;
        }
        int start = out.position();
        try {
            return assembler.pollTransmit(out, nowNanos);
        } catch (RuntimeException bug) {
            out.position(start);
            onInternalError(bug, nowNanos);
            return 0;
        }
    }

    /** The path of the datagram last returned by {@link #pollTransmit}. */
    public NetworkPath transmitPath() {
        return assembler.lastPath();
    }

    /** The absolute time at which {@link #handleTimeout} must be called, or {@link #NO_DEADLINE}. */
    public long pollTimeout() {
        if (state == ConnectionState.CLOSED) {
            return NO_DEADLINE;
        }
        if (state.isTerminating()) {
            return terminationDeadlineNanos;
        }
        long deadline = Math.min(idleDeadlineNanos(), recovery.lossDetectionDeadlineNanos());
        // RFC 9000 §8.1: while the anti-amplification limit blocks the path, an ACK (or a
        // keep-alive PING) cannot go out before a datagram arrives, and arrivals are inputs, not
        // timers. Their deadlines would stay due, and the caller would call handleTimeout again
        // at once, for ever (a simulated migration found the spin).
        boolean sendBlocked = awaitingDeferredWork || assembler.amplificationLimited();
        for (PacketSpace space : spaces) {
            if (!space.discarded && !sendBlocked) {
                deadline = Math.min(deadline, space.ackTracker.ackDeadlineNanos());
            }
        }
        if (oneRttKeys != null) {
            deadline = Math.min(deadline, oneRttKeys.discardDeadlineNanos());
        }
        deadline = Math.min(deadline, paths.nextDeadlineNanos(currentPtoNanos()));
        deadline = Math.min(deadline, assembler.pacingDeadlineNanos());
        deadline = Math.min(deadline, assembler.secondProbeDeadlineNanos());
        if (config.keepAliveIntervalMillis() > 0 && state.isEstablished() && !sendBlocked) {
            deadline = Math.min(deadline, keepAliveDeadlineNanos());
        }
        return deadline;
    }

    /** The next event, or {@code null}. Stream events are forwarded from the stream layer. */
    public ConnectionEvent pollEvent() {
        ConnectionEvent event = events.poll();
        if (event != null) {
            return event;
        }
        StreamEvent streamEvent = streams.pollEvent();
        return streamEvent == null ? null : new ConnectionEvent.Stream(streamEvent);
    }

    // ------------------------------------------------------------------ application commands

    /** Opens a stream; {@link StreamManager#NO_STREAM} while the peer's MAX_STREAMS forbids it. */
    public long openStream(StreamDirection direction) {
        requireOpen();
        return streams.openStream(direction);
    }

    /** Queues bytes on a stream; returns how many were accepted (0 when its buffer is full). */
    public int write(long streamId, ByteBuffer source) {
        requireOpen();
        return streams.write(streamId, source);
    }

    /** Ends the sending half of a stream after its buffered data (FIN). */
    public void finish(long streamId) {
        requireOpen();
        streams.finish(streamId);
    }

    /** RFC 9000 §3.1: abandons sending on a stream with RESET_STREAM. */
    public void resetStream(long streamId, long applicationErrorCode) {
        requireOpen();
        streams.resetStream(streamId, applicationErrorCode);
    }

    /** RFC 9000 §3.5: asks the peer to stop sending on a stream. */
    public void stopSending(long streamId, long applicationErrorCode) {
        requireOpen();
        streams.stopSending(streamId, applicationErrorCode);
    }

    /**
     * Reads stream bytes; -1 once everything up to FIN was read, and also once the peer reset the
     * stream ({@code streams().isResetByPeer} tells the two apart before the read).
     */
    public int read(long streamId, ByteBuffer destination) {
        return streams.read(streamId, destination);
    }

    /** The stream layer, for queries (writable/readable bytes, counts). */
    public StreamManager streams() {
        return streams;
    }

    /**
     * RFC 9221: queues an unreliable DATAGRAM frame. Returns false, sending nothing, if the peer
     * did not advertise support, the payload does not fit its limit or one packet, or the queue
     * is full.
     */
    public boolean sendDatagram(ByteBuffer payload) {
        requireOpen();
        int maxPayload = maxDatagramFramePayload();
        if (peerMaxDatagramFrameSize == 0 || payload.remaining() > maxPayload) {
            return false;
        }
        boolean queued = datagrams.offerOutgoing(payload);
        if (!queued) {
            counters.datagramFramesDropped++;
        }
        return queued;
    }

    /** The largest DATAGRAM payload that fits the peer's limit and one packet of the current size. */
    int maxDatagramFramePayload() {
        return (int) Math.min(peerMaxDatagramFrameSize, maxSendDatagramSize - 64L) - 3;
    }

    /** The next received DATAGRAM payload, or {@code null}. */
    public ByteBuffer readDatagram() {
        return datagrams.pollIncoming();
    }

    /**
     * RFC 9001 §6.1: starts a key update. Returns false when not allowed now (handshake not
     * confirmed, or the previous update not yet acknowledged).
     */
    public boolean initiateKeyUpdate(long nowNanos) {
        return oneRttKeys != null && state == ConnectionState.CONFIRMED && oneRttKeys.initiateUpdate(nowNanos);
    }

    /** RFC 9000 §9.2: a client starts migrating to {@code newPath} (a new local address). */
    public void migrate(NetworkPath newPath, long nowNanos) {
        if (role != EndpointRole.CLIENT) {
            throw new IllegalStateException("only a client initiates migration");
        }
        if (state != ConnectionState.CONFIRMED) {
            throw new IllegalStateException("migration needs a confirmed handshake (RFC 9000 §9), state " + state);
        }
        if (peerParameters != null && peerParameters.disableActiveMigration()) {
            throw new IllegalStateException("the server disabled active migration (RFC 9000 §18.2)");
        }
        // RFC 9000 §9.5: a new path uses a connection ID not used on another path.
        if (localConnectionIds.connectionIdLength() >= 0 && peerConnectionIds.current().length() > 0
                && !peerConnectionIds.rotate()) {
            throw new IllegalStateException("the peer has issued no spare connection ID (RFC 9000 §9.5)");
        }
        paths.startMigration(newPath, nowNanos);
    }

    /**
     * RFC 9000 §10.2: closes with an application error code; CONNECTION_CLOSE is sent and the
     * closing period starts. Closing a closed connection does nothing.
     */
    public void close(long applicationErrorCode, String reason, long nowNanos) {
        if (state.isTerminating()) {
            return;
        }
        ConnectionCloseFrame frame = ConnectionCloseFrame.application(applicationErrorCode, reason);
        enterClosing(frame, new CloseReason(CloseReason.Origin.LOCAL, applicationErrorCode, true, 0, reason),
                nowNanos);
    }

    private void requireOpen() {
        if (state.isTerminating()) {
            throw new IllegalStateException("connection is " + state.name().toLowerCase());
        }
    }

    // ------------------------------------------------------------------ queries

    public EndpointRole role() {
        return role;
    }

    public ConnectionState state() {
        return state;
    }

    public Version version() {
        return version;
    }

    /** Why the connection closed, or {@code null} while open. */
    public CloseReason closeReason() {
        return closeReason;
    }

    public String applicationProtocol() {
        return handshake.applicationProtocol();
    }

    public String serverName() {
        return handshake.serverName();
    }

    /** The peer's transport parameters, or {@code null} before they arrived. */
    public TransportParameters peerTransportParameters() {
        return peerParameters;
    }

    public TransportParameters localTransportParameters() {
        return localParameters;
    }

    /** The Source Connection ID of this endpoint's long headers (also its first routing ID). */
    public ConnectionId localConnectionId() {
        return localConnectionIds.initial().connectionId();
    }

    public NetworkPath activePath() {
        return paths.activePath();
    }

    public boolean isHandshakeComplete() {
        return state.isEstablished() || (state.isTerminating() && handshakeCompletedNanos >= 0);
    }

    public long keyGeneration() {
        return oneRttKeys == null ? 0 : oneRttKeys.keyGeneration();
    }

    /** The time the connection was created, on the clock of the calls (the origin of trace times). */
    public long createdNanos() {
        return createdNanos;
    }

    /**
     * Sets where trace events (packets sent, received and lost, metrics, state changes) go, for
     * logging such as qlog; {@link ConnectionTracer#NONE} turns tracing off.
     */
    public void setTracer(ConnectionTracer tracer) {
        this.tracer = java.util.Objects.requireNonNull(tracer, "tracer");
    }

    /** The tracer set by {@link #setTracer}, {@link ConnectionTracer#NONE} by default. */
    public ConnectionTracer tracer() {
        return tracer;
    }

    /**
     * The maximum datagram size in use (RFC 9000 §14): 1200 until path MTU discovery (§14.3)
     * confirms a larger size, at most min(configured maximum, peer's max_udp_payload_size).
     */
    public int maxDatagramSizeBytes() {
        return maxSendDatagramSize;
    }

    /** PMTU probes sent (RFC 9000 §14.4). */
    public long pathMtuProbesSent() {
        return mtu.probesSent();
    }

    /** PMTU probes declared lost; none of them was a congestion signal (RFC 9000 §14.4). */
    public long pathMtuProbesLost() {
        return mtu.probesLost();
    }

    /** Times the maximum datagram size fell back to 1200 after a black hole (RFC 8899 §4.3). */
    public long pathMtuBlackHolesDetected() {
        return mtu.blackHolesDetected();
    }

    /** A snapshot of the statistics. */
    public ConnectionStats stats() {
        return new ConnectionStats(counters.datagramsSent, counters.datagramsReceived, counters.bytesSent,
                counters.bytesReceived, recovery.packetsSent(), counters.packetsReceived, counters.packetsDropped,
                recovery.packetsLost(), recovery.bytesLost(), streams.bytesRetransmitted(),
                rtt.smoothedRttNanos(), rtt.hasSample() ? rtt.minRttNanos() : 0, rtt.rttVariationNanos(),
                rtt.latestRttNanos(), congestion.congestionWindowBytes(), congestion.bytesInFlight(),
                counters.ptoCount, streams.streamsOpenedLocally(), streams.streamsOpenedByPeer(),
                handshakeCompletedNanos < 0 ? -1 : handshakeCompletedNanos - createdNanos, zeroRttAccepted,
                keyGeneration(), counters.datagramFramesDropped, counters.zeroRttPacketsSent,
                counters.zeroRttPacketsReceived);
    }

    // ------------------------------------------------------------------ shared internals

    PacketSpace space(PacketNumberSpace space) {
        return spaces[space.ordinal()];
    }

    /** RFC 9002 §6.2.1: the PTO without backoff, including the peer's max_ack_delay. */
    long currentPtoNanos() {
        return rtt.ptoBaseNanos() + rtt.peerMaxAckDelayNanos();
    }

    long effectiveIdleTimeoutNanos() {
        long local = config.maxIdleTimeoutMillis();
        long peer = peerParameters == null ? 0 : peerParameters.maxIdleTimeoutMillis();
        // RFC 9000 §10.1: the minimum of the two advertised values; 0 means no limit from a side.
        long millis = local == 0 ? peer : peer == 0 ? local : Math.min(local, peer);
        return millis == 0 ? NO_DEADLINE : millis * 1_000_000L;
    }

    long idleDeadlineNanos() {
        long idle = effectiveIdleTimeoutNanos();
        if (idle == NO_DEADLINE) {
            return NO_DEADLINE;
        }
        // RFC 9000 §10.1: at least three times the current PTO, so that "multiple PTOs expire, and
        // therefore multiple probes are sent and lost" first. With the backoff of RFC 9002 §6.2.1
        // PTOs expire at 1, 3 and 7 base periods after the last activity: 3x would let only one
        // probe go out, so we allow three and one more period for the answer to the third (a
        // first RTT sample inflated by handshake loss otherwise idles out a connection whose next
        // probe would have got through; seen against quiche through 30 % loss).
        return lastActivityNanos + Math.max(idle, PROBES_BEFORE_IDLE_PTO_PERIODS * currentPtoNanos());
    }

    private long keepAliveDeadlineNanos() {
        return Math.max(lastAckElicitingSentNanos, lastActivityNanos) + config.keepAliveIntervalMillis() * 1_000_000L;
    }

    /** RFC 9000 §10.1: receiving a packet restarts the idle timer. */
    void onPacketProcessed(long nowNanos) {
        lastActivityNanos = nowNanos;
        ackElicitingSentSinceLastReceive = false;
    }

    /** RFC 9000 §10.1: the first ack-eliciting packet sent after receiving restarts it too. */
    void onAckElicitingSent(long nowNanos) {
        lastAckElicitingSentNanos = nowNanos;
        keepAlivePingDue = false;
        if (!ackElicitingSentSinceLastReceive) {
            ackElicitingSentSinceLastReceive = true;
            lastActivityNanos = nowNanos;
        }
    }

    void addEvent(ConnectionEvent event) {
        if (events.size() < MAX_EVENTS) {
            events.add(event);
        }
    }

    void drainPathEvents() {
        dev.jquic.core.path.PathEvent event;
        while ((event = paths.pollEvent()) != null) {
            if (event instanceof dev.jquic.core.path.PathEvent.ActivePathChanged changed) {
                if (changed.resetCongestionControl()) {
                    // RFC 9000 §9.4: a new path starts with fresh congestion state and RTT.
                    congestion.onPersistentCongestion(lastActivityNanos);
                    rtt.reset();
                    // RFC 9000 §14.2.1 / §14.3: the PMTU is per path; the new one is searched again.
                    mtu.onPathChanged(lastActivityNanos);
                }
                addEvent(new ConnectionEvent.PathChanged(changed.oldPath(), changed.newPath()));
            } else if (event instanceof dev.jquic.core.path.PathEvent.PathValidationFailed failed) {
                addEvent(new ConnectionEvent.PathValidationFailed(failed.path()));
            }
        }
    }

    /** RFC 9001 §4.9: discards a packet number space's keys and state. */
    void discardSpace(PacketNumberSpace space, long nowNanos) {
        PacketSpace packetSpace = space(space);
        if (packetSpace.discarded) {
            return;
        }
        packetSpace.discard();
        recovery.discardSpace(space, nowNanos);
        crypto.discard(space == PacketNumberSpace.INITIAL ? EncryptionLevel.INITIAL : EncryptionLevel.HANDSHAKE);
    }

    /** A peer's violation (or ours detected): close with its transport error code. */
    void closeWithError(QuicProtocolException violation, long nowNanos) {
        if (state.isTerminating()) {
            return;
        }
        long code = violation.errorCode();
        ConnectionCloseFrame frame = ConnectionCloseFrame.transport(code, 0, violation.reason());
        enterClosing(frame, new CloseReason(CloseReason.Origin.LOCAL, code, false, 0, violation.reason()), nowNanos);
    }

    void closeWithError(TransportError error, String reason, long nowNanos) {
        closeWithError(new QuicProtocolException(error, reason), nowNanos);
    }

    /** RFC 9000 §10.2.1: the closing period lasts three times the PTO. */
    void enterClosing(ConnectionCloseFrame frame, CloseReason reason, long nowNanos) {
        state = ConnectionState.CLOSING;
        closeReason = reason;
        closeFrame = frame;
        closeFrameDue = true;
        terminationDeadlineNanos = nowNanos + 3 * currentPtoNanos();
        addEvent(new ConnectionEvent.Closed(reason));
        if (tracer != ConnectionTracer.NONE) {
            tracer.stateChanged(nowNanos, "closing");
        }
    }

    /** RFC 9000 §10.2.2: the peer closed (or reset); wait three PTOs, sending nothing. */
    void enterDraining(CloseReason reason, long nowNanos) {
        if (state == ConnectionState.DRAINING || state == ConnectionState.CLOSED) {
            return;
        }
        boolean wasClosing = state == ConnectionState.CLOSING;
        state = ConnectionState.DRAINING;
        closeFrameDue = false;
        if (tracer != ConnectionTracer.NONE) {
            tracer.stateChanged(nowNanos, "draining");
        }
        if (!wasClosing) {
            closeReason = reason;
            terminationDeadlineNanos = nowNanos + 3 * currentPtoNanos();
            addEvent(new ConnectionEvent.Closed(reason));
        }
    }

    /** Turns connection-ID issuance into events for the endpoint's routing table. */
    private final class RoutingEvents implements ConnectionIdRoutingListener {
        @Override
        public void connectionIdAdded(ConnectionId connectionId) {
            addEvent(new ConnectionEvent.ConnectionIdIssued(connectionId));
        }

        @Override
        public void connectionIdRemoved(ConnectionId connectionId) {
            addEvent(new ConnectionEvent.ConnectionIdRetired(connectionId));
        }
    }
}
