package dev.jquic;

import static dev.jquic.Loopback.await;
import static dev.jquic.Loopback.patternAt;
import static dev.jquic.Loopback.patternChunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link QuicStream#writeSome}: the partial write. On the loop it takes what the connection's send
 * buffer holds and {@code onDrain} continues; elsewhere it takes what fits below the high-water
 * mark; it refuses (-1) once the stream cannot send, and throws where {@code write} throws.
 */
@Timeout(60)
class WriteSomeTest {

    private static final int CHUNK = 64 << 10;
    private static final QuicHandler NOTHING = new QuicHandler() { };

    /** Counts the bytes of one stream, checking each against the pattern; completes at FIN. */
    private static final class PatternChecker {
        private long received;
        private long firstMismatch = -1;
        final CompletableFuture<Long> done = new CompletableFuture<>();

        void onData(ByteBuffer data, boolean fin) {
            while (data.hasRemaining()) {
                if (data.get() != patternAt(received) && firstMismatch < 0) {
                    firstMismatch = received;
                }
                received++;
            }
            if (fin) {
                if (firstMismatch >= 0) {
                    done.completeExceptionally(new AssertionError("byte " + firstMismatch + " differs"));
                } else {
                    done.complete(received);
                }
            }
        }
    }

    /** The server sends {@code total} pattern bytes with writeSome on the loop thread, continuing in onDrain. */
    private static final class LoopSender implements QuicHandler {
        private final long total;
        private long sent;
        final AtomicInteger shortTakes = new AtomicInteger();
        final AtomicInteger drains = new AtomicInteger();
        final AtomicLong largestPumpBytes = new AtomicLong();
        final CompletableFuture<Void> failed = new CompletableFuture<>();

        LoopSender(long total) {
            this.total = total;
        }

        @Override
        public void onData(QuicStream stream, ByteBuffer data, boolean fin) {
            data.position(data.limit());
            if (fin) {
                pump(stream);   // the request ended: send the response
            }
        }

        @Override
        public void onDrain(QuicStream stream) {
            drains.incrementAndGet();
            pump(stream);
        }

        private void pump(QuicStream stream) {
            long before = sent;
            try {
                while (sent < total) {
                    int length = (int) Math.min(CHUNK, total - sent);
                    ByteBuffer chunk = patternChunk(sent, length);
                    int taken = stream.writeSome(chunk);
                    if (taken < 0) {
                        failed.completeExceptionally(new AssertionError("writeSome refused an open stream"));
                        return;
                    }
                    if (chunk.remaining() != length - taken) {
                        failed.completeExceptionally(new AssertionError("position moved by " + (length
                                - chunk.remaining()) + ", but " + taken + " bytes were reported taken"));
                        return;
                    }
                    sent += taken;
                    if (taken < length) {
                        shortTakes.incrementAndGet();
                        return;
                    }
                }
                stream.finish();
            } finally {
                largestPumpBytes.accumulateAndGet(sent - before, Math::max);
            }
        }
    }

    @Test
    void onTheLoopItTakesWhatTheSendBufferHoldsAndOnDrainContinues() throws Exception {
        long total = 24L << 20;
        LoopSender sender = new LoopSender(total);
        PatternChecker checker = new PatternChecker();
        QuicHandler reader = new QuicHandler() {
            @Override
            public void onData(QuicStream stream, ByteBuffer data, boolean fin) {
                checker.onData(data, fin);
            }
        };
        try (QuicServer server = Quic.server().alpn("some").handler(sender).listen();
                QuicClient client = Quic.client().alpn("some").tls(TlsOptions.insecure()).handler(reader).build()) {
            QuicConnection connection = await(client.connect("127.0.0.1", server.port()));
            QuicStream stream = await(connection.openStream());
            stream.write(ByteBuffer.wrap(new byte[] {1}));
            stream.finish();
            long received = CompletableFuture.anyOf(checker.done, sender.failed).thenApply(r -> (Long) r)
                    .get(40, TimeUnit.SECONDS);
            assertEquals(total, received);
            assertTrue(sender.shortTakes.get() > 0, "the send buffer filled at least once");
            assertTrue(sender.drains.get() >= sender.shortTakes.get(),
                    sender.drains + " onDrain calls for " + sender.shortTakes + " short takes");
            // Nothing is queued aside: one call never takes more than the core's send buffer holds.
            assertTrue(sender.largestPumpBytes.get() < total / 2,
                    "one pump took " + sender.largestPumpBytes + " of " + total + " bytes");
        }
    }

