package dev.jquic.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jquic.Quic;
import dev.jquic.QuicConnection;
import dev.jquic.QuicHandler;
import dev.jquic.QuicServer;
import dev.jquic.QuicStream;
import dev.jquic.TlsOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's interop smoke through the public API of module jquic: a jquic client completes a
 * handshake and a stream echo with a Netty QUIC (quiche) server, and a Netty QUIC client does the
 * same with a jquic server.
 */
@Timeout(60)
class PublicApiNettyInteropTest {

    private static final byte[] PAYLOAD = new byte[100_000];

    static {
        new SplittableRandom(11).nextBytes(PAYLOAD);
    }

    @TempDir
    Path directory;
    private EventLoopGroup group;

    @BeforeEach
    void start() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterEach
    void stop() throws Exception {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /** Collects one stream's bytes until FIN, for either side. */
    private static final class Received {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CompletableFuture<byte[]> done = new CompletableFuture<>();

        synchronized void add(byte[] chunk, boolean fin) {
            bytes.writeBytes(chunk);
            if (fin) {
                done.complete(bytes.toByteArray());
            }
        }
    }

    @Test
    void jquicClientThroughThePublicApiEchoesWithANettyServer() throws Exception {
        TestCertificates certificates = TestCertificates.create(directory);
        ChannelHandler codec = new QuicServerCodecBuilder()
                .sslContext(QuicSslContextBuilder.forServer(certificates.privateKeyFile.toFile(), null,
                        certificates.certificateFile.toFile()).applicationProtocols("echo").build())
                .maxIdleTimeout(10, TimeUnit.SECONDS)
                .initialMaxData(16 << 20)
                .initialMaxStreamDataBidirectionalLocal(4 << 20)
                .initialMaxStreamDataBidirectionalRemote(4 << 20)
                .initialMaxStreamsBidirectional(100)
                .streamHandler(new ChannelInitializer<QuicStreamChannel>() {
                    @Override
                    protected void initChannel(QuicStreamChannel stream) {
                        stream.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext context, Object message) {
                                context.writeAndFlush(message);
                            }

                            @Override
                            public void userEventTriggered(ChannelHandlerContext context, Object event) {
                                if (event == ChannelInputShutdownReadComplete.INSTANCE) {
                                    // FIN only once quiche took every echoed byte: shutdownOutput with
                                    // writes still pending (flow control) cuts them short.
                                    QuicStreamChannel stream = (QuicStreamChannel) context.channel();
                                    stream.writeAndFlush(Unpooled.EMPTY_BUFFER)
                                            .addListener(written -> stream.shutdownOutput());
                                }
                            }
                        });
                    }
                }).build();
        Channel server = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        Received received = new Received();
        try {
            QuicConnection connection = Quic.client().alpn("echo")
                    .tls(TlsOptions.pin(certificates.credentials.leafFingerprint().toColonHex()))
                    .handler(new QuicHandler() {
                        @Override
                        public void onData(QuicStream stream, ByteBuffer data, boolean fin) {
                            byte[] chunk = new byte[data.remaining()];
                            data.get(chunk);
                            received.add(chunk, fin);
                        }
                    })
                    .connect("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort())
                    .get(20, TimeUnit.SECONDS);
            assertEquals("echo", connection.alpn());
            QuicStream stream = connection.openStream().get(10, TimeUnit.SECONDS);
            stream.write(ByteBuffer.wrap(PAYLOAD));
            stream.finish();
            assertArrayEquals(PAYLOAD, received.done.get(20, TimeUnit.SECONDS));
            connection.close().get(10, TimeUnit.SECONDS);
        } finally {
            server.close().sync();
        }
    }

    @Test
    void nettyClientEchoesWithAJquicServerThroughThePublicApi() throws Exception {
        try (QuicServer server = Quic.server().alpn("echo").handler(new QuicHandler() {
            @Override
            public void onData(QuicStream stream, ByteBuffer data, boolean fin) {
                stream.write(data);
                if (fin) {
                    stream.finish();
                }
            }
        }).listen()) {
            ChannelHandler codec = new QuicClientCodecBuilder()
                    .sslContext(QuicSslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                            .applicationProtocols("echo").build())
                    .maxIdleTimeout(10, TimeUnit.SECONDS)
                    .initialMaxData(16 << 20)
                    .initialMaxStreamDataBidirectionalLocal(4 << 20)
                    .initialMaxStreamDataBidirectionalRemote(4 << 20)
                    .initialMaxStreamsBidirectional(100)
                    .build();
            Channel channel = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            try {
                QuicChannel quic = QuicChannel.newBootstrap(channel).streamHandler(new ChannelInboundHandlerAdapter())
                        .remoteAddress(new InetSocketAddress("127.0.0.1", server.port()))
                        .connect().get(20, TimeUnit.SECONDS);
                Received received = new Received();
                QuicStreamChannel stream = quic.createStream(QuicStreamType.BIDIRECTIONAL,
                        new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext context, Object message) {
                                ByteBuf buffer = (ByteBuf) message;
                                byte[] chunk = new byte[buffer.readableBytes()];
                                buffer.readBytes(chunk);
                                buffer.release();
                                received.add(chunk, false);
                            }

                            @Override
                            public void userEventTriggered(ChannelHandlerContext context, Object event) {
                                if (event == ChannelInputShutdownReadComplete.INSTANCE) {
                                    received.add(new byte[0], true);
                                }
                            }
                        }).get(10, TimeUnit.SECONDS);
                stream.writeAndFlush(Unpooled.wrappedBuffer(PAYLOAD)).addListener(written -> stream.shutdownOutput());
                assertArrayEquals(PAYLOAD, received.done.get(20, TimeUnit.SECONDS));
                assertEquals(1, server.connectionCount());
                quic.close().sync();
            } finally {
                channel.close().sync();
            }
        }
    }
}
