package dev.jquic;

import static dev.jquic.Loopback.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A writer far faster than its reader sees false and onDrain; memory stays bounded. */
@Timeout(60)
class BackpressureTest {

    @Test
    void aFastWriterGetsFalseThenOnDrainAndTheHeapStaysBounded() throws Exception {
        long total = 48L << 20;
        int highWaterMark = 256 << 10;
        CompletableFuture<Long> readByServer = new CompletableFuture<>();
        QuicHandler slowReader = new QuicHandler() {
            @Override
            public void onStream(QuicStream stream) {
                InputStream in = stream.inputStream();
                Thread reader = new Thread(() -> {
                    long count = 0;
                    byte[] buffer = new byte[4096];
                    try {
                        int read;
                        while ((read = in.read(buffer)) >= 0) {
                            count += read;
                        }
                        readByServer.complete(count);
                    } catch (Exception failure) {
                        readByServer.completeExceptionally(failure);
                    }
                }, "slow-reader");
                reader.setDaemon(true);
                reader.start();
            }
        };
        Semaphore drained = new Semaphore(0);
        AtomicInteger drains = new AtomicInteger();
        QuicHandler writerSide = new QuicHandler() {
            @Override
            public void onDrain(QuicStream stream) {
                drains.incrementAndGet();
                drained.release();
            }
        };
        Runtime memory = Runtime.getRuntime();
        try (QuicServer server = Quic.server().alpn("bp").handler(slowReader).listen();
                QuicClient client = Quic.client().alpn("bp").tls(TlsOptions.insecure())
                        .streamHighWaterMark(highWaterMark).handler(writerSide).build()) {
            QuicConnection connection = await(client.connect("127.0.0.1", server.port()));
            QuicStream stream = await(connection.openUniStream());
            byte[] chunk = new byte[64 << 10];
            long written = 0;
            int refusals = 0;
            long heapAfterFirstQuarter = 0;
            long maxHeapGrowth = 0;
            while (written < total) {
                boolean below = stream.write(ByteBuffer.wrap(chunk));
                written += chunk.length;
                if (written == total / 4) {
                    System.gc();
                    heapAfterFirstQuarter = memory.totalMemory() - memory.freeMemory();
                }
                if (!below) {
                    refusals++;
                    assertTrue(drained.tryAcquire(20, TimeUnit.SECONDS), "onDrain after a refusal");
                }
            }
            System.gc();
            long heapAtEnd = memory.totalMemory() - memory.freeMemory();
            maxHeapGrowth = heapAtEnd - heapAfterFirstQuarter;
            stream.finish();
            assertEquals(total, readByServer.get(30, TimeUnit.SECONDS));
            System.out.printf("backpressure: %d refusals, %d onDrain, heap growth over 36 MiB written %d KiB%n",
                    refusals, drains.get(), maxHeapGrowth >> 10);
            assertTrue(refusals > 0, "write returned false at the high-water mark");
            assertTrue(drains.get() >= refusals, "onDrain followed every refusal");
            assertTrue(maxHeapGrowth < 16L << 20, "heap grew by " + (maxHeapGrowth >> 10) + " KiB");
        }
    }
}
