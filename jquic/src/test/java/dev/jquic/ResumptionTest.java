package dev.jquic;

import static dev.jquic.Loopback.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Session resumption and 0-RTT through the client's ticket cache; reconnecting to a restarted server. */
@Timeout(60)
class ResumptionTest {

    private static String echo(QuicConnection connection, Loopback.Collector collector, String text)
            throws Exception {
        QuicStream stream = await(connection.openStream());
        CompletableFuture<byte[]> echoed = collector.result(stream);
        stream.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
        stream.finish();
        return new String(await(echoed), StandardCharsets.US_ASCII);
    }

    /**
     * An echo server that can hold its event loop in {@code onConnection} (called before the loop
     * sends the new connection's first flight) until the test releases it: meanwhile no handshake
     * with it can complete, whatever the threads' timing.
     */
    private static final class HoldingEchoHandler extends Loopback.EchoHandler {
        final AtomicBoolean holdNext = new AtomicBoolean();
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void onConnection(QuicConnection connection) {
            if (holdNext.getAndSet(false)) {
                try {
                    if (!release.await(10, TimeUnit.SECONDS)) {
                        errors.add(new AssertionError("the test did not release the server within 10 s"));
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Test
    void aSecondConnectionSendsZeroRttDataThatTheServerAccepts() throws Exception {
        Loopback.Collector collector = new Loopback.Collector();
        HoldingEchoHandler serverHandler = new HoldingEchoHandler();
        try (QuicServer server = Quic.server().alpn("echo").earlyData(true).handler(serverHandler).listen();
                QuicClient client = Quic.client().alpn("echo").tls(TlsOptions.insecure()).earlyData(true)
                        .handler(collector).build()) {
            QuicConnection first = await(client.connect("127.0.0.1", server.port()));
            assertEquals("one", echo(first, collector, "one"));
            assertFalse(first.stats().zeroRttAccepted());
            first.close();
            long start = System.nanoTime();

            serverHandler.holdNext.set(true);
            QuicConnection second = await(client.connect("127.0.0.1", server.port()));
            CompletableFuture<byte[]> echoed;
            try {
                assertEquals(QuicConnection.State.CONNECTING, second.state(),
                        "with a remembered session the connection is usable before its handshake completes");
                QuicStream stream = await(second.openStream());
                echoed = collector.result(stream);
                stream.write(ByteBuffer.wrap("early bytes".getBytes(StandardCharsets.US_ASCII)));
                stream.finish();
                assertEquals(QuicConnection.State.CONNECTING, second.state(), "written before the handshake completed");
            } finally {
                serverHandler.release.countDown();
            }
            assertEquals("early bytes", new String(await(echoed), StandardCharsets.US_ASCII));
            System.out.printf("0-RTT echo took %d ms%n", (System.nanoTime() - start) / 1_000_000);
            assertTrue(second.stats().zeroRttAccepted(), "0-RTT accepted: " + second.stats());
            assertEquals(List.of(), serverHandler.errors);
        }
    }

    @Test
    void aRestartedServerOnTheSamePortIsReachedAgainByTheSameClient() throws Exception {
        Loopback.Collector collector = new Loopback.Collector();
        try (QuicClient client = Quic.client().alpn("echo").tls(TlsOptions.insecure()).earlyData(true)
                .handler(collector).build()) {
            int port;
            try (QuicServer server = Quic.server().alpn("echo").earlyData(true).handler(new Loopback.EchoHandler())
                    .listen()) {
                port = server.port();
                QuicConnection connection = await(client.connect("127.0.0.1", port));
                assertEquals("before restart", echo(connection, collector, "before restart"));
                // The session ticket arrives after the handshake; the echo round trip waited for it.
            }
            try (QuicServer restarted = Quic.server().port(port).alpn("echo").earlyData(true)
                    .handler(new Loopback.EchoHandler()).listen()) {
                assertEquals(port, restarted.port());
                QuicConnection connection = await(client.connect("127.0.0.1", port));
                // The new server process does not know the old ticket: 0-RTT is rejected, the
                // handshake falls back to a full one and the early bytes are sent again in 1-RTT.
                assertEquals("after restart", echo(connection, collector, "after restart"));
                assertFalse(connection.stats().zeroRttAccepted());
                assertEquals(QuicConnection.State.OPEN, connection.state());
            }
        }
    }

    @Test
    void aRestartedServerSharingTheTicketMemoryResumesTheSessionWithZeroRtt() throws Exception {
        Loopback.Collector collector = new Loopback.Collector();
        SessionTickets tickets = SessionTickets.create();
        try (QuicClient client = Quic.client().alpn("echo").tls(TlsOptions.insecure()).earlyData(true)
                .handler(collector).build()) {
            int port;
            try (QuicServer server = Quic.server().alpn("echo").earlyData(true).sessionTickets(tickets)
                    .handler(new Loopback.EchoHandler()).listen()) {
                port = server.port();
                QuicConnection connection = await(client.connect("127.0.0.1", port));
                assertEquals("before restart", echo(connection, collector, "before restart"));
            }
            assertEquals(1, tickets.size(), "the ticket issued by the first server is remembered");
            try (QuicServer restarted = Quic.server().port(port).alpn("echo").earlyData(true).sessionTickets(tickets)
                    .handler(new Loopback.EchoHandler()).listen()) {
                QuicConnection connection = await(client.connect("127.0.0.1", port));
                assertEquals("after restart", echo(connection, collector, "after restart"));
                assertTrue(connection.stats().zeroRttAccepted(), "0-RTT accepted by the restarted server: "
                        + connection.stats());
            }
        }
    }

    @Test
    void resumptionWithoutEarlyDataWaitsForTheHandshake() throws Exception {
        Loopback.Collector collector = new Loopback.Collector();
        try (QuicServer server = Quic.server().alpn("echo").handler(new Loopback.EchoHandler()).listen();
                QuicClient client = Quic.client().alpn("echo").tls(TlsOptions.insecure()).handler(collector)
                        .build()) {
            QuicConnection first = await(client.connect("127.0.0.1", server.port()));
            assertEquals("one", echo(first, collector, "one"));
            QuicConnection second = await(client.connect("127.0.0.1", server.port()));
            assertEquals(QuicConnection.State.OPEN, second.state());
            assertEquals("two", echo(second, collector, "two"));
            assertFalse(second.stats().zeroRttAccepted());
        }
    }

    @Test
    void withSessionResumptionOffEveryConnectionMakesAFullHandshake() throws Exception {
        Loopback.Collector collector = new Loopback.Collector();
        try (QuicServer server = Quic.server().alpn("echo").earlyData(true).handler(new Loopback.EchoHandler())
                .listen();
                QuicClient client = Quic.client().alpn("echo").tls(TlsOptions.insecure()).earlyData(true)
                        .sessionResumption(false).handler(collector).build()) {
            QuicConnection first = await(client.connect("127.0.0.1", server.port()));
            // The echo round trip outlasts the ticket's arrival: a caching client would now hold it.
            assertEquals("one", echo(first, collector, "one"));
            QuicConnection second = await(client.connect("127.0.0.1", server.port()));
            assertEquals(QuicConnection.State.OPEN, second.state(),
                    "no remembered session: the connection opens only after a full handshake, no 0-RTT");
            assertEquals("two", echo(second, collector, "two"));
            assertFalse(second.stats().zeroRttAccepted());
        }
    }
}
