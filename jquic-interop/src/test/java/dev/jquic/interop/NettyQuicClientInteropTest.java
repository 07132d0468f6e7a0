package dev.jquic.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A Netty QUIC (quiche) client against jquic's connection as an echo server, on loopback. */
class NettyQuicClientInteropTest {

    private static final TlsServerConfig SERVER_TLS = TlsServerConfig.builder().applicationProtocols("echo").build();

    private EventLoopGroup group;
    private ExecutorService serverThread;
    private LoopbackDriver driver;
    private volatile boolean stop;
    private Future<?> serverLoop;

    @BeforeEach
    void startJquicEchoServer() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        driver = new LoopbackDriver();
        ConnectionConfig config = ConnectionConfig.builder().build();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        StatelessResetTokens tokens = new StatelessResetTokens(key);
        InetSocketAddress local = driver.localAddress();
        driver.acceptor = (datagram, from) -> accept(datagram, from, local, config, tokens);
        EchoApplication echo = new EchoApplication();
        serverThread = Executors.newSingleThreadExecutor();
        serverLoop = serverThread.submit(() -> {
            driver.runUntil(() -> stop, Duration.ofSeconds(60), event -> echo.onEvent(driver.connection, event),
                    () -> echo.afterRound(driver.connection));
            return null;
        });
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

    @AfterEach
    void stop() throws Exception {
        stop = true;
        serverLoop.get(10, TimeUnit.SECONDS);
        serverThread.shutdown();
        driver.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /** Collects a stream's bytes and completes when the peer finishes. */
    private static final class Collector extends ChannelInboundHandlerAdapter {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CompletableFuture<byte[]> done = new CompletableFuture<>();

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            ByteBuf buffer = (ByteBuf) message;
            byte[] chunk = new byte[buffer.readableBytes()];
            buffer.readBytes(chunk);
            buffer.release();
            bytes.writeBytes(chunk);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) {
            if (event == ChannelInputShutdownReadComplete.INSTANCE) {
                done.complete(bytes.toByteArray());
            }
        }
    }

    private void echo(int streams, int bytesPerStream) throws Exception {
        QuicSslContext context = QuicSslContextBuilder.forClient()
                .trustManager(InsecureTrustManagerFactory.INSTANCE).applicationProtocols("echo").build();
        ChannelHandler codec = new QuicClientCodecBuilder().sslContext(context)
                .maxIdleTimeout(10, TimeUnit.SECONDS)
                .initialMaxData(64 << 20)
                .initialMaxStreamDataBidirectionalLocal(16 << 20)
                .initialMaxStreamDataBidirectionalRemote(16 << 20)
                .initialMaxStreamsBidirectional(100)
                .build();
        Channel channel = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        try {
            QuicChannel quic = QuicChannel.newBootstrap(channel).streamHandler(new ChannelInboundHandlerAdapter())
                    .remoteAddress(driver.localAddress()).connect().get(10, TimeUnit.SECONDS);
            byte[] payload = new byte[bytesPerStream];
            new SplittableRandom(5).nextBytes(payload);
            Collector[] collectors = new Collector[streams];
            for (int i = 0; i < streams; i++) {
                collectors[i] = new Collector();
                QuicStreamChannel stream = quic.createStream(QuicStreamType.BIDIRECTIONAL, collectors[i])
                        .get(10, TimeUnit.SECONDS);
                // FIN only once quiche took every byte (shutdownOutput would cut a pending write short).
                stream.writeAndFlush(Unpooled.wrappedBuffer(payload))
                        .addListener(written -> stream.shutdownOutput());
            }
            for (Collector collector : collectors) {
                assertArrayEquals(payload, collector.done.get(30, TimeUnit.SECONDS));
            }
            assertEquals("echo", driver.connection.applicationProtocol());
            quic.close().sync();
        } finally {
            channel.close().sync();
        }
    }

    @Test
    void handshakeAndSmallEcho() throws Exception {
        echo(1, 100);
    }

    @Test
    void tenStreamsOfSixtyFourKibibytes() throws Exception {
        echo(10, 64 * 1024);
    }
}
