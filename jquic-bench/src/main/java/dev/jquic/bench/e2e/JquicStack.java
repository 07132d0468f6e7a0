package dev.jquic.bench.e2e;

import dev.jquic.Quic;
import dev.jquic.QuicClient;
import dev.jquic.QuicCloseReason;
import dev.jquic.QuicConnection;
import dev.jquic.QuicHandler;
import dev.jquic.QuicServer;
import dev.jquic.QuicStream;
import dev.jquic.TlsOptions;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * jquic through its public API (module {@code jquic}, package {@code dev.jquic}) only, with the
 * same starting flow-control windows as the other stacks ({@code flowControl}).
 */
public final class JquicStack implements Stack {

    static final long TIMEOUT_SECONDS = Long.getLong("bench.timeoutSeconds", 600);
    /** System property (set from {@code --server-loops}) with the server's event loops. */
    static final String SERVER_LOOPS_PROPERTY = "bench.serverLoops";
    static final int SERVER_LOOPS = Integer.getInteger(SERVER_LOOPS_PROPERTY, 1);
    /** System property carrying {@code --jquic-max-udp-payload} into the peer JVMs. */
    static final String MAX_UDP_PAYLOAD_PROPERTY = "bench.jquic.maxUdpPayload";

    /** jquic's maxUdpPayloadSize: 1200 (as the other stacks) unless the option raised it. */
    static int maxUdpPayload() {
        return Integer.getInteger(MAX_UDP_PAYLOAD_PROPERTY, BenchSettings.MAX_UDP_PAYLOAD);
    }

    @Override
    public String describe() {
        int maxUdpPayload = maxUdpPayload();
        String datagrams = maxUdpPayload == BenchSettings.MAX_UDP_PAYLOAD ? "1,200-byte datagrams (no PMTU discovery)"
                : "datagrams from 1,200 bytes up to " + maxUdpPayload + " by path MTU discovery";
        return "jquic: public API, UDP I/O chosen by -Djquic.io in --jvm-args (default auto: batched FFM "
                + "sendmmsg/recvmmsg with GSO/GRO on JDK 22+ with native access, else NIO; peer logs name it), CUBIC, " + datagrams + ", 100 streams; flow-control "
                + "windows 16 MiB connection / 8 MiB stream at the start (auto-tuning may grow them to 24 MiB / "
                + "16 MiB); socket buffers as asked (socketBuffers); W4 uses "
                + "one client endpoint with sessionResumption(false) (every connection a full handshake), as Netty's W4 client "
                + "shares its channel";
    }

