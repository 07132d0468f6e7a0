package dev.jquic.interop;

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
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jquic's connection as a client of a Netty QUIC (quiche) echo server, on loopback. */
class NettyQuicInteropTest {

    @TempDir
    Path directory;
    private EventLoopGroup group;
    private Channel serverChannel;

    @BeforeEach
    void startNettyEchoServer() throws Exception {
        TestCertificates certificates = TestCertificates.create(directory);
        QuicSslContext context = QuicSslContextBuilder.forServer(certificates.privateKeyFile.toFile(), null,
                certificates.certificateFile.toFile()).applicationProtocols("echo").build();
        ChannelHandler codec = new QuicServerCodecBuilder().sslContext(context)
                .maxIdleTimeout(10, TimeUnit.SECONDS)
                .initialMaxData(64 << 20)
                .initialMaxStreamDataBidirectionalLocal(16 << 20)
                .initialMaxStreamDataBidirectionalRemote(16 << 20)
                .initialMaxStreamsBidirectional(100)
                .initialMaxStreamsUnidirectional(100)
                .streamHandler(new ChannelInitializer<QuicStreamChannel>() {
                    @Override
                    protected void initChannel(QuicStreamChannel stream) {
                        stream.pipeline().addLast(new EchoHandler());
                    }
                })
                .build();
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        serverChannel = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    @AfterEach
    void stop() throws Exception {
        serverChannel.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /** Echoes every stream's bytes and finishes when the peer finishes. */
    private static final class EchoHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            context.writeAndFlush((ByteBuf) message);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) {
            if (event == ChannelInputShutdownReadComplete.INSTANCE) {
                // FIN only once quiche took every echoed byte: shutdownOutput with writes still
                // pending (flow control) cuts them short.
                QuicStreamChannel stream = (QuicStreamChannel) context.channel();
                stream.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> stream.shutdownOutput());
            }
        }
    }

    private void echo(int streams, int bytesPerStream) throws Exception {
        JquicEchoClient.echo((InetSocketAddress) serverChannel.localAddress(), streams, bytesPerStream);
    }

    @Test
    void handshakeAndSmallEcho() throws Exception {
        echo(1, 100);
    }

    @Test
    void tenStreamsOfSixtyFourKibibytes() throws Exception {
        echo(10, 64 * 1024);
    }

    @Test
    void oneMebibyteOnOneStream() throws Exception {
        echo(1, 1 << 20);
    }

    @Test
    void twentyMebibytesOnOneStream() throws Exception {
        long start = System.nanoTime();
        echo(1, 20 << 20);
        System.out.printf("20 MiB echoed through quiche in %.2f s%n", (System.nanoTime() - start) / 1e9);
    }
}
