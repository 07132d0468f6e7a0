package dev.jquic.testkit.quic;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.connection.Connection;
import dev.jquic.core.connection.ConnectionConfig;
import dev.jquic.core.connection.ConnectionEvent;
import dev.jquic.core.connection.ServerOrigin;
import dev.jquic.core.connection.StatelessResetTokens;
import dev.jquic.core.connection.TlsSessionFactory;
import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.crypto.InitialSecrets;
import dev.jquic.core.crypto.PacketProtection;
import dev.jquic.core.packet.PacketHeader;
import dev.jquic.core.packet.PacketNumbers;
import dev.jquic.core.packet.PacketOpener;
import dev.jquic.core.packet.PacketParser;
import dev.jquic.core.packet.ParsedPacket;
import dev.jquic.core.path.NetworkPath;
import dev.jquic.core.types.PacketType;
import dev.jquic.testkit.net.Datagram;
import dev.jquic.testkit.net.Node;
import dev.jquic.testkit.net.SimulatedAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A QUIC connection as a {@link Node} of the simulated network. A client node creates its
 * connection at once; a server node creates its single connection from the first valid client
 * Initial (datagrams of at least 1200 bytes, RFC 9000 §14.1, whose Initial packet authenticates)
 * and drops anything before it.
 *
 * <p>After every input the node drains the connection's events into {@link #events()} and hands
 * each to the {@link Application}, then calls {@link Application#afterInput} so that a test
 * application can write more data. Every datagram the node sends is also reported to an optional
 * {@link SendObserver} (anti-amplification assertions).
 */
public final class QuicNode implements Node {

    /** Test application logic driven by the node. */
    public interface Application {
        /** An event of the node's connection. */
        default void onEvent(QuicNode node, ConnectionEvent event, long nowNanos) {
        }

        /** Called after every input and event dispatch: write, read, close... */
        default void afterInput(QuicNode node, long nowNanos) {
        }
    }

    /** Sees every datagram the node sends and receives, with its length. */
    public interface SendObserver {
        void onReceived(int lengthBytes);

        void onSent(int lengthBytes);
    }

    private static final int MAX_RECORDED_EVENTS = 100_000;

    private final SimulatedAddress localAddress;
    private final ConnectionConfig config;
    private final TlsSessionFactory tlsFactory;
    private final SplittableRandom random;
    private final StatelessResetTokens resetTokens;
    private final ByteBuffer sendBuffer = ByteBuffer.allocate(65_536);
    private final List<ConnectionEvent> events = new ArrayList<>();
    private Application application = new Application() { };
    private SendObserver observer;
    private Connection connection;
    private boolean requireRetry;
    private Datagram pendingRetry;
    private int retriesSent;

    private QuicNode(SimulatedAddress localAddress, ConnectionConfig config, TlsSessionFactory tlsFactory, long seed) {
        this.localAddress = Objects.requireNonNull(localAddress, "localAddress");
        this.config = Objects.requireNonNull(config, "config");
        this.tlsFactory = Objects.requireNonNull(tlsFactory, "tlsFactory");
        this.random = new SplittableRandom(seed);
        byte[] key = new byte[32];
        random.nextBytes(key);
        this.resetTokens = new StatelessResetTokens(key);
    }

    /** A client at {@code localAddress} connecting to {@code serverAddress} at {@code nowNanos}. */
    public static QuicNode client(SimulatedAddress localAddress, SimulatedAddress serverAddress,
            ConnectionConfig config, TlsSessionFactory tlsFactory, long seed, long nowNanos) {
        QuicNode node = new QuicNode(localAddress, config, tlsFactory, seed);
        node.connection = Connection.client(config, tlsFactory, new NetworkPath(localAddress, serverAddress),
                node.random, node.resetTokens, nowNanos);
        return node;
    }

    /**
     * A client resuming a session: {@code tlsFactory} carries the ticket and
     * {@code rememberedServerParameters} the server's parameters from the earlier connection.
     */
    public static QuicNode resumingClient(SimulatedAddress localAddress, SimulatedAddress serverAddress,
            ConnectionConfig config, TlsSessionFactory tlsFactory,
            dev.jquic.core.params.TransportParameters rememberedServerParameters, long seed, long nowNanos) {
        QuicNode node = new QuicNode(localAddress, config, tlsFactory, seed);
        node.connection = Connection.client(config, tlsFactory, new NetworkPath(localAddress, serverAddress),
                node.random, node.resetTokens, rememberedServerParameters, nowNanos);
        return node;
    }

    /** A server at {@code localAddress} that accepts one connection. */
    public static QuicNode server(SimulatedAddress localAddress, ConnectionConfig config,
            TlsSessionFactory tlsFactory, long seed) {
        return new QuicNode(localAddress, config, tlsFactory, seed);
    }

    public QuicNode application(Application value) {
        application = Objects.requireNonNull(value, "application");
        return this;
    }

    /**
     * Server: answer a client Initial without token with a Retry (RFC 9000 §8.1.2) whose token
     * carries the original Destination Connection ID; accept only Initials with such a token.
     */
    public QuicNode requireRetry() {
        requireRetry = true;
        return this;
    }

    /** How many Retry packets this server node sent. */
    public int retriesSent() {
        return retriesSent;
    }

    /** The stateless reset token this node's connection IDs carry (RFC 9000 §10.3). */
    public dev.jquic.core.types.StatelessResetToken statelessResetToken(dev.jquic.core.types.ConnectionId id) {
        return resetTokens.tokenFor(id);
    }

    public QuicNode observer(SendObserver value) {
        observer = value;
        return this;
    }

    /** The connection, or {@code null} at a server before the first Initial. */
    public Connection connection() {
        return connection;
    }

    public SimulatedAddress address() {
        return localAddress;
    }

    /** Every event the connection produced so far (capped at 100,000). */
    public List<ConnectionEvent> events() {
        return events;
    }

    /** Whether an event of {@code type} was produced. */
    public boolean sawEvent(Class<? extends ConnectionEvent> type) {
        for (ConnectionEvent event : events) {
            if (type.isInstance(event)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void receive(Datagram datagram, long nowNanos) {
        if (observer != null) {
            observer.onReceived(datagram.length());
        }
        ByteBuffer buffer = ByteBuffer.wrap(datagram.payload());
        if (connection == null && !accept(buffer, datagram.source(), nowNanos)) {
            return;
        }
        connection.handleDatagram(buffer, new NetworkPath(localAddress, datagram.source()), nowNanos);
        dispatch(nowNanos);
    }

    private boolean accept(ByteBuffer datagram, SimulatedAddress source, long nowNanos) {
        // RFC 9000 §14.1: a server MUST discard an Initial in a datagram below 1200 bytes.
        if (datagram.remaining() < ConnectionConfig.MIN_DATAGRAM_SIZE) {
            return false;
        }
        ParsedPacket packet;
        try {
            packet = PacketParser.parse(datagram.duplicate(), 0, config.connectionIdLength());
        } catch (QuicProtocolException malformed) {
            return false;
        }
        if (!(packet instanceof PacketHeader header) || header.type() != PacketType.INITIAL
                || header.destinationConnectionId().length() < 8 || !authenticates(datagram, header)) {
            return false;
        }
        ServerOrigin origin = ServerOrigin.of(header.version(), header.destinationConnectionId(),
                header.sourceConnectionId());
        if (requireRetry) {
            if (header.token().remaining() == 0) {
                pendingRetry = retryFor(header, source);
                return false;
            }
            // The token is the original Destination Connection ID (a test token: not authenticated).
            byte[] original = new byte[header.token().remaining()];
            header.token().duplicate().get(original);
            origin = new ServerOrigin(header.version(), header.destinationConnectionId(), header.sourceConnectionId(),
                    dev.jquic.core.types.ConnectionId.of(original), header.destinationConnectionId(), true);
        }
        connection = Connection.server(config, tlsFactory, new NetworkPath(localAddress, source), random, resetTokens,
                origin, nowNanos);
        return true;
    }

    private Datagram retryFor(PacketHeader header, SimulatedAddress source) {
        byte[] retryId = new byte[8];
        random.nextBytes(retryId);
        dev.jquic.core.types.ConnectionId retrySource = dev.jquic.core.types.ConnectionId.of(retryId);
        dev.jquic.core.packet.RetryPacket retry = dev.jquic.core.packet.RetryPacket.of(header.version(), 0,
                header.sourceConnectionId(), retrySource, header.destinationConnectionId().toByteArray(), new byte[16]);
        ByteBuffer out = ByteBuffer.allocate(retry.encodedLength());
        retry.writeBeforeTag(out);
        dev.jquic.core.crypto.RetryIntegrity.forVersion(header.version())
                .writeTag(header.destinationConnectionId(), out, 0, out.position());
        retriesSent++;
        return new Datagram(localAddress, source, out.array());
    }

    /**
     * Whether the Initial opens with the keys of its own Destination Connection ID (RFC 9001
     * §5.2), tried on a copy: a corrupted or forged first Initial must not fix the server's
     * Initial keys before the real one arrives.
     */
    private static boolean authenticates(ByteBuffer datagram, PacketHeader header) {
        ByteBuffer copy = ByteBuffer.allocate(datagram.limit());
        copy.put(datagram.duplicate().position(0)).flip();
        PacketProtection keys = InitialSecrets.derive(header.version(), header.destinationConnectionId())
                .clientProtection();
        try {
            return header.hasHeaderProtectionSample(CipherSuite.SAMPLE_LENGTH)
                    && PacketOpener.open(copy, header, keys, PacketNumbers.NONE) != null;
        } catch (QuicProtocolException reservedBitsSet) {
            return false;
        }
    }

    @Override
    public Datagram poll(long nowNanos) {
        if (pendingRetry != null) {
            Datagram retry = pendingRetry;
            pendingRetry = null;
            return retry;
        }
        if (connection == null) {
            return null;
        }
        sendBuffer.clear();
        int length = connection.pollTransmit(sendBuffer, nowNanos);
        if (length == 0) {
            dispatch(nowNanos);
            return null;
        }
        if (observer != null) {
            observer.onSent(length);
        }
        byte[] payload = new byte[length];
        sendBuffer.get(0, payload);
        NetworkPath path = connection.transmitPath();
        return new Datagram((SimulatedAddress) path.localAddress(), (SimulatedAddress) path.remoteAddress(), payload);
    }

    @Override
    public long nextTimeoutNanos() {
        return connection == null ? Long.MAX_VALUE : connection.pollTimeout();
    }

    @Override
    public void onTimeout(long nowNanos) {
        if (connection != null) {
            connection.handleTimeout(nowNanos);
            dispatch(nowNanos);
        }
    }

    /** Runs the application against pending events (also usable by tests between runs). */
    public void dispatch(long nowNanos) {
        if (connection == null) {
            return;
        }
        for (int round = 0; round < 16; round++) {
            boolean any = false;
            ConnectionEvent event;
            while ((event = connection.pollEvent()) != null) {
                any = true;
                if (events.size() < MAX_RECORDED_EVENTS) {
                    events.add(event);
                }
                application.onEvent(this, event, nowNanos);
            }
            application.afterInput(this, nowNanos);
            if (!any) {
                return;
            }
        }
    }
}
