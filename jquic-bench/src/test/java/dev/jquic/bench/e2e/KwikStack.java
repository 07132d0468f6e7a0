package dev.jquic.bench.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tech.kwik.core.QuicClientConnection;
import tech.kwik.core.QuicConnection;
import tech.kwik.core.QuicStream;
import tech.kwik.core.log.NullLogger;
import tech.kwik.core.server.ApplicationProtocolConnection;
import tech.kwik.core.server.ServerConnectionConfig;
import tech.kwik.core.server.ServerConnector;

/**
 * Kwik 0.10.3 (pure Java, LGPL-3.0): TEST scope only, so it lives here and never enters the
 * jquic-bench jar; {@link Stacks} finds it by name when the test classes are on the class path.
 * Kwik's streams are blocking: one thread per stream on the server, one per request slot on the client.
 */
public final class KwikStack implements Stack {

    /** Kwik's blocking writes stall when one write exceeds its send buffer: small writes (as in jquic-interop). */
    private static final int WRITE = 8_192;

    @Override
    public String describe() {
        return "Kwik 0.10.3: blocking streams, one thread per stream, NewReno (its only one), windows 16 MiB "
                + "connection / 8 MiB stream on the server, client stream window 8 MiB (Kwik cannot set its "
                + "client's connection window apart), 100 streams; datagrams up to 1,252 bytes (Kwik's IPv4 default: its "
                + "strict 1,200-byte mode, useStrictSmallestAllowedMaximumDatagramSize on both sides, stalled "
                + "Kwik-to-Kwik W1 within its warm-up here)";
    }

