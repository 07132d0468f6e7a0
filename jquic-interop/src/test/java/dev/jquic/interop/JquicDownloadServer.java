package dev.jquic.interop;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.connection.Connection;
import dev.jquic.core.connection.ConnectionConfig;
import dev.jquic.core.connection.ConnectionEvent;
import dev.jquic.core.connection.ServerOrigin;
import dev.jquic.core.connection.StatelessResetTokens;
import dev.jquic.core.connection.TlsSessionFactory;
import dev.jquic.core.packet.PacketHeader;
import dev.jquic.core.packet.PacketParser;
import dev.jquic.core.packet.ParsedPacket;
import dev.jquic.core.path.NetworkPath;
import dev.jquic.core.stream.StreamEvent;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.tls.TransportParametersResponder;
import dev.jquic.core.types.PacketType;
import dev.jquic.tls.QuicTls;
import dev.jquic.tls.TlsServerConfig;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * jquic's server side of the download protocol ({@link Payload}) on a loopback port, on its own
 * thread. Serves connections one after another (a new client Initial after the previous
 * connection ended starts the next), so resumption and repeated-handshake cases work.
 */
final class JquicDownloadServer implements AutoCloseable {

    private final LoopbackDriver driver;
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final Future<?> loop;
    private final TlsServerConfig tlsConfig;
    private final ConnectionConfig config;
    private final StatelessResetTokens tokens;
    private final InetSocketAddress local;
    private volatile boolean stop;
    /** Every accepted connection, in order (read after the clients finished). */
    final List<Connection> connections = java.util.Collections.synchronizedList(new ArrayList<>());
    /** The TLS session of each accepted connection, in order. */
    final List<TlsSession> sessions = java.util.Collections.synchronizedList(new ArrayList<>());
    private final ByteBuffer readBuffer = ByteBuffer.allocate(65_536);
    private final Map<Long, ByteArrayOutputStream> requests = new HashMap<>();
    private final Map<Long, long[]> responses = new HashMap<>(); // stream -> {size, written}
    private final java.util.Set<Long> served = new java.util.HashSet<>();

    JquicDownloadServer(TlsServerConfig tlsConfig, ConnectionConfig config) throws Exception {
        this.tlsConfig = tlsConfig;
        this.config = config;
        this.driver = new LoopbackDriver();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.tokens = new StatelessResetTokens(key);
        this.local = driver.localAddress();
        driver.acceptor = this::accept;
        loop = thread.submit(() -> {
            driver.runUntil(() -> stop, Duration.ofMinutes(5), this::onEvent, this::afterRound);
            return null;
        });
    }

    static TlsServerConfig.Builder tls() {
        return TlsServerConfig.builder().applicationProtocols("hq-interop", "echo");
    }

    InetSocketAddress address() {
        return local;
    }

    private void onEvent(ConnectionEvent event) {
        Connection connection = driver.connection;
        if (event instanceof ConnectionEvent.Closed || event instanceof ConnectionEvent.Terminated) {
            driver.connection = null; // the next Initial starts a new connection
            requests.clear();
            responses.clear();
            served.clear();
            return;
        }
        if (event instanceof ConnectionEvent.PathChanged || event instanceof ConnectionEvent.PathValidationFailed) {
            System.out.println("jquic server: " + event);
        }
        if (connection == null || !(event instanceof ConnectionEvent.Stream stream)
                || !(stream.event() instanceof StreamEvent.Readable r)) {
            return; // (events of a connection that closed earlier in the same round are moot)
        }
        long id = r.streamId();
        if (responses.containsKey(id) || served.contains(id)) {
            return;
        }
        ByteArrayOutputStream request = requests.computeIfAbsent(id, key -> new ByteArrayOutputStream());
        while (true) {
            readBuffer.clear();
            int read = connection.read(id, readBuffer);
            if (read == -1) {
                responses.put(id, new long[] {Payload.parseRequest(request.toByteArray()), 0});
                served.add(id);
                requests.remove(id);
                break;
            }
            if (read == 0) {
                break;
            }
            request.write(readBuffer.array(), 0, read);
        }
    }

    private void afterRound() {
        Connection connection = driver.connection;
        if (connection == null) {
            return;
        }
        for (var iterator = responses.entrySet().iterator(); iterator.hasNext();) {
            var entry = iterator.next();
            long[] progress = entry.getValue();
            while (progress[1] < progress[0]) {
                int offset = Payload.blockOffset(progress[1]);
                int length = (int) Math.min(progress[0] - progress[1], Payload.BLOCK.length - offset);
                int written = connection.write(entry.getKey(), ByteBuffer.wrap(Payload.BLOCK, offset, length));
                progress[1] += written;
                if (written < length) {
                    break;
                }
            }
            if (progress[1] == progress[0]) {
                connection.finish(entry.getKey());
                iterator.remove();
            }
        }
    }

    private Connection accept(ByteBuffer datagram, SocketAddress from) {
        if (datagram.remaining() < ConnectionConfig.MIN_DATAGRAM_SIZE) {
            return null;
        }
        ParsedPacket packet;
        try {
            packet = PacketParser.parse(datagram, datagram.position(), 8);
        } catch (QuicProtocolException malformed) {
            return null;
        }
        if (!(packet instanceof PacketHeader header) || header.type() != PacketType.INITIAL) {
            return null;
        }
        TlsSessionFactory tls = new TlsSessionFactory() {
            @Override
            public TlsSession create(ByteBuffer parameters) {
                TlsSession session = QuicTls.server(tlsConfig, parameters);
                sessions.add(session);
                return session;
            }

            @Override
            public TlsSession createServer(ByteBuffer initialParameters, TransportParametersResponder responder) {
                TlsSession session = QuicTls.server(tlsConfig, responder);
                sessions.add(session);
                return session;
            }
        };
        Connection connection = Connection.server(config, tls, new NetworkPath(local, from),
                new SplittableRandom(connections.size() + 3), tokens,
                ServerOrigin.of(header.version(), header.destinationConnectionId(), header.sourceConnectionId()),
                System.nanoTime());
        // A trace of each connection, printed by a case whose connection never completed its
        // handshake (handshakeTraces).
        connection.setTracer(new TraceLog());
        connections.add(connection);
        requests.clear();
        responses.clear();
        served.clear();
        return connection;
    }

    /** The traces of the connections still handshaking, for a case that failed. */
    String handshakeTraces() {
        StringBuilder text = new StringBuilder();
        synchronized (connections) {
            for (Connection connection : connections) {
                if (connection.state() == dev.jquic.core.connection.ConnectionState.HANDSHAKING
                        && connection.tracer() instanceof TraceLog trace) {
                    text.append("jquic server connection still handshaking:\n").append(trace.text()).append('\n');
                }
            }
        }
        return text.toString();
    }

    @Override
    public void close() throws Exception {
        stop = true;
        try {
            loop.get(10, TimeUnit.SECONDS);
        } finally {
            thread.shutdown();
            driver.close();
        }
    }
}
