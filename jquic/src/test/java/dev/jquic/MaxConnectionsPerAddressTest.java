package dev.jquic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code maxConnectionsPerAddress}: the server's limit per client IP address, whatever the ports. */
class MaxConnectionsPerAddressTest {
    private static final QuicHandler NOTHING = new QuicHandler() {
    };

    @Test
    void aThirdClientFromTheSameAddressIsNotAcceptedWhenTheLimitIsTwo() throws Exception {
        List<QuicClient> clients = new ArrayList<>();
        try (QuicServer server = Quic.server().port(0).alpn("limit").handler(NOTHING)
                .maxConnectionsPerAddress(2).listen()) {
            for (int i = 0; i < 2; i++) {
                // Each client has a socket of its own: another UDP port on the same 127.0.0.1.
                QuicClient client = Quic.client().alpn("limit").tls(TlsOptions.insecure()).handler(NOTHING).build();
                clients.add(client);
                client.connect("127.0.0.1", server.port()).get(10, TimeUnit.SECONDS);
            }
            QuicClient third = Quic.client().alpn("limit").tls(TlsOptions.insecure()).handler(NOTHING)
                    .handshakeTimeout(Duration.ofMillis(600)).build();
            clients.add(third);
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> third.connect("127.0.0.1", server.port()).get(10, TimeUnit.SECONDS));
            assertTrue(refused.getCause().getMessage().contains("timed out"), refused.getCause().getMessage());
            assertEquals(2, server.connectionCount());
        } finally {
            clients.forEach(QuicClient::close);
        }
    }

    @Test
    void aLimitBelowOneIsRejectedByName() {
        IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class,
                () -> Quic.server().port(0).alpn("limit").handler(NOTHING).maxConnectionsPerAddress(0).listen());
        assertEquals("maxConnectionsPerAddress: 0 is not positive", rejected.getMessage());
    }
}
