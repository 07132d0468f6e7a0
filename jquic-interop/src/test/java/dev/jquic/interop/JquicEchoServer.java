package dev.jquic.interop;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.connection.Connection;
import dev.jquic.core.connection.ConnectionConfig;
import dev.jquic.core.connection.ServerOrigin;
import dev.jquic.core.connection.StatelessResetTokens;
import dev.jquic.core.connection.TlsSessionFactory;
import dev.jquic.core.packet.PacketHeader;
import dev.jquic.core.packet.PacketParser;
import dev.jquic.core.packet.ParsedPacket;
import dev.jquic.core.path.NetworkPath;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.tls.TransportParametersResponder;
import dev.jquic.core.types.PacketType;
import dev.jquic.tls.QuicTls;
import dev.jquic.tls.TlsServerConfig;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** jquic's connection as a one-connection echo server on a loopback UDP port, on its own thread. */
final class JquicEchoServer implements AutoCloseable {

    private static final TlsServerConfig SERVER_TLS = TlsServerConfig.builder().applicationProtocols("echo").build();

    private final LoopbackDriver driver;
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final Future<?> loop;
    private volatile boolean stop;

    JquicEchoServer() throws Exception {
        driver = new LoopbackDriver();
        ConnectionConfig config = ConnectionConfig.builder().build();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        StatelessResetTokens tokens = new StatelessResetTokens(key);
        InetSocketAddress local = driver.localAddress();
        driver.acceptor = (datagram, from) -> accept(datagram, from, local, config, tokens);
        EchoApplication echo = new EchoApplication();
        loop = thread.submit(() -> {
            driver.runUntil(() -> stop, Duration.ofSeconds(60), event -> echo.onEvent(driver.connection, event),
                    () -> echo.afterRound(driver.connection));
            return null;
        });
    }

    InetSocketAddress address() throws java.io.IOException {
        return driver.localAddress();
    }

    /** The accepted connection (read it only after the peer's handshake completed). */
    Connection connection() {
        return driver.connection;
    }

    private static Connection accept(ByteBuffer datagram, SocketAddress from, InetSocketAddress local,
            ConnectionConfig config, StatelessResetTokens tokens) {
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
                return QuicTls.server(SERVER_TLS, parameters);
            }

            @Override
            public TlsSession createServer(ByteBuffer initialParameters, TransportParametersResponder responder) {
                return QuicTls.server(SERVER_TLS, responder);
            }
        };
        return Connection.server(config, tls, new NetworkPath(local, from), new SplittableRandom(3), tokens,
                ServerOrigin.of(header.version(), header.destinationConnectionId(), header.sourceConnectionId()),
                System.nanoTime());
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
