package dev.jquic.cli;

import dev.jquic.QuicClient;
import dev.jquic.QuicConnection;
import dev.jquic.QuicStream;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code total} connections, {@code parallel} at a time: each connects (a resumed handshake when
 * the client endpoint holds an unused session ticket of this server from an earlier connection,
 * else a full one; tickets are single use, no 0-RTT), sends one 64-byte request,
 * waits for the 64-byte response and closes; the next starts when the close is out. Latency: from
 * connect to the response's FIN.
 */
final class ConnectionWorkload extends PerfWorkload {

    private final QuicClient client;
    private final PerfClientHandler handler;
    private final HostPort server;
    private final long total;
    private final int parallel;
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();

    ConnectionWorkload(QuicClient client, PerfClientHandler handler, HostPort server, long total, int parallel) {
        this.client = client;
        this.handler = handler;
        this.server = server;
        this.total = total;
        this.parallel = parallel;
    }

    @Override
    void start() {
        for (int i = 0; i < parallel; i++) {
            startNext();
        }
    }

    private void startNext() {
        if (done().isDone() || started.incrementAndGet() > total) {
            return;
        }
        long startNanos = System.nanoTime();
        client.connect(server.host(), server.port()).whenComplete((connection, failure) -> {
            if (failure != null) {
                fail("cannot connect to " + server, failure);
                return;
            }
            connection.openStream().whenComplete((stream, streamFailure) -> {
                if (streamFailure != null) {
                    fail("cannot open a stream", streamFailure);
                    return;
                }
                handler.listen(stream, new Response(connection, startNanos));
                stream.write(PerfProtocol.request(PerfProtocol.REQUEST_BYTES));
                stream.finish();
            });
        });
    }

    /** The one response of a connection; then the connection closes and the next one starts. */
    private final class Response implements PerfClientHandler.StreamListener {
        private final QuicConnection connection;
        private final long startNanos;
        private int received;

        Response(QuicConnection connection, long startNanos) {
            this.connection = connection;
            this.startNanos = startNanos;
        }

        @Override
        public void onData(QuicStream stream, ByteBuffer data, boolean fin) {
            received += data.remaining();
            if (!fin) {
                return;
            }
            if (received != PerfProtocol.REQUEST_BYTES) {
                fail("connection to " + server + ": " + received + " bytes came back, not " + PerfProtocol.REQUEST_BYTES);
                return;
            }
            recordLatency(startNanos);
            transport.add(connection.stats());
            // Next when CONNECTION_CLOSE is out (onClose), not after the RFC 9000 §10.2 closing period.
            connection.close();
            connection.closeFuture().whenComplete((closed, ignored) -> {
                if (completed.incrementAndGet() == total) {
                    complete();
                } else {
                    startNext();
                }
            });
        }

        @Override
        public void onFailure(QuicStream stream, String problem) {
            fail(problem);
        }
    }

    @Override
    long progress() {
        return completed.get();
    }

    @Override
    boolean countsBytes() {
        return false;
    }
}
