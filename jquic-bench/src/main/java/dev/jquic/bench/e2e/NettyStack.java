package dev.jquic.bench.e2e;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.EpollQuicUtils;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicChannelBootstrap;
import io.netty.handler.codec.quic.QuicChannelOption;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicCodecBuilder;
import io.netty.handler.codec.quic.QuicConnectionStats;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Netty QUIC 4.2.18 (Cloudflare quiche via JNI) on NIO, on epoll, or on epoll with UDP GSO and GRO. */
public final class NettyStack implements Stack {

    /** The Netty transport under the QUIC codec. */
    public enum Transport { NIO, EPOLL, EPOLL_GSO }

    /** Segments per GSO send (Netty's own examples use 10; the kernel allows up to 64). */
    static final int GSO_SEGMENTS = 10;

    private final Transport transport;

    public NettyStack(Transport transport) {
        this.transport = transport;
        if (transport != Transport.NIO && !Epoll.isAvailable()) {
            throw new IllegalStateException("Netty epoll is not available: " + Epoll.unavailabilityCause());
        }
    }

    @Override
    public String describe() {
        String io = switch (transport) {
            case NIO -> "NIO";
            case EPOLL -> "epoll";
            case EPOLL_GSO -> "epoll with UDP GSO (SegmentedDatagramPacket, " + GSO_SEGMENTS
                    + " segments per send) and UDP_GRO on the socket";
        };
        return "Netty QUIC 4.2.18/quiche: " + io + ", one event-loop thread per process, CUBIC (quiche default), "
                + "1,200-byte max send/recv UDP payload, windows 16 MiB connection / 8 MiB stream, 100 streams";
    }

    private EventLoopGroup group() {
        return new MultiThreadIoEventLoopGroup(1,
                transport == Transport.NIO ? NioIoHandler.newFactory() : EpollIoHandler.newFactory());
    }

    private Bootstrap bootstrap(EventLoopGroup group, BenchSettings settings, ChannelHandler codec) {
        Bootstrap bootstrap = new Bootstrap().group(group).handler(codec)
                .channel(transport == Transport.NIO ? NioDatagramChannel.class : EpollDatagramChannel.class);
        if (settings.socketBufferBytes() > 0) {
            bootstrap.option(ChannelOption.SO_RCVBUF, settings.socketBufferBytes())
                    .option(ChannelOption.SO_SNDBUF, settings.socketBufferBytes());
        }
        if (transport == Transport.EPOLL_GSO) {
            bootstrap.option(EpollChannelOption.UDP_GRO, true);
        }
        return bootstrap;
    }

    private static <B extends QuicCodecBuilder<B>> B configure(B builder) {
        return builder.maxIdleTimeout(BenchSettings.IDLE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .initialMaxData(BenchSettings.CONNECTION_WINDOW)
                .initialMaxStreamDataBidirectionalLocal(BenchSettings.STREAM_WINDOW)
                .initialMaxStreamDataBidirectionalRemote(BenchSettings.STREAM_WINDOW)
                .initialMaxStreamDataUnidirectional(BenchSettings.STREAM_WINDOW)
                .initialMaxStreamsBidirectional(BenchSettings.MAX_STREAMS)
                .initialMaxStreamsUnidirectional(BenchSettings.MAX_STREAMS)
                .maxSendUdpPayloadSize(BenchSettings.MAX_UDP_PAYLOAD)
                .maxRecvUdpPayloadSize(BenchSettings.MAX_UDP_PAYLOAD);
    }

    @Override
    public Server startServer(BenchSettings settings) throws Exception {
        QuicSslContext context = QuicSslContextBuilder.forServer(settings.privateKey().toFile(), null,
                settings.certificate().toFile()).applicationProtocols(BenchSettings.ALPN).build();
        SentPacketTally<QuicChannel> connections = new SentPacketTally<>(NettyStack::sentNow);
        QuicServerCodecBuilder builder = configure(new QuicServerCodecBuilder()).sslContext(context)
                .handler(new ConnectionTracker(connections))
                .streamHandler(new ChannelInitializer<QuicStreamChannel>() {
                    @Override
                    protected void initChannel(QuicStreamChannel stream) {
                        stream.pipeline().addLast(new ServerStreamHandler());
                    }
                });
        if (transport == Transport.EPOLL_GSO) {
            builder.option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR,
                    EpollQuicUtils.newSegmentedAllocator(GSO_SEGMENTS));
        }
        EventLoopGroup group = group();
        Channel channel = bootstrap(group, settings, builder.build())
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        return new Server() {
            @Override
            public int port() {
                return ((InetSocketAddress) channel.localAddress()).getPort();
            }

            @Override
            public long packetsSent() {
                return connections.total();
            }

            @Override
            public void close() throws Exception {
                channel.close().sync();
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            }
        };
    }

