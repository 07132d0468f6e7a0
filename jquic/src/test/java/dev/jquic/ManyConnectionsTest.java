package dev.jquic;

import static dev.jquic.Loopback.await;
import static dev.jquic.Loopback.payload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many clients on one server; streams opened by the server. */
@Timeout(60)
class ManyConnectionsTest {

    @Test
    void hundredClientsEchoAtOnceWithoutCrossTalk() throws Exception {
        int clients = 100;
        int streamsPerClient = 3;
        CountDownLatch connected = new CountDownLatch(clients);
        Loopback.EchoHandler echo = new Loopback.EchoHandler() {
            @Override
            public void onConnection(QuicConnection connection) {
                connected.countDown();
            }
        };
        try (QuicServer server = Loopback.echoServer("127.0.0.1", echo)) {
            List<QuicClient> endpoints = new ArrayList<>();
            List<Loopback.Collector> collectors = new ArrayList<>();
            List<CompletableFuture<QuicConnection>> connections = new ArrayList<>();
            try {
                for (int c = 0; c < clients; c++) {
                    Loopback.Collector collector = new Loopback.Collector();
                    QuicClient client = Quic.client().alpn("echo").tls(TlsOptions.insecure()).handler(collector)
                            .build();
                    endpoints.add(client);
                    collectors.add(collector);
                    connections.add(client.connect("127.0.0.1", server.port()));
                }
                long start = System.nanoTime();
                assertTrue(connected.await(20, TimeUnit.SECONDS), "every client reached the server");
                for (CompletableFuture<QuicConnection> connection : connections) {
                    await(connection);
                }
                System.out.printf("%d clients connected in %d ms%n", clients, (System.nanoTime() - start) / 1_000_000);
                List<CompletableFuture<byte[]>> results = new ArrayList<>();
                List<byte[]> sent = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    QuicConnection connection = await(connections.get(c));
                    for (int s = 0; s < streamsPerClient; s++) {
                        QuicStream stream = await(connection.openStream());
                        byte[] bytes = payload(8_192 + c * 100 + s, c * streamsPerClient + s);
                        sent.add(bytes);
                        results.add(collectors.get(c).result(stream));
                        stream.write(ByteBuffer.wrap(bytes));
                        stream.finish();
                    }
                }
                assertEquals(clients, server.connectionCount());
                for (int i = 0; i < results.size(); i++) {
                    assertArrayEquals(sent.get(i), await(results.get(i)), "client " + i / streamsPerClient);
                }
                for (Loopback.Collector collector : collectors) {
                    assertEquals(streamsPerClient, collector.received.size(), "only its own streams");
                }
                assertTrue(echo.errors.isEmpty(), echo.errors.toString());
                System.out.printf("%d clients echoed after %d ms%n", clients, (System.nanoTime() - start) / 1_000_000);
            } finally {
                endpoints.forEach(QuicClient::close);
            }
        }
    }

    @Test
    void theServerOpensBidirectionalAndUnidirectionalStreams() throws Exception {
        CompletableFuture<String> replyToServer = new CompletableFuture<>();
        Loopback.Collector serverSide = new Loopback.Collector() {
            @Override
            public void onOpen(QuicConnection connection) {
                connection.openStream().thenAccept(stream -> {
                    result(stream).thenAccept(bytes -> replyToServer.complete(
                            new String(bytes, StandardCharsets.US_ASCII)));
                    stream.write(ByteBuffer.wrap("bidi from server".getBytes(StandardCharsets.US_ASCII)));
                    stream.finish();
                });
                connection.openUniStream().thenAccept(stream -> {
                    stream.write(ByteBuffer.wrap("uni from server".getBytes(StandardCharsets.US_ASCII)));
                    stream.finish();
                });
            }
        };
        CompletableFuture<QuicStream> bidi = new CompletableFuture<>();
        CompletableFuture<QuicStream> uni = new CompletableFuture<>();
        Loopback.Collector clientSide = new Loopback.Collector() {
            @Override
            public void onStream(QuicStream stream) {
                (stream.isBidirectional() ? bidi : uni).complete(stream);
            }

            @Override
            public void onData(QuicStream stream, ByteBuffer data, boolean fin) {
                super.onData(stream, data, fin);
                if (fin && stream.isBidirectional()) {
                    stream.write(ByteBuffer.wrap("reply".getBytes(StandardCharsets.US_ASCII)));
                    stream.finish();
                }
            }
        };
        try (QuicServer server = Quic.server().alpn("echo").handler(serverSide).listen();
                QuicClient client = Quic.client().alpn("echo").tls(TlsOptions.insecure()).handler(clientSide)
                        .build()) {
            await(client.connect("127.0.0.1", server.port()));
            QuicStream bidiStream = await(bidi);
            QuicStream uniStream = await(uni);
            assertFalse(bidiStream.isLocal());
            assertTrue(bidiStream.isBidirectional());
            assertEquals(1, bidiStream.id() & 3, "server-initiated bidirectional ID");
            assertEquals(3, uniStream.id() & 3, "server-initiated unidirectional ID");
            assertEquals("bidi from server", new String(await(clientSide.result(bidiStream)),
                    StandardCharsets.US_ASCII));
            assertEquals("uni from server", new String(await(clientSide.result(uniStream)),
                    StandardCharsets.US_ASCII));
            assertEquals("reply", await(replyToServer));
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> uniStream.write(ByteBuffer.allocate(1)), "a receive-only stream cannot write");
        }
    }

    @Test
    void aServerRequiringRetryStillAcceptsEveryClient() throws Exception {
        try (QuicServer server = Quic.server().alpn("echo").requireRetry(true).handler(new Loopback.EchoHandler())
                .listen()) {
            for (int i = 0; i < 3; i++) {
                Loopback.Collector collector = new Loopback.Collector();
                try (QuicClient client = Quic.client().alpn("echo").tls(TlsOptions.insecure()).handler(collector)
                        .build()) {
                    QuicConnection connection = await(client.connect("127.0.0.1", server.port()));
                    QuicStream stream = await(connection.openStream());
                    CompletableFuture<byte[]> echoed = collector.result(stream);
                    stream.write(ByteBuffer.wrap(payload(3_000, i)));
                    stream.finish();
                    assertArrayEquals(payload(3_000, i), await(echoed));
                }
            }
        }
    }

    @Test
    void oneClientEndpointCarriesAHundredConnectionsToOneServer() throws Exception {
        int count = 100;
        Loopback.Collector collector = new Loopback.Collector();
        try (QuicServer server = Loopback.echoServer("127.0.0.1", new Loopback.EchoHandler());
                QuicClient client = Quic.client().alpn("echo").tls(TlsOptions.insecure()).handler(collector)
                        .build()) {
            long start = System.nanoTime();
            List<CompletableFuture<QuicConnection>> connections = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                connections.add(client.connect("127.0.0.1", server.port()));
            }
            List<CompletableFuture<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                QuicStream stream = await(await(connections.get(i)).openStream());
                results.add(collector.result(stream));
                stream.write(ByteBuffer.wrap(payload(1_000 + i, i)));
                stream.finish();
            }
            for (int i = 0; i < count; i++) {
                assertArrayEquals(payload(1_000 + i, i), await(results.get(i)), "connection " + i);
            }
            assertEquals(count, server.connectionCount());
            System.out.printf("%d connections on one client socket echoed in %d ms%n", count,
                    (System.nanoTime() - start) / 1_000_000);
        }
    }
}