    @Override
    public Server startServer(BenchSettings settings) {
        SentPacketTally<QuicConnection> connections = new SentPacketTally<>(c -> c.stats().packetsSent());
        QuicServer server = socketBuffers(Quic.server(), settings.socketBufferBytes())
                .host("127.0.0.1").port(0).alpn(BenchSettings.ALPN)
                .tls(TlsOptions.pem(settings.certificate(), settings.privateKey()))
                .maxIncomingStreams(BenchSettings.MAX_STREAMS)
                .flowControl(BenchSettings.CONNECTION_WINDOW, BenchSettings.STREAM_WINDOW)
                .maxUdpPayloadSize(maxUdpPayload())
                .idleTimeout(java.time.Duration.ofSeconds(BenchSettings.IDLE_TIMEOUT_SECONDS))
                .handler(new ServerHandler(connections))
                .eventLoops(SERVER_LOOPS)
                .listen();
        return new Server() {
            @Override
            public int port() {
                return server.port();
            }

            @Override
            public long packetsSent() {
                return connections.total();
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }

    /** The server side of every workload; runs on the server's event loop. */
    private static final class ServerHandler implements QuicHandler {
        private final SentPacketTally<QuicConnection> connections;
        private final Map<QuicStream, ServerStream> streams = new ConcurrentHashMap<>();

        ServerHandler(SentPacketTally<QuicConnection> connections) {
            this.connections = connections;
        }

        @Override
        public void onConnection(QuicConnection connection) {
            connections.opened(connection);
        }

        @Override
        public void onClose(QuicConnection connection, QuicCloseReason reason) {
            connections.closed(connection, connection.stats().packetsSent());
        }

        @Override
        public void onStream(QuicStream stream) {
            streams.put(stream, new ServerStream(stream));
        }

        @Override
        public void onData(QuicStream stream, ByteBuffer data, boolean fin) {
            ServerStream state = streams.get(stream);
            if (state != null && state.onData(data, fin)) {
                streams.remove(stream);
            }
        }

        @Override
        public void onDrain(QuicStream stream) {
            ServerStream state = streams.get(stream);
            if (state != null && state.pump()) {
                streams.remove(stream);
            }
        }

        @Override
        public void onStreamReset(QuicStream stream, long errorCode) {
            streams.remove(stream);
        }
    }

    /** One server stream: its operation is named by its first byte (see {@link Payload}). */
    private static final class ServerStream {
        private final QuicStream stream;
        private byte operation;
        private final ByteBuffer header = ByteBuffer.allocate(Payload.ECHO_SIZE);
        private long received;
        private boolean matched = true;
        private long size = -1;
        private long sent;

        ServerStream(QuicStream stream) {
            this.stream = stream;
        }

        /** Returns true when the stream needs no more callbacks. */
        boolean onData(ByteBuffer data, boolean fin) {
            if (operation == 0 && data.hasRemaining()) {
                operation = data.get(data.position());
                if (operation == Payload.UPLOAD) {
                    data.get();
                }
            }
            if (operation == Payload.UPLOAD) {
                long position = received;
                received += data.remaining();
                matched &= Payload.matches(data, position);
            } else {
                int take = Math.min(data.remaining(), header.remaining());
                header.put(data.slice().limit(take));
                matched &= take == data.remaining();
            }
            if (!fin) {
                return false;
            }
            if (operation == Payload.UPLOAD) {
                stream.write(Payload.uploadReply(received, matched));
                stream.finish();
                return true;
            }
            header.flip();
            if (operation == Payload.DOWNLOAD && header.remaining() == Payload.DOWNLOAD_REQUEST_SIZE) {
                header.get();
                size = header.getLong();
                return pump();
            }
            stream.write(header);   // ECHO: the request back
            stream.finish();
            return true;
        }

        /** Download: writes what the stream takes (writeSome), up to the end. Returns true at the end. */
        boolean pump() {
            if (size < 0) {
                return false;
            }
            while (sent < size) {
                int length = Payload.chunkLength(size, sent);
                int taken = stream.writeSome(Payload.chunk(sent, length));
                if (taken < 0) {
                    return false;   // reset or closed: the client sees the short transfer
                }
                sent += taken;
                if (taken < length) {
                    return false;   // onDrain continues
                }
            }
            stream.finish();
            return true;
        }
    }

    /** {@code --sockbuf}; 0 (the OS default for the other stacks) asks jquic's smallest setting, 64 KiB. */
    private static <B extends Quic.Builder<B>> B socketBuffers(B builder, int bytes) {
        return bytes == 0 ? builder.socketBuffers(64 << 10) : builder.socketBuffers(bytes);
    }

    @Override
    public Client client(BenchSettings settings, int port) {
        return new JquicClient(port, settings.socketBufferBytes());
    }

    /** Per-connection routing of stream callbacks to the workload's listeners. */
    private static final class Router implements QuicHandler {
        final Map<QuicStream, StreamListener> listeners = new ConcurrentHashMap<>();
        final CompletableFuture<Void> failed = new CompletableFuture<>();
        /** Runs on the event loop when the handshake completes. */
        private final java.util.function.Consumer<QuicConnection> onOpen;

        Router() {
            this(connection -> { });
        }

        Router(java.util.function.Consumer<QuicConnection> onOpen) {
            this.onOpen = onOpen;
        }

        @Override
        public void onOpen(QuicConnection connection) {
            onOpen.accept(connection);
        }

        @Override
        public void onData(QuicStream stream, ByteBuffer data, boolean fin) {
            StreamListener listener = listeners.get(stream);
            if (listener != null) {
                listener.onData(data, fin);
                if (fin) {
                    listeners.remove(stream);
                }
            }
        }

        @Override
        public void onDrain(QuicStream stream) {
            StreamListener listener = listeners.get(stream);
            if (listener != null) {
                listener.onDrain();
            }
        }

        @Override
        public void onStreamReset(QuicStream stream, long errorCode) {
            failed.completeExceptionally(new IllegalStateException("stream " + stream.id() + " reset: " + errorCode));
        }

        @Override
        public void onClose(QuicConnection connection, QuicCloseReason reason) {
            failed.completeExceptionally(new IllegalStateException("connection closed: " + reason));
        }

        @Override
        public void onError(QuicConnection connection, Throwable error) {
            failed.completeExceptionally(error);
        }
    }

    /**
     * Reproduces the byte reordering: starts the upload from a thread other than the event loop
     * ({@code -Dbench.jquic.offLoopStart=true}); the server then reports mismatching bytes.
     */
    static final boolean OFF_LOOP_START = Boolean.getBoolean("bench.jquic.offLoopStart");

    private static final class ForkJoinPoolHolder {
        static void run(Runnable task) {
            java.util.concurrent.ForkJoinPool.commonPool().execute(task);
        }
    }

    /** W1 sender: writes what the stream takes, continues in onDrain, then FIN; checks the reply. */
    private static final class Uploader implements StreamListener {
        private final QuicStream stream;
        private final long bytes;
        private final CompletableFuture<Void> done;
        private final ByteBuffer reply = ByteBuffer.allocate(Payload.UPLOAD_REPLY_SIZE + 1);
        private long position;
        private boolean finished;

        Uploader(QuicStream stream, long bytes, CompletableFuture<Void> done) {
            this.stream = stream;
            this.bytes = bytes;
            this.done = done;
        }

        synchronized void start() {
            stream.write(ByteBuffer.wrap(new byte[] {Payload.UPLOAD}));
            onDrain();
        }

        @Override
        public synchronized void onDrain() {
            while (position < bytes) {
                int length = Payload.chunkLength(bytes, position);
                int taken = stream.writeSome(Payload.chunk(position, length));
                if (taken < 0) {
                    done.completeExceptionally(new IllegalStateException("upload stream reset or closed"));
                    return;
                }
                position += taken;
                if (taken < length) {
                    return;   // onDrain continues
                }
            }
            if (!finished) {
                finished = true;
                stream.finish();
            }
        }

        @Override
        public void onData(ByteBuffer data, boolean fin) {
            if (data.remaining() > reply.remaining()) {
                done.completeExceptionally(new IllegalStateException("upload reply too long"));
                return;
            }
            reply.put(data);
            if (fin) {
                try {
                    Payload.checkUploadReply(reply.flip(), bytes);
                    done.complete(null);
                } catch (RuntimeException wrong) {
                    done.completeExceptionally(wrong);
                }
            }
        }
    }

    private interface StreamListener {
        void onData(ByteBuffer data, boolean fin);

        default void onDrain() {
        }
    }

    private static final class JquicClient implements Client {
        private final int port;
        private final int socketBufferBytes;
        private final AtomicLong packets = new AtomicLong();
        private SharedEndpoint shared;

        JquicClient(int port, int socketBufferBytes) {
            this.port = port;
            this.socketBufferBytes = socketBufferBytes;
        }

        private QuicConnection connect(Router router) throws Exception {
            return configure(Quic.client()).handler(router).connect("127.0.0.1", port).get(30, TimeUnit.SECONDS);
        }

        private Quic.ClientBuilder configure(Quic.ClientBuilder builder) {
            return socketBuffers(builder, socketBufferBytes).alpn(BenchSettings.ALPN).tls(TlsOptions.insecure())
                    .maxIncomingStreams(BenchSettings.MAX_STREAMS)
                    .flowControl(BenchSettings.CONNECTION_WINDOW, BenchSettings.STREAM_WINDOW)
                    .maxUdpPayloadSize(maxUdpPayload())
                    .idleTimeout(java.time.Duration.ofSeconds(BenchSettings.IDLE_TIMEOUT_SECONDS));
        }

        /**
         * W4's client endpoint, opened on first use: one socket and event loop for every
         * connection, as Netty's W4 client shares its channel, and no session resumption, so that
         * every connection makes a full handshake.
         */
        private synchronized SharedEndpoint sharedEndpoint() {
            if (shared == null) {
                SharedEndpoint handler = new SharedEndpoint();
                handler.client = configure(Quic.client()).sessionResumption(false).handler(handler).build();
                shared = handler;
            }
            return shared;
        }

        /** Waits for {@code done} unless the connection fails first. */
        private static void await(CompletableFuture<?> done, Router router) throws Exception {
            CompletableFuture.anyOf(done, router.failed).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            done.getNow(null);
        }

        private void finish(QuicConnection connection) throws Exception {
            packets.addAndGet(connection.stats().packetsSent());
            connection.close().get(30, TimeUnit.SECONDS);
        }

        /**
         * W1. Every write happens on the connection's event loop: the stream is opened and the
         * first bytes written in {@code onOpen}, the rest in {@code onDrain}. (Writing the first
         * bytes from another thread and the rest in onDrain reorders bytes in jquic: see
         * jquic-bench/README.md, "Found by the harness".)
         */
        @Override
        public void upload(long bytes) throws Exception {
            CompletableFuture<Void> done = new CompletableFuture<>();
            Router[] routers = new Router[1];
            routers[0] = new Router(connection -> connection.openStream().whenComplete((stream, failure) -> {
                if (failure != null) {
                    done.completeExceptionally(failure);
                    return;
                }
                Uploader uploader = new Uploader(stream, bytes, done);
                routers[0].listeners.put(stream, uploader);
                if (OFF_LOOP_START) {
                    ForkJoinPoolHolder.run(uploader::start);
                } else {
                    uploader.start();
                }
            }));
            QuicConnection connection = connect(routers[0]);
            await(done, routers[0]);
            finish(connection);
        }

        @Override
        public void download(long bytes) throws Exception {
            Router router = new Router();
            QuicConnection connection = connect(router);
            QuicStream stream = connection.openStream().get(30, TimeUnit.SECONDS);
            CompletableFuture<Void> done = new CompletableFuture<>();
            router.listeners.put(stream, new StreamListener() {
                private long position;
                private boolean matched = true;

                @Override
                public void onData(ByteBuffer data, boolean fin) {
                    int length = data.remaining();
                    matched &= position + length <= bytes && Payload.matches(data, position);
                    position += length;
                    if (fin) {
                        if (matched && position == bytes) {
                            done.complete(null);
                        } else {
                            done.completeExceptionally(new IllegalStateException("downloaded " + position + " of "
                                    + bytes + " bytes, " + (matched ? "all matching" : "some NOT matching")));
                        }
                    }
                }
            });
            stream.write(Payload.downloadRequest(bytes));
            stream.finish();
            await(done, router);
            finish(connection);
        }

        @Override
        public void requests(int count, int inFlight) throws Exception {
            Router router = new Router();
            QuicConnection connection = connect(router);
            CompletableFuture<Void> done = new CompletableFuture<>();
            AtomicInteger started = new AtomicInteger();
            AtomicInteger completed = new AtomicInteger();
            Runnable[] next = new Runnable[1];
            next[0] = () -> {
                int n = started.getAndIncrement();
                if (n >= count) {
                    return;
                }
                byte[] request = Payload.echoRequest(n);
                connection.openStream().whenComplete((stream, failure) -> {
                    if (failure != null) {
                        done.completeExceptionally(failure);
                        return;
                    }
                    router.listeners.put(stream, echoListener(request, done, () -> {
                        if (completed.incrementAndGet() == count) {
                            done.complete(null);
                        } else {
                            next[0].run();
                        }
                    }));
                    stream.write(ByteBuffer.wrap(request));
                    stream.finish();
                });
            };
            for (int i = 0; i < Math.min(inFlight, count); i++) {
                next[0].run();
            }
            await(done, router);
            finish(connection);
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
                            oneConnection(n);
                        }
                        return null;
                    });
                }
                for (Future<?> result : results) {
                    result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                }
            } finally {
                workers.shutdownNow();
            }
        }

        private void oneConnection(int n) throws Exception {
            SharedEndpoint endpoint = sharedEndpoint();
            Router router = new Router();
            QuicConnection connection = endpoint.client.connect("127.0.0.1", port).get(30, TimeUnit.SECONDS);
            endpoint.routers.put(connection, router);
            if (connection.state() != QuicConnection.State.OPEN) {
                // It failed between its handshake and the router's registration.
                router.failed.completeExceptionally(new IllegalStateException("connection " + connection.state()));
            }
            QuicStream stream = connection.openStream().get(30, TimeUnit.SECONDS);
            CompletableFuture<Void> done = new CompletableFuture<>();
            byte[] request = Payload.echoRequest(n);
            router.listeners.put(stream, echoListener(request, done, () -> done.complete(null)));
            stream.write(ByteBuffer.wrap(request));
            stream.finish();
            await(done, router);
            packets.addAndGet(connection.stats().packetsSent());
            endpoint.routers.remove(connection);
            connection.close();
            connection.closeFuture().get(30, TimeUnit.SECONDS);
        }

        private static StreamListener echoListener(byte[] request, CompletableFuture<Void> failure, Runnable onDone) {
            return new StreamListener() {
                private final ByteBuffer response = ByteBuffer.allocate(Payload.ECHO_SIZE + 1);

                @Override
                public void onData(ByteBuffer data, boolean fin) {
                    if (data.remaining() > response.remaining()) {
                        failure.completeExceptionally(new IllegalStateException("echo response too long"));
                        return;
                    }
                    response.put(data);
                    if (fin) {
                        if (Arrays.equals(Arrays.copyOf(response.array(), response.position()), request)) {
                            onDone.run();
                        } else {
                            failure.completeExceptionally(new IllegalStateException("echo response differs"));
                        }
                    }
                }
            };
        }

        @Override
        public long packetsSent() {
            return packets.get();
        }

        @Override
        public void close() {
            SharedEndpoint endpoint;
            synchronized (this) {
                endpoint = shared;
            }
            if (endpoint != null) {
                endpoint.client.close();
            }
        }
    }

    /** The handler of W4's shared client endpoint: hands each event to its connection's router. */
    private static final class SharedEndpoint implements QuicHandler {
        final Map<QuicConnection, Router> routers = new ConcurrentHashMap<>();
        QuicClient client;

        @Override
        public void onData(QuicStream stream, ByteBuffer data, boolean fin) {
            Router router = routers.get(stream.connection());
            if (router != null) {
                router.onData(stream, data, fin);
            }
        }

        @Override
        public void onDrain(QuicStream stream) {
            Router router = routers.get(stream.connection());
            if (router != null) {
                router.onDrain(stream);
            }
        }

        @Override
        public void onStreamReset(QuicStream stream, long errorCode) {
            Router router = routers.get(stream.connection());
            if (router != null) {
                router.onStreamReset(stream, errorCode);
            }
        }

        @Override
        public void onClose(QuicConnection connection, QuicCloseReason reason) {
            Router router = routers.get(connection);
            if (router != null) {
                router.onClose(connection, reason);
            }
        }

        @Override
        public void onError(QuicConnection connection, Throwable error) {
            Router router = routers.get(connection);
            if (router != null) {
                router.onError(connection, error);
            }
        }
    }
}
