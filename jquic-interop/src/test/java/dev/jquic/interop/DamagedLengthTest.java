package dev.jquic.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.connection.ConnectionConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * jquic's side of {@code KwikPeerFactsTest}'s damaged-Length fact: a server Initial whose Length
 * field no longer decodes is dropped with the rest of its datagram (RFC 9000 §12.2: the packet
 * cannot be processed; RFC 9001 §5.2: nothing unauthenticated closes a connection), and the
 * handshake completes once the server sends its flight again.
 */
class DamagedLengthTest {

    @Test
    void jquicClientDropsAServerInitialWhoseLengthIsDamagedAndConnects() throws Exception {
        try (JquicDownloadServer server = new JquicDownloadServer(JquicDownloadServer.tls().build(),
                ConnectionConfig.builder().build());
                FirstAnswerDamage relay = new FirstAnswerDamage(server.address(), FirstAnswerDamage::lengthPrefix)) {
            JquicDownloadClient client = new JquicDownloadClient();
            client.limit = Duration.ofSeconds(10);
            assertEquals(1, client.run(relay.address(), 1_000).filesVerified());
            assertTrue(relay.damaged(), "the relay damaged the server's first answer");
        }
    }
}