    private static DatagramSocket socket(InetAddress address, int port, int bufferBytes)
            throws java.net.SocketException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, port));
        if (bufferBytes > 0) {
            socket.setReceiveBufferSize(bufferBytes);
            socket.setSendBufferSize(bufferBytes);
        }
        return socket;
    }

    @Override
    public Server startServer(BenchSettings settings) throws Exception {
        DatagramSocket socket = socket(InetAddress.getByName("127.0.0.1"), 0, settings.socketBufferBytes());
        ServerConnectionConfig config = ServerConnectionConfig.builder()
                .maxIdleTimeoutInSeconds(BenchSettings.IDLE_TIMEOUT_SECONDS)
                .maxConnectionBufferSize(BenchSettings.CONNECTION_WINDOW)
                .maxBidirectionalStreamBufferSize(BenchSettings.STREAM_WINDOW)
                .maxUnidirectionalStreamBufferSize(BenchSettings.STREAM_WINDOW)
                .maxOpenPeerInitiatedBidirectionalStreams(BenchSettings.MAX_STREAMS)
                .maxOpenPeerInitiatedUnidirectionalStreams(BenchSettings.MAX_STREAMS)
                .retryRequired(false)
                .build();
        ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "kwik-bench-server");
            thread.setDaemon(true);
            return thread;
        });
        SentPacketTally<QuicConnection> connections = new SentPacketTally<>(c -> c.getStats().packetsSent());
        ServerConnector connector;
        try (InputStream certificate = Files.newInputStream(settings.certificate());
                InputStream key = Files.newInputStream(settings.privateKey())) {
            connector = ServerConnector.builder().withPort(socket.getLocalPort()).withSocket(socket)
                    .withCertificate(certificate, key).withConfiguration(config).withLogger(new NullLogger()).build();
        }
        connector.registerApplicationProtocol(BenchSettings.ALPN, (protocol, connection) -> {
            connections.opened(connection);
            connection.setConnectionListener(
                    closed -> connections.closed(connection, connection.getStats().packetsSent()));
            return new ApplicationProtocolConnection() {
                @Override
                public void acceptPeerInitiatedStream(QuicStream stream) {
                    workers.submit(() -> serve(stream));
                }
            };
        });
        connector.start();
        return new Server() {
            @Override
            public int port() {
                return socket.getLocalPort();
            }

            @Override
            public long packetsSent() {
                return connections.total();
            }

            @Override
            public void close() {
                connector.close();
                workers.shutdownNow();
            }
        };
    }

    private static void serve(QuicStream stream) {
        try (InputStream in = stream.getInputStream(); OutputStream out = stream.getOutputStream()) {
            int operation = in.read();
            if (operation == Payload.UPLOAD) {
                byte[] buffer = new byte[65_536];
                long received = 0;
                boolean matched = true;
                for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
                    matched &= Payload.matches(buffer, 0, read, received);
                    received += read;
                }
                out.write(Payload.uploadReply(received, matched).array());
            } else if (operation == Payload.DOWNLOAD) {
                ByteBuffer request = ByteBuffer.wrap(in.readAllBytes());
                long size = request.remaining() == 8 ? request.getLong() : 0;
                for (long position = 0; position < size; ) {
                    int length = (int) Math.min(WRITE, size - position);
                    out.write(Payload.array(), Payload.arrayOffset(position), length);
                    position += length;
                }
            } else if (operation == Payload.ECHO) {
                byte[] rest = in.readAllBytes();
                out.write(operation);
                out.write(rest);
            }
        } catch (IOException | RuntimeException broken) {
            // The client's check reports a broken response; the cause goes to the server's log.
            broken.printStackTrace();
        }
    }

    @Override
    public Client client(BenchSettings settings, int port) {
        return new KwikClient(settings, port);
    }

    private static final class KwikClient implements Client {
        private final BenchSettings settings;
        private final int port;
        private final AtomicLong packets = new AtomicLong();

        KwikClient(BenchSettings settings, int port) {
            this.settings = settings;
            this.port = port;
        }

        private QuicClientConnection connect() throws IOException {
            QuicClientConnection connection = QuicClientConnection.newBuilder()
                    .uri(URI.create("https://localhost:" + port)).preferIPv4()
                    .applicationProtocol(BenchSettings.ALPN)
                    .noServerCertificateCheck()
                    .maxIdleTimeout(Duration.ofSeconds(BenchSettings.IDLE_TIMEOUT_SECONDS))
                    .connectTimeout(Duration.ofSeconds(30))
                    .defaultStreamReceiveBufferSize(BenchSettings.STREAM_WINDOW)
                    .maxOpenPeerInitiatedBidirectionalStreams(BenchSettings.MAX_STREAMS)
                    .socketFactory(address -> socket(null, 0, settings.socketBufferBytes()))
                    .logger(new NullLogger())
                    .build();
            connection.connect();
            return connection;
        }

        private void finish(QuicClientConnection connection) {
            packets.addAndGet(connection.getStats().packetsSent());
            connection.close();
        }

        @Override
        public void upload(long bytes) throws Exception {
            QuicClientConnection connection = connect();
            QuicStream stream = connection.createStream(true);
            try (OutputStream out = stream.getOutputStream()) {
                out.write(Payload.UPLOAD);
                for (long position = 0; position < bytes; ) {
                    int length = (int) Math.min(WRITE, bytes - position);
                    out.write(Payload.array(), Payload.arrayOffset(position), length);
                    position += length;
                }
            }
            try (InputStream in = stream.getInputStream()) {
                Payload.checkUploadReply(ByteBuffer.wrap(in.readAllBytes()), bytes);
            }
            finish(connection);
        }

        @Override
        public void download(long bytes) throws Exception {
            QuicClientConnection connection = connect();
            QuicStream stream = connection.createStream(true);
            try (OutputStream out = stream.getOutputStream()) {
                out.write(Payload.downloadRequest(bytes).array());
            }
            long position = 0;
            boolean matched = true;
            byte[] buffer = new byte[65_536];
            try (InputStream in = stream.getInputStream()) {
                for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
                    matched &= position + read <= bytes && Payload.matches(buffer, 0, read, position);
                    position += read;
                }
            }
            if (!matched || position != bytes) {
                throw new IllegalStateException("downloaded " + position + " of " + bytes + " bytes, "
                        + (matched ? "all matching" : "some NOT matching"));
            }
            finish(connection);
        }

        private static void echo(QuicConnection connection, int n) throws IOException {
            byte[] request = Payload.echoRequest(n);
            QuicStream stream = connection.createStream(true);
            try (OutputStream out = stream.getOutputStream()) {
                out.write(request);
            }
            byte[] response;
            try (InputStream in = stream.getInputStream()) {
                response = in.readAllBytes();
            }
            if (!Arrays.equals(request, response)) {
                throw new IllegalStateException("echo response " + n + " differs (" + response.length + " bytes)");
            }
        }

        /** Runs {@code task(n)} for n in [0, count) on {@code parallel} threads. */
        private static void parallel(int count, int parallel, IndexedTask task) throws Exception {
            AtomicInteger next = new AtomicInteger();
            ExecutorService workers = Executors.newFixedThreadPool(parallel);
            try {
                Future<?>[] results = new Future<?>[parallel];
                for (int w = 0; w < parallel; w++) {
                    results[w] = workers.submit(() -> {
                        for (int n = next.getAndIncrement(); n < count; n = next.getAndIncrement()) {
                            task.run(n);
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

        private interface IndexedTask {
            void run(int n) throws Exception;
        }

        @Override
        public void requests(int count, int inFlight) throws Exception {
            QuicClientConnection connection = connect();
            parallel(count, inFlight, n -> echo(connection, n));
            finish(connection);
        }

        @Override
        public void connections(int count, int parallel) throws Exception {
            parallel(count, parallel, n -> {
                QuicClientConnection connection = connect();
                echo(connection, n);
                finish(connection);
            });
        }

        @Override
        public long packetsSent() {
            return packets.get();
        }

        @Override
        public void close() {
        }
    }
}
