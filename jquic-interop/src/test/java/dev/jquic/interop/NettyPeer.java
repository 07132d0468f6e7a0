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
import io.netty.handler.codec.quic.InsecureQuicTokenHandler;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
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
    private Channel serverChannel;

    /** Starts a download server; {@code retry} makes it demand address validation by Retry. */
    InetSocketAddress startServer(Path directory, boolean retry, long maxStreams) throws Exception {
        TestCertificates certificates = TestCertificates.create(directory);
        QuicSslContext context = QuicSslContextBuilder.forServer(certificates.privateKeyFile.toFile(), null,
                certificates.certificateFile.toFile()).applicationProtocols("hq-interop").earlyData(true).build();
        QuicServerCodecBuilder builder = new QuicServerCodecBuilder().sslContext(context)
                .maxIdleTimeout(30, TimeUnit.SECONDS)
                .initialMaxData(64 << 20)
                .initialMaxStreamDataBidirectionalLocal(16 << 20)
                .initialMaxStreamDataBidirectionalRemote(16 << 20)
                .initialMaxStreamsBidirectional(maxStreams)
                .initialMaxStreamsUnidirectional(100)
                .streamHandler(new ChannelInitializer<QuicStreamChannel>() {
                    @Override
                    protected void initChannel(QuicStreamChannel stream) {
                        stream.pipeline().addLast(new DownloadHandler());
                    }
                });
        if (retry) {
            builder.tokenHandler(InsecureQuicTokenHandler.INSTANCE);
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

    /**
     * Downloads {@code sizes} over one connection, at most {@code parallel} streams at a time.
     *
     * @return the number of files whose hash matched
     */
    int download(InetSocketAddress server, int parallel, long timeoutSeconds, long... sizes) throws Exception {
        QuicSslContext context = QuicSslContextBuilder.forClient()
                .trustManager(InsecureTrustManagerFactory.INSTANCE).applicationProtocols("hq-interop").build();
        ChannelHandler codec = new QuicClientCodecBuilder().sslContext(context)
                .maxIdleTimeout(30, TimeUnit.SECONDS)
                .initialMaxData(64 << 20)
                .initialMaxStreamDataBidirectionalLocal(16 << 20)
                .initialMaxStreamDataBidirectionalRemote(16 << 20)
                .initialMaxStreamsBidirectional(100)
                .build();
        Channel channel = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
                .option(io.netty.channel.ChannelOption.SO_RCVBUF, 4 << 20)
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        try {
            QuicChannel quic = QuicChannel.newBootstrap(channel).streamHandler(new ChannelInboundHandlerAdapter())
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
                stream.writeAndFlush(Unpooled.wrappedBuffer(Payload.request(sizes[i])))
                        .addListener(written -> stream.shutdownOutput());
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
