package dev.jquic.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.connection.Connection;
import dev.jquic.core.connection.ConnectionConfig;
import dev.jquic.core.connection.ConnectionEvent;
import dev.jquic.core.connection.StatelessResetTokens;
import dev.jquic.core.connection.TlsSessionFactory;
import dev.jquic.core.frame.StreamDirection;
import dev.jquic.core.path.NetworkPath;
import dev.jquic.core.stream.StreamEvent;
import dev.jquic.tls.QuicTls;
import dev.jquic.tls.TlsClientConfig;
import dev.jquic.tls.cert.PeerCertificateVerifier;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
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
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
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
                ((QuicStreamChannel) context.channel()).shutdownOutput();
            }
        }
    }

    private static TlsSessionFactory tls() {
        TlsClientConfig config = TlsClientConfig.builder().applicationProtocols("echo")
                .peerCertificateVerifier(PeerCertificateVerifier.insecure()).build();
        return parameters -> QuicTls.client(config, "localhost", parameters);
    }

    private void echo(int streams, int bytesPerStream) throws Exception {
        InetSocketAddress server = (InetSocketAddress) serverChannel.localAddress();
        byte[] payload = new byte[bytesPerStream];
        new SplittableRandom(9).nextBytes(payload);
        try (LoopbackDriver driver = new LoopbackDriver()) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            driver.connection = Connection.client(ConnectionConfig.builder().build(), tls(),
                    new NetworkPath(driver.localAddress(), server), new SplittableRandom(1),
                    new StatelessResetTokens(key), System.nanoTime());
            Connection connection = driver.connection;
            long[] ids = new long[streams];
            int[] written = new int[streams];
            ByteArrayOutputStream[] received = new ByteArrayOutputStream[streams];
            boolean[] finished = new boolean[streams];
            int[] done = {0};
            ByteBuffer readBuffer = ByteBuffer.allocate(65_536);
            driver.runUntil(() -> done[0] == streams, Duration.ofSeconds(30), event -> {
                if (event instanceof ConnectionEvent.HandshakeCompleted) {
                    for (int i = 0; i < streams; i++) {
                        ids[i] = connection.openStream(StreamDirection.BIDIRECTIONAL);
                        received[i] = new ByteArrayOutputStream();
                    }
                } else if (event instanceof ConnectionEvent.Stream stream
                        && stream.event() instanceof StreamEvent.Readable readable) {
                    int index = Arrays.binarySearch(ids, readable.streamId());
                    int read;
                    while (index >= 0 && !finished[index]) {
                        readBuffer.clear();
                        read = connection.read(readable.streamId(), readBuffer);
                        if (read == -1) {
                            finished[index] = true;
                            done[0]++;
                        } else if (read == 0) {
                            break;
                        } else {
                            received[index].write(readBuffer.array(), 0, read);
                        }
                    }
                }
            }, () -> {
                if (received[0] == null) {
                    return;
                }
                for (int i = 0; i < streams; i++) {
                    if (written[i] < payload.length) {
                        written[i] += connection.write(ids[i],
                                ByteBuffer.wrap(payload, written[i], payload.length - written[i]));
                        if (written[i] == payload.length) {
                            connection.finish(ids[i]);
                        }
                    }
                }
            });
            for (int i = 0; i < streams; i++) {
                assertTrue(Arrays.equals(payload, received[i].toByteArray()), "stream " + ids[i] + " echoed exactly");
            }
            assertEquals("echo", connection.applicationProtocol());
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

    @Test
    void oneMebibyteOnOneStream() throws Exception {
        echo(1, 1 << 20);
    }
}