    /** An open connection's packets sent, 0 if quiche's statistics do not come (a lower bound). */
    private static long sentNow(QuicChannel connection) {
        try {
            return connection.collectStats().get(5, TimeUnit.SECONDS).sent();
        } catch (Exception unavailable) {
            return 0;
        }
    }

    @ChannelHandler.Sharable
    private static final class ConnectionTracker extends ChannelInboundHandlerAdapter {
        private final SentPacketTally<QuicChannel> connections;

        ConnectionTracker(SentPacketTally<QuicChannel> connections) {
            this.connections = connections;
        }

        @Override
        public void channelActive(ChannelHandlerContext context) {
            connections.opened((QuicChannel) context.channel());
            context.fireChannelActive();
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            // Netty keeps a closed connection's last statistics (statsAtClose); no blocking here,
            // on the event loop.
            QuicChannel connection = (QuicChannel) context.channel();
            connection.collectStats().addListener(stats -> connections.closed(connection,
                    stats.isSuccess() ? ((QuicConnectionStats) stats.getNow()).sent() : 0));
            context.fireChannelInactive();
        }
    }

    /** One server stream; the operation is named by its first byte (see {@link Payload}). */
    private static final class ServerStreamHandler extends ChannelInboundHandlerAdapter {
        private byte operation;
        private final ByteBuffer header = ByteBuffer.allocate(Payload.ECHO_SIZE);
        private long received;
        private boolean matched = true;
        private long size = -1;
        private long sent;

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            ByteBuf buffer = (ByteBuf) message;
            try {
                if (operation == 0 && buffer.isReadable()) {
                    operation = buffer.getByte(buffer.readerIndex());
                    if (operation == Payload.UPLOAD) {
                        buffer.skipBytes(1);
                    }
                }
                if (operation == Payload.UPLOAD) {
                    int length = buffer.readableBytes();
                    matched &= Payload.matches(buffer.nioBuffer(), received);
                    received += length;
                } else {
                    int take = Math.min(buffer.readableBytes(), header.remaining());
                    matched &= take == buffer.readableBytes();
                    header.put(buffer.nioBuffer(buffer.readerIndex(), take));
                }
            } finally {
                buffer.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) {
            if (event != ChannelInputShutdownReadComplete.INSTANCE) {
                context.fireUserEventTriggered(event);
                return;
            }
            QuicStreamChannel stream = (QuicStreamChannel) context.channel();
            header.flip();
            if (operation == Payload.UPLOAD) {
                finish(stream, Unpooled.wrappedBuffer(Payload.uploadReply(received, matched)));
            } else if (operation == Payload.DOWNLOAD && header.remaining() == Payload.DOWNLOAD_REQUEST_SIZE) {
                header.get();
                size = header.getLong();
                pump(stream);
            } else {
                finish(stream, Unpooled.wrappedBuffer(header));
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext context) {
            pump((QuicStreamChannel) context.channel());
            context.fireChannelWritabilityChanged();
        }

        private void pump(QuicStreamChannel stream) {
            if (size < 0 || sent >= size) {
                return;
            }
            while (sent < size && stream.isWritable()) {
                int length = Payload.chunkLength(size, sent);
                stream.write(Unpooled.wrappedBuffer(Payload.array(), Payload.arrayOffset(sent), length));
                sent += length;
            }
            if (sent == size) {
                finish(stream, Unpooled.EMPTY_BUFFER);
            } else {
                stream.flush();
            }
        }
    }

    /** Writes {@code last} and then FIN once quiche took every byte (shutdownOutput drops pending writes). */
    private static void finish(QuicStreamChannel stream, ByteBuf last) {
        stream.writeAndFlush(last).addListener(written -> stream.shutdownOutput());
    }

    @Override
    public Client client(BenchSettings settings, int port) throws Exception {
        return new NettyClient(settings, new InetSocketAddress("127.0.0.1", port));
    }

    private final class NettyClient implements Client {
        private final InetSocketAddress server;
        private final EventLoopGroup group = group();
        private final Channel channel;
        private final AtomicLong packets = new AtomicLong();

