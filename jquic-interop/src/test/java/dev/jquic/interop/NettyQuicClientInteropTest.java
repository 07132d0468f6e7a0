package dev.jquic.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A Netty QUIC (quiche) client against jquic's connection as an echo server, on loopback. */
class NettyQuicClientInteropTest {

    private EventLoopGroup group;
    private JquicEchoServer server;

    @BeforeEach
    void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        server = new JquicEchoServer();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
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
                    .remoteAddress(server.address()).connect().get(10, TimeUnit.SECONDS);
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
            assertEquals("echo", server.connection().applicationProtocol());
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
