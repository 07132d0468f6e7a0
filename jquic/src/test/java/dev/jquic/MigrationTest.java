package dev.jquic;

import static dev.jquic.Loopback.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A client moves its connection to a new local port (RFC 9000 §9) and keeps echoing. */
@Timeout(30)
class MigrationTest {

    private static void echo(QuicConnection connection, Loopback.Collector collector, int seed) throws Exception {
        QuicStream stream = await(connection.openStream());
        byte[] bytes = Loopback.payload(20_000, seed);
        CompletableFuture<byte[]> echoed = collector.result(stream);
        stream.write(ByteBuffer.wrap(bytes));
        stream.finish();
        assertArrayEquals(bytes, await(echoed));
    }

    @Test
    void aClientMigratesToANewLocalPortAndTheConnectionCarriesOn() throws Exception {
        CompletableFuture<QuicConnection> serverConnection = new CompletableFuture<>();
        Loopback.EchoHandler echo = new Loopback.EchoHandler() {
            @Override
            public void onConnection(QuicConnection connection) {
                serverConnection.complete(connection);
            }
        };
        Loopback.Collector collector = new Loopback.Collector();
        try (QuicServer server = Loopback.echoServer("127.0.0.1", echo);
                QuicClient client = Quic.client().alpn("echo").tls(TlsOptions.insecure()).handler(collector)
                        .build()) {
            QuicConnection connection = await(client.connect("127.0.0.1", server.port()));
            echo(connection, collector, 1);
            InetSocketAddress before = connection.localAddress();
            await(connection.migrate());
            InetSocketAddress after = connection.localAddress();
            assertNotEquals(before.getPort(), after.getPort());
            echo(connection, collector, 2);
            assertEquals(QuicConnection.State.OPEN, connection.state());
            assertEquals(1, server.connectionCount(), "the same connection, not a new one");
            assertEquals(after.getPort(), await(serverConnection).remoteAddress().getPort(),
                    "the server follows the client to its new port");
        }
    }
}
