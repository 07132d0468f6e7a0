package dev.jquic;

import static dev.jquic.Loopback.await;
import static dev.jquic.Loopback.patternAt;
import static dev.jquic.Loopback.patternChunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bytes leave in the order they were written when an application thread starts a stream and
 * {@code onDrain} (on the loop thread) continues it: the loop's writes must not overtake bytes of
 * the application thread still on their way through the loop's command queue.
 */
@Timeout(60)
class WriteOrderTest {

    private static final int TOTAL = 8 << 20;
    private static final int CHUNK = 16 << 10;

    /** Which written offset the bytes found at {@code position} came from, if any. */
    private static String describe(byte[] bytes, int position) {
        int start = position / CHUNK * CHUNK;
        for (long offset = 0; offset < TOTAL; offset += CHUNK) {
            boolean match = true;
            for (int i = 0; i < 64 && start + i < bytes.length; i++) {
                if (bytes[start + i] != patternAt(offset + i)) {
                    match = false;
                    break;
                }
            }
            if (match) {
                return "the chunk at " + start + " holds the bytes written at offset " + offset;
            }
        }
        return "the chunk at " + start + " matches no written chunk";
    }

    @Test
    void writesFromTheApplicationThreadAndFromOnDrainArriveInOrder() throws Exception {
        CompletableFuture<byte[]> received = new CompletableFuture<>();
        QuicHandler collector = new QuicHandler() {
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

            @Override
            public void onData(QuicStream stream, ByteBuffer data, boolean fin) {
                byte[] chunk = new byte[data.remaining()];
                data.get(chunk);
                bytes.writeBytes(chunk);
                if (fin) {
                    received.complete(bytes.toByteArray());
                }
            }
        };
        AtomicLong written = new AtomicLong();
        QuicHandler writer = new QuicHandler() {
            @Override
            public void onDrain(QuicStream stream) {
                // On the loop thread: continue where the application thread stopped.
                while (written.get() < TOTAL) {
                    if (!stream.write(patternChunk(written.getAndAdd(CHUNK), CHUNK))) {
                        return;
                    }
                }
                stream.finish();
            }
        };
        try (QuicServer server = Quic.server().alpn("order").handler(collector).listen();
                QuicClient client = Quic.client().alpn("order").tls(TlsOptions.insecure())
                        .streamHighWaterMark(64 << 10).handler(writer).build()) {
            QuicConnection connection = await(client.connect("127.0.0.1", server.port()));
            QuicStream stream = await(connection.openUniStream());
            int refusedAfter = -1;
            // The application thread writes until the first refusal; onDrain takes over.
            // The offset is taken before each write: onDrain may run as soon as one is refused.
            for (int i = 0; i < TOTAL / CHUNK; i++) {
                if (!stream.write(patternChunk(written.getAndAdd(CHUNK), CHUNK))) {
                    refusedAfter = i;
                    break;
                }
            }
            assertTrue(refusedAfter >= 0, "the application thread was refused at the high-water mark");
            byte[] bytes = received.get(40, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(TOTAL, bytes.length);
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] != patternAt(i)) {
                    throw new AssertionError("byte " + i + " out of order: " + describe(bytes, i));
                }
            }
        }
    }
}
