package dev.jquic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.Quic;
import dev.jquic.QuicClient;
import dev.jquic.QuicConnection;
import dev.jquic.QuicHandler;
import dev.jquic.QuicServer;
import dev.jquic.TlsOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A server's CertificateVerify signatures run on its signer threads, not on its event loop. */
@Timeout(60)
class ServerSigningTest {

    private static List<Thread> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().startsWith(prefix))
                .toList();
    }

    @Test
    void handshakesAreSignedOnTheServersSignerThreadsWhichEndWithTheServer() throws Exception {
        QuicServer server = Quic.server().host("127.0.0.1").port(0).alpn("sign").handler(new QuicHandler() { })
                .listen();
        String prefix = "jquic-server-signer-" + server.port() + "-";
        try (QuicClient client = Quic.client().alpn("sign").tls(TlsOptions.insecure()).sessionResumption(false)
                .handler(new QuicHandler() { }).build()) {
            assertEquals(List.of(), threadsNamed(prefix), "no signer before the first handshake");
            for (int i = 0; i < 3; i++) {
                QuicConnection connection = client.connect("127.0.0.1", server.port()).get(20, TimeUnit.SECONDS);
                assertEquals(QuicConnection.State.OPEN, connection.state());
                connection.close();
            }
            List<Thread> signers = threadsNamed(prefix);
            assertFalse(signers.isEmpty(), "the handshakes were signed on the server's signer threads");
            assertTrue(signers.size() <= Runtime.getRuntime().availableProcessors(), signers.toString());
        } finally {
            server.close();
        }
        for (Thread signer : threadsNamed(prefix)) {
            signer.join(10_000);
            assertFalse(signer.isAlive(), signer.getName() + " outlived its server");
        }
    }
}