        NettyClient(BenchSettings settings, InetSocketAddress server) throws Exception {
            this.server = server;
            QuicSslContext context = QuicSslContextBuilder.forClient()
                    .trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .applicationProtocols(BenchSettings.ALPN).build();
            ChannelHandler codec = configure(new QuicClientCodecBuilder()).sslContext(context).build();
            channel = bootstrap(group, settings, codec).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        }

        private QuicChannel connect() throws Exception {
            QuicChannelBootstrap bootstrap = QuicChannel.newBootstrap(channel)
                    .streamHandler(new ChannelInboundHandlerAdapter()).remoteAddress(server);
            if (transport == Transport.EPOLL_GSO) {
                bootstrap.option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR,
                        EpollQuicUtils.newSegmentedAllocator(GSO_SEGMENTS));
            }
            return bootstrap.connect().get(30, TimeUnit.SECONDS);
        }

        private void finish(QuicChannel quic) throws Exception {
            packets.addAndGet(quic.collectStats().get(5, TimeUnit.SECONDS).sent());
            quic.close().sync();
        }

        private QuicStreamChannel open(QuicChannel quic, ChannelHandler handler) throws Exception {
            return quic.createStream(QuicStreamType.BIDIRECTIONAL, handler).get(30, TimeUnit.SECONDS);
        }

