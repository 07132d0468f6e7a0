package dev.jquic;

import static dev.jquic.Loopback.await;
import static dev.jquic.Loopback.payload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Echo through the public API over real UDP on loopback (IPv4 and IPv6). */
@Timeout(60)
class EchoTest {

    @ParameterizedTest(name = "{0}: {1} streams of {2} bytes")
    @CsvSource({"127.0.0.1, 1, 65536", "::1, 1, 65536", "127.0.0.1, 10, 65536", "::1, 10, 65536",
            "127.0.0.1, 200, 65536"})
    void echoesEveryStreamByteExact(String host, int streams, int length) throws Exception {
        Loopback.EchoHandler echo = new Loopback.EchoHandler();
        Loopback.Collector collector = new Loopback.Collector();
        try (QuicServer server = Loopback.echoServer(host, echo);
                QuicClient client = Quic.client().alpn("echo").tls(TlsOptions.insecure()).handler(collector)
                        .build()) {
            QuicConnection connection = await(client.connect(host, server.port()));
            assertEquals(QuicConnection.State.OPEN, connection.state());
            assertEquals("echo", connection.alpn());
            assertFalse(connection.isServer());
            List<CompletableFuture<byte[]>> results = new ArrayList<>();
            List<byte[]> sent = new ArrayList<>();
            List<CompletableFuture<QuicStream>> opened = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                opened.add(connection.openStream());
            }
            for (int i = 0; i < streams; i++) {
                QuicStream stream = await(opened.get(i));
                byte[] bytes = payload(length, i);
                sent.add(bytes);
                results.add(collector.result(stream));
                stream.write(ByteBuffer.wrap(bytes));
                stream.finish();
            }
            for (int i = 0; i < streams; i++) {
                assertArrayEquals(sent.get(i), await(results.get(i)), "stream " + i);
            }
            QuicStats stats = connection.stats();
            assertTrue(stats.bytesReceived() >= (long) streams * length, "bytes received " + stats.bytesReceived());
            assertEquals(streams, stats.streamsOpenedLocally());
            assertNotNull(stats.handshakeDuration());
            assertTrue(echo.errors.isEmpty(), echo.errors.toString());
            assertTrue(collector.errors.isEmpty(), collector.errors.toString());
            await(connection.close());
            assertEquals(QuicConnection.State.CLOSED, connection.state());
        }
    }

    @Test
    void echoesHundredMebibytesThroughTheBlockingOutputStream() throws Exception {
        int length = 100 << 20;
        byte[] bytes = payload(length, 3);
        Loopback.Collector collector = new Loopback.Collector();
        try (QuicServer server = Loopback.echoServer("127.0.0.1", new Loopback.EchoHandler());
                QuicClient client = Quic.client().alpn("echo").tls(TlsOptions.insecure()).handler(collector)
                        .build()) {
            QuicConnection connection = await(client.connect("127.0.0.1", server.port()));
            QuicStream stream = await(connection.openStream());
            CompletableFuture<byte[]> echoed = collector.result(stream);
            long start = System.nanoTime();
            java.time.Duration cpuBefore = ProcessHandle.current().info().totalCpuDuration().orElse(null);
            try (OutputStream out = stream.outputStream()) {
                for (int offset = 0; offset < length; offset += 64 << 10) {
                    out.write(bytes, offset, Math.min(64 << 10, length - offset));
                }
            }
            byte[] back = await(echoed);
            long millis = (System.nanoTime() - start) / 1_000_000;
            java.time.Duration cpuAfter = ProcessHandle.current().info().totalCpuDuration().orElse(null);
            System.out.printf("100 MiB echoed (200 MiB over loopback) in %d ms (process CPU %s ms); %s%n", millis,
                    cpuBefore == null || cpuAfter == null ? "?" : cpuAfter.minus(cpuBefore).toMillis(),
                    connection.stats());
            assertArrayEquals(bytes, back);
        }
    }
}