    @Test
    void offTheLoopItTakesWhatFitsBelowTheHighWaterMark() throws Exception {
        int highWaterMark = 128 << 10;
        long total = 8L << 20;
        PatternChecker checker = new PatternChecker();
        QuicHandler collector = new QuicHandler() {
            @Override
            public void onData(QuicStream stream, ByteBuffer data, boolean fin) {
                checker.onData(data, fin);
            }
        };
        Semaphore drained = new Semaphore(0);
        QuicHandler writerSide = new QuicHandler() {
            @Override
            public void onDrain(QuicStream stream) {
                drained.release();
            }
        };
        try (QuicServer server = Quic.server().alpn("some").handler(collector).listen();
                QuicClient client = Quic.client().alpn("some").tls(TlsOptions.insecure())
                        .streamHighWaterMark(highWaterMark).handler(writerSide).build()) {
            QuicConnection connection = await(client.connect("127.0.0.1", server.port()));
            QuicStream stream = await(connection.openUniStream());
            ByteBuffer first = patternChunk(0, 4 * highWaterMark);
            assertEquals(highWaterMark, stream.writeSome(first), "an empty queue takes up to the mark");
            assertEquals(highWaterMark, first.position());
            long sent = highWaterMark;
            int zeroTakes = 0;
            // Bounded: each pass takes bytes or waits (at most 20 s) for onDrain.
            for (int pass = 0; sent < total && pass < 100_000; pass++) {
                int length = (int) Math.min(CHUNK, total - sent);
                int taken = stream.writeSome(patternChunk(sent, length));
                assertTrue(taken >= 0 && taken <= Math.min(length, highWaterMark), "took " + taken);
                sent += taken;
                if (taken < length) {
                    if (taken == 0) {
                        zeroTakes++;
                    }
                    assertTrue(drained.tryAcquire(20, TimeUnit.SECONDS), "onDrain after a short take");
                }
            }
            assertEquals(total, sent);
            stream.finish();
            assertEquals(total, checker.done.get(40, TimeUnit.SECONDS));
            System.out.printf("writeSome off the loop: %d zero takes%n", zeroTakes);
        }
    }

    @Test
    void afterAResetItRefusesAndTakesNothing() throws Exception {
        CompletableFuture<Long> resetSeen = new CompletableFuture<>();
        QuicHandler serverSide = new QuicHandler() {
            @Override
            public void onStreamReset(QuicStream stream, long errorCode) {
                resetSeen.complete(errorCode);
            }
        };
        try (QuicServer server = Quic.server().alpn("some").handler(serverSide).listen();
                QuicClient client = Quic.client().alpn("some").tls(TlsOptions.insecure()).handler(NOTHING).build()) {
            QuicConnection connection = await(client.connect("127.0.0.1", server.port()));
            QuicStream stream = await(connection.openUniStream());
            assertEquals(3, stream.writeSome(ByteBuffer.wrap(new byte[] {1, 2, 3})));
            stream.reset(7);
            assertEquals(7L, await(resetSeen));   // the reset left this side before the peer saw it
            ByteBuffer late = ByteBuffer.wrap(new byte[] {4, 5});
            assertEquals(-1, stream.writeSome(late));
            assertEquals(0, late.position(), "nothing taken");
        }
    }

    @Test
    void afterTheConnectionClosedItRefuses() throws Exception {
        try (QuicServer server = Quic.server().alpn("some").handler(NOTHING).listen();
                QuicClient client = Quic.client().alpn("some").tls(TlsOptions.insecure()).handler(NOTHING).build()) {
            QuicConnection connection = await(client.connect("127.0.0.1", server.port()));
            QuicStream stream = await(connection.openStream());
            await(connection.close());
            await(connection.closeFuture());
            assertEquals(-1, stream.writeSome(ByteBuffer.wrap(new byte[] {1})));
        }
    }

    @Test
    void afterFinishAndOnAReceiveOnlyStreamItThrows() throws Exception {
        CompletableFuture<Throwable> receiveOnlyFailure = new CompletableFuture<>();
        QuicHandler serverSide = new QuicHandler() {
            @Override
            public void onStream(QuicStream stream) {
                try {
                    stream.writeSome(ByteBuffer.wrap(new byte[] {1}));
                    receiveOnlyFailure.complete(null);
                } catch (Throwable expected) {
                    receiveOnlyFailure.complete(expected);
                }
            }
        };
        try (QuicServer server = Quic.server().alpn("some").handler(serverSide).listen();
                QuicClient client = Quic.client().alpn("some").tls(TlsOptions.insecure()).handler(NOTHING).build()) {
            QuicConnection connection = await(client.connect("127.0.0.1", server.port()));
            QuicStream stream = await(connection.openUniStream());
            stream.writeSome(ByteBuffer.wrap(new byte[] {9}));
            stream.finish();
            IllegalStateException finished = assertThrows(IllegalStateException.class,
                    () -> stream.writeSome(ByteBuffer.wrap(new byte[] {1})));
            assertTrue(finished.getMessage().contains("finished"), finished.getMessage());
            Throwable receiveOnly = await(receiveOnlyFailure);
            assertInstanceOf(IllegalStateException.class, receiveOnly);
            assertTrue(receiveOnly.getMessage().contains("receive-only"), receiveOnly.getMessage());
        }
    }
}
