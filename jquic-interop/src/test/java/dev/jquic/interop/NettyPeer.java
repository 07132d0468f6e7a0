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
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.InsecureQuicTokenHandler;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.codec.quic.SslEarlyDataReadyEvent;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Netty QUIC (quiche) as the download server or client of the interop cases. */
final class NettyPeer implements AutoCloseable {

    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    /**
     * Whether the server's connections get the {@link NettyTimerRace} guard (off only to show the
     * race). quiche's clients do not: through 30 % loss, clients with it failed 4 of 60 runs
     * (seeds 52001-52060), without it 1 of the same 60 (2026-11-27).
     */
    boolean guardTimerRace = true;
    private Channel serverChannel;

    /** Starts a download server; {@code retry} makes it demand address validation by Retry. */
    InetSocketAddress startServer(Path directory, boolean retry, long maxStreams) throws Exception {
        return startServer(TestCertificates.create(directory), retry, maxStreams);
    }

    /** Starts a download server with {@code certificates} (its file may hold a chain, leaf first). */
    InetSocketAddress startServer(TestCertificates certificates, boolean retry, long maxStreams) throws Exception {
        QuicSslContext context = QuicSslContextBuilder.forServer(certificates.privateKeyFile.toFile(), null,
                certificates.certificateFile.toFile()).applicationProtocols("hq-interop").earlyData(true).build();
        QuicServerCodecBuilder builder = new QuicServerCodecBuilder().sslContext(context)
                .maxIdleTimeout(30, TimeUnit.SECONDS)
                .initialMaxData(64 << 20)
                .initialMaxStreamDataBidirectionalLocal(16 << 20)
                .initialMaxStreamDataBidirectionalRemote(16 << 20)
                .initialMaxStreamsBidirectional(maxStreams)
                .initialMaxStreamsUnidirectional(100)
                .handler(new ChannelInitializer<QuicChannel>() {
                    @Override
                    protected void initChannel(QuicChannel connection) {
                        if (guardTimerRace) {
                            connection.pipeline().addLast(new NettyTimerRace());
                        }
                    }
                })
                .streamHandler(new ChannelInitializer<QuicStreamChannel>() {
                    @Override
                    protected void initChannel(QuicStreamChannel stream) {
                        stream.pipeline().addLast(new DownloadHandler());
                    }
                });
        if (retry) {
            builder.tokenHandler(InsecureQuicTokenHandler.INSTANCE);
        }
        var qlog = qlog("quiche server");
        if (qlog != null) {
            builder.option(io.netty.handler.codec.quic.QuicChannelOption.QLOG, qlog);
        }
        ChannelHandler codec = builder.build();
        serverChannel = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
                .option(io.netty.channel.ChannelOption.SO_RCVBUF, 4 << 20)
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Reads the request until FIN, then writes the file and FIN. */
    private static final class DownloadHandler extends ChannelInboundHandlerAdapter {
        private final ByteArrayOutputStream request = new ByteArrayOutputStream();

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            ByteBuf buffer = (ByteBuf) message;
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            buffer.release();
            request.writeBytes(bytes);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) {
            if (event != ChannelInputShutdownReadComplete.INSTANCE) {
                return;
            }
            QuicStreamChannel stream = (QuicStreamChannel) context.channel();
            long size = Payload.parseRequest(request.toByteArray());
            long position = 0;
            while (position < size) {
                int offset = Payload.blockOffset(position);
                int length = (int) Math.min(size - position, Payload.BLOCK.length - offset);
                stream.write(Unpooled.wrappedBuffer(Payload.BLOCK, offset, length));
                position += length;
            }
            stream.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> stream.shutdownOutput());
        }
    }

    /** Collects one response and checks it against the file it asked for. */
    private static final class ResponseCollector extends ChannelInboundHandlerAdapter {
        private final long size;
        private final MessageDigest digest = Payload.digest();
        private long received;
        final CompletableFuture<Boolean> done = new CompletableFuture<>();

        ResponseCollector(long size) {
            this.size = size;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            ByteBuf buffer = (ByteBuf) message;
            received += buffer.readableBytes();
            digest.update(buffer.nioBuffer());
            buffer.release();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) {
            if (event == ChannelInputShutdownReadComplete.INSTANCE) {
                done.complete(Payload.matches(size, received, digest));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            done.complete(false);
        }
    }

    /** A client TLS context; connections that share one can resume (with {@code earlyData}, in 0-RTT). */
    static QuicSslContext clientContext(boolean earlyData) {
        return QuicSslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                .applicationProtocols("hq-interop").earlyData(earlyData).build();
    }

    /**
     * Downloads {@code sizes} over one connection, at most {@code parallel} streams at a time.
     *
     * @return the number of files whose hash matched
     */
    int download(InetSocketAddress server, int parallel, long timeoutSeconds, long... sizes) throws Exception {
        return download(clientContext(false), server, parallel, timeoutSeconds, sizes);
    }

    /**
     * Downloads with {@code context}: BoringSSL keeps the sessions of a context's engines that
     * name a host and port ({@code QuicClientSessionCache}) and resumes the next connection to
     * the same host and port with them.
     */
    int download(QuicSslContext context, InetSocketAddress server, int parallel, long timeoutSeconds, long... sizes)
            throws Exception {
        Channel channel = clientChannel(context, server);
        try {
            QuicChannel quic = bootstrap(channel).streamHandler(new ChannelInboundHandlerAdapter())
                    .remoteAddress(server).connect().get(timeoutSeconds, TimeUnit.SECONDS);
            Semaphore slots = new Semaphore(parallel);
            CompletableFuture<?>[] results = new CompletableFuture<?>[sizes.length];
            int verified = 0;
            for (int i = 0; i < sizes.length; i++) {
                if (!slots.tryAcquire(timeoutSeconds, TimeUnit.SECONDS)) {
                    throw new AssertionError("no stream slot within " + timeoutSeconds + " s");
                }
                ResponseCollector collector = new ResponseCollector(sizes[i]);
                collector.done.whenComplete((ok, error) -> slots.release());
                results[i] = collector.done;
                QuicStreamChannel stream = openStream(quic, collector, timeoutSeconds);
                // The request and its FIN in one STREAM frame, as hq-interop clients send it. Sent
                // apart (a write, then shutdownOutput), quiche's client lost the request for good
                // when its packet was lost and the FIN's was acknowledged (issue #6, seeds 11203, 11213).
                stream.writeAndFlush(new DefaultQuicStreamFrame(Unpooled.wrappedBuffer(Payload.request(sizes[i])), true));
            }
            for (CompletableFuture<?> result : results) {
                verified += Boolean.TRUE.equals(result.get(timeoutSeconds, TimeUnit.SECONDS)) ? 1 : 0;
            }
            quic.close().sync();
            return verified;
        } finally {
            channel.close().sync();
        }
    }

    /**
     * Connects with {@code context} (which must hold a session for the server that allows early
     * data) and sends one request as soon as quiche reports it is in early data
     * ({@link SslEarlyDataReadyEvent}, fired before the handshake completes), so it goes out in 0-RTT.
     *
     * @return whether the response matched
     * @throws AssertionError if quiche never offered early data
     */
    boolean downloadEarly(QuicSslContext context, InetSocketAddress server, long timeoutSeconds, long size)
            throws Exception {
        Channel channel = clientChannel(context, server);
        ResponseCollector collector = new ResponseCollector(size);
        CompletableFuture<Boolean> earlyReady = new CompletableFuture<>();
        try {
            QuicChannel quic = bootstrap(channel).handler(new ChannelInboundHandlerAdapter() {
                @Override
                public void userEventTriggered(ChannelHandlerContext context, Object event) {
                    if (event instanceof SslEarlyDataReadyEvent) {
                        earlyReady.complete(true);
                        ((QuicChannel) context.channel()).createStream(QuicStreamType.BIDIRECTIONAL, collector)
                                .addListener(created -> {
                                    if (!created.isSuccess()) {
                                        collector.done.completeExceptionally(created.cause());
                                        return;
                                    }
                                    QuicStreamChannel stream = (QuicStreamChannel) created.getNow();
                                    stream.writeAndFlush(Unpooled.wrappedBuffer(Payload.request(size)))
                                            .addListener(written -> stream.shutdownOutput());
                                });
                    }
                    context.fireUserEventTriggered(event);
                }
            }).streamHandler(new ChannelInboundHandlerAdapter()).remoteAddress(server).connect()
                    .get(timeoutSeconds, TimeUnit.SECONDS);
            if (!earlyReady.isDone()) {
                quic.close().sync();
                throw new AssertionError("quiche did not enter early data (no SslEarlyDataReadyEvent before the "
                        + "handshake completed)");
            }
            boolean matched = collector.done.get(timeoutSeconds, TimeUnit.SECONDS);
            quic.close().sync();
            return matched;
        } finally {
            channel.close().sync();
        }
    }

    /** A UDP channel with quiche's client codec whose TLS engines name {@code server} (for the session cache). */
    private Channel clientChannel(QuicSslContext context, InetSocketAddress server) throws InterruptedException {
        ChannelHandler codec = new QuicClientCodecBuilder().sslContext(context)
                .sslEngineProvider(quic -> context.newEngine(quic.alloc(), "localhost", server.getPort()))
                .maxIdleTimeout(30, TimeUnit.SECONDS)
                .initialMaxData(64 << 20)
                .initialMaxStreamDataBidirectionalLocal(16 << 20)
                .initialMaxStreamDataBidirectionalRemote(16 << 20)
                .initialMaxStreamsBidirectional(100)
                .build();
        return new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
                .option(io.netty.channel.ChannelOption.SO_RCVBUF, 4 << 20)
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    /**
     * Debugging aid: with {@code -Dinterop.quicheQlog=DIR}, quiche's own qlog of each connection, one
     * file each. The directory is created first: given a path that does not exist, Netty writes
     * every connection into one file of that name.
     */
    private static io.netty.handler.codec.quic.QLogConfiguration qlog(String role) {
        String qlogDirectory = System.getProperty("interop.quicheQlog");
        if (qlogDirectory == null) {
            return null;
        }
        try {
            java.nio.file.Files.createDirectories(java.nio.file.Path.of(qlogDirectory));
        } catch (java.io.IOException failure) {
            throw new java.io.UncheckedIOException("cannot create the qlog directory " + qlogDirectory, failure);
        }
        return new io.netty.handler.codec.quic.QLogConfiguration(qlogDirectory, "jquic interop", role);
    }

    /** A client connection on {@code channel}, with quiche's qlog when asked for. */
    private static io.netty.handler.codec.quic.QuicChannelBootstrap bootstrap(Channel channel) {
        var bootstrap = QuicChannel.newBootstrap(channel);
        var qlog = qlog("quiche client");
        return qlog == null ? bootstrap : bootstrap.option(io.netty.handler.codec.quic.QuicChannelOption.QLOG, qlog);
    }

    /** Opens a stream, retrying while quiche reports the peer's stream limit. */
    private static QuicStreamChannel openStream(QuicChannel quic, ChannelHandler handler, long timeoutSeconds)
            throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            try {
                return quic.createStream(QuicStreamType.BIDIRECTIONAL, handler).get(timeoutSeconds, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException limited) {
                if (System.nanoTime() > end) {
                    throw limited;
                }
                Thread.sleep(1);
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (serverChannel != null) {
            serverChannel.close().sync();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
}
