package dev.jquic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.Quic;
import dev.jquic.QuicClient;
import dev.jquic.QuicConnection;
import dev.jquic.QuicHandler;
import dev.jquic.QuicServer;
import dev.jquic.TlsOptions;
import dev.jquic.core.endpoint.EndpointStats;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client endpoint of the runtime hands the JCA ciphers of its ended connections to the next
 * ones (the core's {@code CipherPool}): after the first connection has ended, later connections
 * to the same server create none.
 */
@Timeout(60)
class CipherRecyclingTest {

    /** Polls the client's endpoint until it holds no connection (bounded: 10 s). */
    private static EndpointStats afterAllForgotten(RuntimeClient client, long forgotten) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        EndpointStats stats = client.endpointStats();
        while (stats != null && stats.connectionsForgotten() < forgotten && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            stats = client.endpointStats();
        }
        assertNotNull(stats, "the client's loop is running");
        assertEquals(forgotten, stats.connectionsForgotten(), "connections ended and forgotten: " + stats);
        return stats;
    }

    @Test
    void laterConnectionsOfAClientRunOnTheCiphersOfEndedOnes() throws Exception {
        QuicServer server = Quic.server().host("127.0.0.1").port(0).alpn("recycle").handler(new QuicHandler() { })
                .listen();
        try (QuicClient client = Quic.client().alpn("recycle").tls(TlsOptions.insecure()).sessionResumption(false)
                .handler(new QuicHandler() { }).build()) {
            RuntimeClient runtime = (RuntimeClient) client;
            EndpointStats afterFirst = null;
            for (int round = 1; round <= 3; round++) {
                QuicConnection connection = client.connect("127.0.0.1", server.port()).get(20, TimeUnit.SECONDS);
                assertEquals(QuicConnection.State.OPEN, connection.state());
                connection.close().get(20, TimeUnit.SECONDS);
                EndpointStats stats = afterAllForgotten(runtime, round);
                if (round == 1) {
                    assertTrue(stats.ciphersCreated() >= 8, "Initial, Handshake and 1-RTT ciphers: " + stats);
                    afterFirst = stats;
                } else {
                    assertEquals(afterFirst.ciphersCreated(), stats.ciphersCreated(), "no new cipher: " + stats);
                    assertEquals((round - 1) * afterFirst.ciphersCreated(), stats.ciphersReused(), stats.toString());
                }
            }
        } finally {
            server.close();
        }
    }
}
