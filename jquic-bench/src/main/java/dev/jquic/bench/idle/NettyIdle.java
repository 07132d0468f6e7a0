package dev.jquic.bench.idle;

import dev.jquic.bench.e2e.BenchSettings;
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
import io.netty.handler.codec.quic.QuicCodecBuilder;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Netty QUIC 4.2.18 (quiche) on NIO, one event-loop thread per endpoint, configured as the e2e
 * harness's {@code netty-nio} peer: same ALPN, windows 16 MiB / 8 MiB, 100 streams, 1,200-byte
 * UDP payloads.
 */
final class NettyIdle implements IdleStack {

    private static <B extends QuicCodecBuilder<B>> B configure(B builder) {
        return builder.maxIdleTimeout(IDLE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .initialMaxData(BenchSettings.CONNECTION_WINDOW)
                .initialMaxStreamDataBidirectionalLocal(BenchSettings.STREAM_WINDOW)
                .initialMaxStreamDataBidirectionalRemote(BenchSettings.STREAM_WINDOW)
                .initialMaxStreamDataUnidirectional(BenchSettings.STREAM_WINDOW)
                .initialMaxStreamsBidirectional(BenchSettings.MAX_STREAMS)
                .initialMaxStreamsUnidirectional(BenchSettings.MAX_STREAMS)
                .maxSendUdpPayloadSize(BenchSettings.MAX_UDP_PAYLOAD)
                .maxRecvUdpPayloadSize(BenchSettings.MAX_UDP_PAYLOAD);
    }

    private static EventLoopGroup group() {
        return new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    private static <T> CompletableFuture<T> completable(Future<T> future) {
        CompletableFuture<T> result = new CompletableFuture<>();
        future.addListener(ended -> {
            if (future.isSuccess()) {
                result.complete(future.getNow());
            } else {
                result.completeExceptionally(future.cause());
            }
        });
        return result;
    }

    @Override
    public Server listen(Path certificate, Path privateKey, int maxConnections) throws Exception {
        QuicSslContext context = QuicSslContextBuilder.forServer(privateKey.toFile(), null, certificate.toFile())
                .applicationProtocols(BenchSettings.ALPN).build();
        AtomicInteger connections = new AtomicInteger();
        AtomicLong echoed = new AtomicLong();
        ChannelHandler codec = configure(new QuicServerCodecBuilder()).sslContext(context)
                .handler(new ConnectionCounter(connections))
                .streamHandler(new ChannelInitializer<QuicStreamChannel>() {
                    @Override
                    protected void initChannel(QuicStreamChannel stream) {
                        stream.pipeline().addLast(new Echo(echoed));
                    }
                })
                .build();
        EventLoopGroup group = group();
        Channel channel = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        return new Server() {
            @Override
            public int port() {
                return ((InetSocketAddress) channel.localAddress()).getPort();
            }

            @Override
            public int connectionCount() {
                return connections.get();
            }

            @Override
            public long echoedStreams() {
                return echoed.get();
            }

            @Override
            public void close() throws Exception {
                channel.close().sync();
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            }
        };
    }

    @ChannelHandler.Sharable
    private static final class ConnectionCounter extends ChannelInboundHandlerAdapter {
        private final AtomicInteger connections;

        ConnectionCounter(AtomicInteger connections) {
            this.connections = connections;
        }

        @Override
        public void channelActive(ChannelHandlerContext context) {
            connections.incrementAndGet();
            context.fireChannelActive();
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            connections.decrementAndGet();
            context.fireChannelInactive();
        }
    }

    /** The server's stream handler: writes back what it reads, FIN after FIN. */
    private static final class Echo extends ChannelInboundHandlerAdapter {
        private final AtomicLong echoed;

        Echo(AtomicLong echoed) {
            this.echoed = echoed;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            ByteBuf buffer = (ByteBuf) message;
            if (buffer.isReadable()) {
                echoed.incrementAndGet();
                context.writeAndFlush(buffer);
            } else {
                buffer.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) {
            if (event == ChannelInputShutdownReadComplete.INSTANCE) {
                QuicStreamChannel stream = (QuicStreamChannel) context.channel();
                stream.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> stream.shutdownOutput());
            } else {
                context.fireUserEventTriggered(event);
            }
        }
    }

    @Override
    public Client client(int port) throws Exception {
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
        QuicSslContext context = QuicSslContextBuilder.forClient()
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .applicationProtocols(BenchSettings.ALPN).build();
        ChannelHandler codec = configure(new QuicClientCodecBuilder()).sslContext(context).build();
        EventLoopGroup group = group();
        Channel channel = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        AtomicInteger next = new AtomicInteger();
        return new Client() {
            @Override
            public CompletableFuture<Object> open(boolean keepStreamOpen) {
                byte[] request = IdleStack.request(next.getAndIncrement());
                return completable(QuicChannel.newBootstrap(channel).streamHandler(new ChannelInboundHandlerAdapter())
                        .remoteAddress(server).connect())
                        .thenCompose(quic -> {
                            EchoCollector collector = new EchoCollector(request, keepStreamOpen);
                            return completable(quic.createStream(QuicStreamType.BIDIRECTIONAL, collector))
                                    .thenCompose(stream -> {
                                        if (keepStreamOpen) {
                                            stream.writeAndFlush(Unpooled.wrappedBuffer(request));
                                        } else {
                                            stream.writeAndFlush(Unpooled.wrappedBuffer(request))
                                                    .addListener(written -> stream.shutdownOutput());
                                        }
                                        return collector.done;
                                    })
                                    .thenApply(echoed -> quic);
                        });
            }

            @Override
            public CompletableFuture<?> close(Object connection) {
                return completable(((QuicChannel) connection).close());
            }

            @Override
            public void close() throws Exception {
                channel.close().sync();
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            }
        };
    }

    /** Collects the echo; complete at 64 bytes (and FIN, unless the stream stays open). */
    private static final class EchoCollector extends ChannelInboundHandlerAdapter {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final byte[] request;
        private final boolean keepStreamOpen;
        private final ByteBuffer response = ByteBuffer.allocate(REQUEST_BYTES + 1);

        EchoCollector(byte[] request, boolean keepStreamOpen) {
            this.request = request;
            this.keepStreamOpen = keepStreamOpen;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            ByteBuf buffer = (ByteBuf) message;
            try {
                if (buffer.readableBytes() > response.remaining()) {
                    done.completeExceptionally(new IllegalStateException("echo longer than the request"));
                    return;
                }
                response.put(buffer.nioBuffer());
            } finally {
                buffer.release();
            }
            if (keepStreamOpen && response.position() == REQUEST_BYTES) {
                check();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) {
            if (event == ChannelInputShutdownReadComplete.INSTANCE) {
                check();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            done.completeExceptionally(new IllegalStateException("stream closed before the echo"));
        }

        private void check() {
            if (Arrays.equals(Arrays.copyOf(response.array(), response.position()), request)) {
                done.complete(null);
            } else {
                done.completeExceptionally(new IllegalStateException("echo differs from the request"));
            }
        }
    }
}
