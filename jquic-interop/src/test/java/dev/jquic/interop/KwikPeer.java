package dev.jquic.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import tech.kwik.core.QuicClientConnection;
import tech.kwik.core.QuicConnection;
import tech.kwik.core.QuicStream;
import tech.kwik.core.server.ApplicationProtocolConnection;
import tech.kwik.core.server.ServerConnectionConfig;
import tech.kwik.core.server.ServerConnector;

/** Kwik 0.10.3 as the download server or client of the interop cases. */
final class KwikPeer implements AutoCloseable {

    private ServerConnector connector;
    /** Every server started by this peer, closed by {@link #close()}. */
    private final List<ServerConnector> connectors = new ArrayList<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "kwik-peer");
        thread.setDaemon(true);
        return thread;
    });

    /** Starts a download server (RSA certificate: Kwik reads RSA keys only). */
    InetSocketAddress startServer(Path directory, boolean retry, int maxStreams, QuicConnection.QuicVersion... versions)
            throws Exception {
        return startServer(TestCertificates.createRsa(directory), retry, maxStreams, versions);
    }

    /** Starts a download server with {@code certificates} (RSA; its file may hold a chain, leaf first). */
    InetSocketAddress startServer(TestCertificates certificates, boolean retry, int maxStreams,
            QuicConnection.QuicVersion... versions) throws Exception {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setReceiveBufferSize(4 << 20);
        ServerConnectionConfig config = ServerConnectionConfig.builder()
                .maxIdleTimeoutInSeconds(30)
                .maxConnectionBufferSize(64L << 20)
                .maxBidirectionalStreamBufferSize(16L << 20)
                .maxUnidirectionalStreamBufferSize(1L << 20)
                .maxOpenPeerInitiatedBidirectionalStreams(maxStreams)
                .maxOpenPeerInitiatedUnidirectionalStreams(10)
                .retryRequired(retry)
                .build();
        try (InputStream certificate = Files.newInputStream(certificates.certificateFile);
                InputStream key = Files.newInputStream(certificates.privateKeyFile)) {
            ServerConnector.Builder builder = ServerConnector.builder().withPort(socket.getLocalPort())
                    .withSocket(socket).withCertificate(certificate, key)
                    .withLogger(serverLogger()).withConfiguration(config);
            if (versions.length > 0) {
                builder.withSupportedVersions(List.of(versions));
            }
            connector = builder.build();
            connectors.add(connector);
        }
        connector.registerApplicationProtocol("hq-interop", (protocol, connection) ->
                new ApplicationProtocolConnection() {
                    @Override
                    public void acceptPeerInitiatedStream(QuicStream stream) {
                        workers.submit(() -> serve(stream));
                    }
                });
        connector.start();
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }

    /**
     * Kwik's server log, to standard output on request: {@code -Dinterop.kwik.log=true} its
     * warnings and packets, {@code -Dinterop.kwik.cc=true} its congestion window's changes (how
     * the goodput case's sender modes were told apart), with times relative to its start.
     */
    private static tech.kwik.core.log.Logger serverLogger() {
        tech.kwik.core.log.SysOutLogger logger = new tech.kwik.core.log.SysOutLogger();
        logger.logWarning(Boolean.getBoolean("interop.kwik.log"));
        logger.logInfo(false);
        logger.logPackets(Boolean.getBoolean("interop.kwik.log"));
        logger.logCongestionControl(Boolean.getBoolean("interop.kwik.cc"));
        logger.useRelativeTime(true);
        return logger;
    }

    private static void serve(QuicStream stream) {
        try (InputStream in = stream.getInputStream(); OutputStream out = stream.getOutputStream()) {
            long size = Payload.parseRequest(in.readAllBytes());
            long position = 0;
            while (position < size) {
                int offset = Payload.blockOffset(position);
                // Small writes: a Kwik stream's blocking write of more than its send buffer can stall.
                int length = (int) Math.min(Math.min(size - position, Payload.BLOCK.length - offset), 8_192);
                out.write(Payload.BLOCK, offset, length);
                position += length;
            }
        } catch (IOException | RuntimeException broken) {
            // The client's hash check reports a broken response.
        }
    }

    /** A Kwik client builder for {@code server} with the test defaults. */
    static QuicClientConnection.Builder client(InetSocketAddress server) {
        return QuicClientConnection.newBuilder()
                .uri(URI.create("https://localhost:" + server.getPort()))
                .applicationProtocol("hq-interop")
                .noServerCertificateCheck()
                .maxIdleTimeout(Duration.ofSeconds(30))
                .connectTimeout(Duration.ofSeconds(60))
                .defaultStreamReceiveBufferSize(16L << 20)
                .logger(new tech.kwik.core.log.NullLogger());
    }

    /**
     * Connects with {@code builder}, downloads {@code sizes} with {@code parallel} threads, closes.
     *
     * @return the number of files whose hash matched
     */
    int download(QuicClientConnection.Builder builder, int parallel, Consumer<QuicClientConnection> afterConnect,
            long... sizes) throws Exception {
        QuicClientConnection connection = KwikConnectRaces.build(builder);
        connection.connect();
        try {
            afterConnect.accept(connection);
            List<Future<Boolean>> results = new ArrayList<>();
            java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(parallel);
            for (long size : sizes) {
                slots.acquire();
                results.add(workers.submit(() -> {
                    try {
                        return fetch(connection, size);
                    } finally {
                        slots.release();
                    }
                }));
            }
            int verified = 0;
            for (Future<Boolean> result : results) {
                verified += result.get(120, TimeUnit.SECONDS) ? 1 : 0;
            }
            return verified;
        } finally {
            connection.close();
        }
    }

    static boolean fetch(QuicConnection connection, long size) throws IOException {
        QuicStream stream = connection.createStream(true);
        try (OutputStream out = stream.getOutputStream()) {
            out.write(Payload.request(size));
        }
        MessageDigest digest = Payload.digest();
        long received = 0;
        byte[] buffer = new byte[65_536];
        try (InputStream in = stream.getInputStream()) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                digest.update(buffer, 0, read);
                received += read;
            }
        }
        return Payload.matches(size, received, digest);
    }

    @Override
    public void close() {
        for (ServerConnector started : connectors) {
            started.close();
        }
        workers.shutdownNow();
    }
}
