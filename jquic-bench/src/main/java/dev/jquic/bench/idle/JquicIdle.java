package dev.jquic.bench.idle;

import dev.jquic.Quic;
import dev.jquic.QuicClient;
import dev.jquic.QuicConnection;
import dev.jquic.QuicHandler;
import dev.jquic.QuicServer;
import dev.jquic.QuicStream;
import dev.jquic.TlsOptions;
import dev.jquic.bench.e2e.BenchSettings;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** jquic through its public API, with the e2e harness's settings (ALPN, windows, streams). */
final class JquicIdle implements IdleStack {

    /** Connections per client endpoint (socket, event loop); the server's per-address limit is raised. */
    static final int CONNECTIONS_PER_ENDPOINT = 500;

    @Override
    public Server listen(Path certificate, Path privateKey, int maxConnections) {
        AtomicLong echoed = new AtomicLong();
        QuicServer server = Quic.server().host("127.0.0.1").port(0).alpn(BenchSettings.ALPN)
                .tls(TlsOptions.pem(certificate, privateKey))
                .maxIncomingStreams(BenchSettings.MAX_STREAMS)
                .flowControl(BenchSettings.CONNECTION_WINDOW, BenchSettings.STREAM_WINDOW)
                .idleTimeout(Duration.ofSeconds(IDLE_TIMEOUT_SECONDS))
                .maxConnections(maxConnections)
                .maxConnectionsPerAddress(maxConnections) // every client is on 127.0.0.1
                .handler(new QuicHandler() {
                    @Override
                    public void onData(QuicStream stream, ByteBuffer data, boolean fin) {
                        if (data.hasRemaining()) {
                            stream.write(ByteBuffer.allocate(data.remaining()).put(data).flip());
                            echoed.incrementAndGet();
                        }
                        if (fin) {
                            stream.finish();
                        }
                    }
                })
                .listen();
        return new Server() {
            @Override
            public int port() {
                return server.port();
            }

            @Override
            public int connectionCount() {
                return server.connectionCount();
            }

            @Override
            public long echoedStreams() {
                return echoed.get();
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }

    @Override
    public Client client(int port) {
        Map<QuicStream, Exchange> exchanges = new ConcurrentHashMap<>();
        QuicHandler handler = new QuicHandler() {
            @Override
            public void onData(QuicStream stream, ByteBuffer data, boolean fin) {
                Exchange exchange = exchanges.get(stream);
                if (exchange != null && exchange.onData(data, fin)) {
                    exchanges.remove(stream);
                }
            }
        };
        // One client endpoint (socket, event loop) per CONNECTIONS_PER_ENDPOINT connections, as
        // when these figures were first measured; the server above admits them all from 127.0.0.1
        // through maxConnectionsPerAddress.
        Map<Integer, QuicClient> endpoints = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        return new Client() {
            @Override
            public CompletableFuture<Object> open(boolean keepStreamOpen) {
                int n = next.getAndIncrement();
                byte[] request = IdleStack.request(n);
                QuicClient client = endpoints.computeIfAbsent(n / CONNECTIONS_PER_ENDPOINT, index -> Quic.client()
                        .alpn(BenchSettings.ALPN).tls(TlsOptions.insecure())
                        .maxIncomingStreams(BenchSettings.MAX_STREAMS)
                        .flowControl(BenchSettings.CONNECTION_WINDOW, BenchSettings.STREAM_WINDOW)
                        .idleTimeout(Duration.ofSeconds(IDLE_TIMEOUT_SECONDS))
                        .handler(handler)
                        .build());
                return client.connect("127.0.0.1", port)
                        .thenCompose(connection -> connection.openStream().thenCompose(stream -> {
                            Exchange exchange = new Exchange(request, keepStreamOpen);
                            exchanges.put(stream, exchange);
                            stream.write(ByteBuffer.wrap(request));
                            if (!keepStreamOpen) {
                                stream.finish();
                            }
                            return exchange.done;
                        }).thenApply(echoed -> connection));
            }

            @Override
            public CompletableFuture<?> close(Object connection) {
                return ((QuicConnection) connection).close();
            }

            @Override
            public void close() {
                endpoints.values().forEach(QuicClient::close);
            }
        };
    }

    /** The client's view of one echo: complete when the 64 bytes (and FIN, unless kept open) came back. */
    private static final class Exchange {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final byte[] request;
        private final boolean keepStreamOpen;
        private final ByteBuffer response = ByteBuffer.allocate(REQUEST_BYTES + 1);

        Exchange(byte[] request, boolean keepStreamOpen) {
            this.request = request;
            this.keepStreamOpen = keepStreamOpen;
        }

        /** Returns true once the exchange is over. */
        synchronized boolean onData(ByteBuffer data, boolean fin) {
            if (data.remaining() > response.remaining()) {
                done.completeExceptionally(new IllegalStateException("echo longer than the request"));
                return true;
            }
            response.put(data);
            boolean complete = response.position() == REQUEST_BYTES && (fin || keepStreamOpen);
            if (complete || fin) {
                if (Arrays.equals(Arrays.copyOf(response.array(), response.position()), request)) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(new IllegalStateException("echo differs from the request"));
                }
                return true;
            }
            return false;
        }
    }
}
