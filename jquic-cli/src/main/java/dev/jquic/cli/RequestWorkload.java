package dev.jquic.cli;

import dev.jquic.QuicConnection;
import dev.jquic.QuicStream;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code total} requests on one connection, {@code parallel} in flight: each opens a new
 * bidirectional stream, sends 64 bytes, finishes, and waits for the server's 64 bytes and FIN.
 * Latency: from asking for the stream to the response's FIN.
 */
final class RequestWorkload extends PerfWorkload {

    private final QuicConnection connection;
    private final PerfClientHandler handler;
    private final long total;
    private final int parallel;
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();

    RequestWorkload(QuicConnection connection, PerfClientHandler handler, long total, int parallel) {
        this.connection = connection;
        this.handler = handler;
        this.total = total;
        this.parallel = parallel;
    }

    @Override
    void start() {
        for (int i = 0; i < parallel; i++) {
            startNext();
        }
    }

    /** Starts one more request unless all have been started or the run has ended. */
    private void startNext() {
        if (done().isDone() || started.incrementAndGet() > total) {
            return;
        }
        long startNanos = System.nanoTime();
        connection.openStream().whenComplete((stream, failure) -> {
            if (failure != null) {
                fail("cannot open a stream", failure);
                return;
            }
            handler.listen(stream, new Response(startNanos));
            stream.write(PerfProtocol.request(PerfProtocol.REQUEST_BYTES));
            stream.finish();
        });
    }

    /** One response: exactly 64 bytes, then FIN. */
    private final class Response implements PerfClientHandler.StreamListener {
        private final long startNanos;
        private int received;

        Response(long startNanos) {
            this.startNanos = startNanos;
        }

        @Override
        public void onData(QuicStream stream, ByteBuffer data, boolean fin) {
            received += data.remaining();
            if (!fin) {
                return;
            }
            if (received != PerfProtocol.REQUEST_BYTES) {
                fail("request on stream " + stream.id() + ": " + received + " bytes came back, not "
                        + PerfProtocol.REQUEST_BYTES);
                return;
            }
            recordLatency(startNanos);
            if (completed.incrementAndGet() == total) {
                complete();
            } else {
                startNext();
            }
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