        @Override
        public void upload(long bytes) throws Exception {
            QuicChannel quic = connect();
            CompletableFuture<Void> done = new CompletableFuture<>();
            QuicStreamChannel stream = open(quic, new ChannelInboundHandlerAdapter() {
                private final ByteBuffer reply = ByteBuffer.allocate(Payload.UPLOAD_REPLY_SIZE + 1);
                private long position = -1;

                @Override
                public void channelActive(ChannelHandlerContext context) {
                    pump(context);
                }

                @Override
                public void channelWritabilityChanged(ChannelHandlerContext context) {
                    pump(context);
                }

                private void pump(ChannelHandlerContext context) {
                    Channel stream = context.channel();
                    if (position < 0) {
                        stream.write(Unpooled.wrappedBuffer(new byte[] {Payload.UPLOAD}));
                        position = 0;
                    }
                    if (position >= bytes) {
                        return;
                    }
                    while (position < bytes && stream.isWritable()) {
                        int length = Payload.chunkLength(bytes, position);
                        stream.write(Unpooled.wrappedBuffer(Payload.array(), Payload.arrayOffset(position), length));
                        position += length;
                    }
                    if (position == bytes) {
                        NettyStack.finish((QuicStreamChannel) stream, Unpooled.EMPTY_BUFFER);
                    } else {
                        stream.flush();
                    }
                }

                @Override
                public void channelRead(ChannelHandlerContext context, Object message) {
                    ByteBuf buffer = (ByteBuf) message;
                    if (buffer.readableBytes() <= reply.remaining()) {
                        reply.put(buffer.nioBuffer());
                    } else {
                        done.completeExceptionally(new IllegalStateException("upload reply too long"));
                    }
                    buffer.release();
                }

                @Override
                public void userEventTriggered(ChannelHandlerContext context, Object event) {
                    if (event == ChannelInputShutdownReadComplete.INSTANCE) {
                        try {
                            Payload.checkUploadReply(reply.flip(), bytes);
                            done.complete(null);
                        } catch (RuntimeException wrong) {
                            done.completeExceptionally(wrong);
                        }
                    }
                }

                @Override
                public void channelInactive(ChannelHandlerContext context) {
                    done.completeExceptionally(new IllegalStateException("stream closed before the reply"));
                }
            });
            done.get(JquicStack.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            stream.close();
            finish(quic);
        }

        @Override
        public void download(long bytes) throws Exception {
            QuicChannel quic = connect();
            CompletableFuture<Void> done = new CompletableFuture<>();
            QuicStreamChannel stream = open(quic, new ChannelInboundHandlerAdapter() {
                private long position;
                private boolean matched = true;

                @Override
                public void channelRead(ChannelHandlerContext context, Object message) {
                    ByteBuf buffer = (ByteBuf) message;
                    int length = buffer.readableBytes();
                    matched &= position + length <= bytes && Payload.matches(buffer.nioBuffer(), position);
                    position += length;
                    buffer.release();
                }

                @Override
                public void userEventTriggered(ChannelHandlerContext context, Object event) {
                    if (event == ChannelInputShutdownReadComplete.INSTANCE) {
                        if (matched && position == bytes) {
                            done.complete(null);
                        } else {
                            done.completeExceptionally(new IllegalStateException("downloaded " + position + " of "
                                    + bytes + " bytes, " + (matched ? "all matching" : "some NOT matching")));
                        }
                    }
                }

                @Override
                public void channelInactive(ChannelHandlerContext context) {
                    done.completeExceptionally(new IllegalStateException("stream closed at " + position));
                }
            });
            NettyStack.finish(stream, Unpooled.wrappedBuffer(Payload.downloadRequest(bytes)));
            done.get(JquicStack.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            finish(quic);
        }

        @Override
        public void requests(int count, int inFlight) throws Exception {
            QuicChannel quic = connect();
            CompletableFuture<Void> done = new CompletableFuture<>();
            AtomicInteger started = new AtomicInteger();
            AtomicInteger completed = new AtomicInteger();
            Runnable[] next = new Runnable[1];
            next[0] = () -> {
                int n = started.getAndIncrement();
                if (n < count) {
                    request(quic, n, done, () -> {
                        if (completed.incrementAndGet() == count) {
                            done.complete(null);
                        } else {
                            next[0].run();
                        }
                    });
                }
            };
            quic.eventLoop().execute(() -> {
                for (int i = 0; i < Math.min(inFlight, count); i++) {
                    next[0].run();
                }
            });
            done.get(JquicStack.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            finish(quic);
        }

        /**
         * Sends request {@code n} on a new stream. quiche refuses a stream beyond the peer's limit
         * and Netty reports no credit event for it here: try again 1 ms later.
         */
        private void request(QuicChannel quic, int n, CompletableFuture<Void> failure, Runnable onDone) {
            byte[] request = Payload.echoRequest(n);
            quic.createStream(QuicStreamType.BIDIRECTIONAL, new EchoCollector(request, failure, onDone))
                    .addListener(created -> {
                        if (created.isSuccess()) {
                            NettyStack.finish((QuicStreamChannel) created.getNow(), Unpooled.wrappedBuffer(request));
                        } else if (quic.isActive()) {
                            quic.eventLoop().schedule(() -> request(quic, n, failure, onDone), 1, TimeUnit.MILLISECONDS);
                        } else {
                            failure.completeExceptionally(created.cause());
                        }
                    });
        }

        @Override
        public void connections(int count, int parallel) throws Exception {
            AtomicInteger next = new AtomicInteger();
            ExecutorService workers = Executors.newFixedThreadPool(parallel);
            try {
                Future<?>[] results = new Future<?>[parallel];
                for (int w = 0; w < parallel; w++) {
                    results[w] = workers.submit(() -> {
                        for (int n = next.getAndIncrement(); n < count; n = next.getAndIncrement()) {
                            QuicChannel quic = connect();
                            CompletableFuture<Void> done = new CompletableFuture<>();
                            request(quic, n, done, () -> done.complete(null));
                            done.get(60, TimeUnit.SECONDS);
                            finish(quic);
                        }
                        return null;
                    });
                }
                for (Future<?> result : results) {
                    result.get(JquicStack.TIMEOUT_SECONDS, TimeUnit.SECONDS);
                }
            } finally {
                workers.shutdownNow();
            }
        }

        @Override
        public long packetsSent() {
            return packets.get();
        }

        @Override
        public void close() throws Exception {
            channel.close().sync();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** Collects one 64-byte echo response and compares it with the request. */
    private static final class EchoCollector extends ChannelInboundHandlerAdapter {
        private final byte[] request;
        private final CompletableFuture<Void> failure;
        private final Runnable onDone;
        private final ByteBuffer response = ByteBuffer.allocate(Payload.ECHO_SIZE + 1);
        private boolean ended;

        EchoCollector(byte[] request, CompletableFuture<Void> failure, Runnable onDone) {
            this.request = request;
            this.failure = failure;
            this.onDone = onDone;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            ByteBuf buffer = (ByteBuf) message;
            if (buffer.readableBytes() <= response.remaining()) {
                response.put(buffer.nioBuffer());
            } else {
                failure.completeExceptionally(new IllegalStateException("echo response too long"));
            }
            buffer.release();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) {
            if (event == ChannelInputShutdownReadComplete.INSTANCE && !ended) {
                ended = true;
                if (Arrays.equals(Arrays.copyOf(response.array(), response.position()), request)) {
                    onDone.run();
                } else {
                    failure.completeExceptionally(new IllegalStateException("echo response differs"));
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            if (!ended) {
                failure.completeExceptionally(new IllegalStateException("echo stream closed before its response"));
            }
        }
    }
}
