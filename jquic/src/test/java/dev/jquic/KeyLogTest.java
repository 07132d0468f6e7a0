package dev.jquic;

import static dev.jquic.Loopback.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The SSLKEYLOGFILE-format key log of both sides. */
@Timeout(30)
class KeyLogTest {

    @Test
    void bothSidesLogTheSameSecretsUnderTheSameClientRandom(@TempDir Path directory) throws Exception {
        Path serverLog = directory.resolve("server.keys");
        Path clientLog = directory.resolve("client.keys");
        Loopback.Collector collector = new Loopback.Collector();
        try (QuicServer server = Quic.server().alpn("echo").keyLog(serverLog).handler(new Loopback.EchoHandler())
                .listen();
                QuicClient client = Quic.client().alpn("echo").tls(TlsOptions.insecure()).keyLog(clientLog)
                        .handler(collector).build()) {
            QuicConnection connection = await(client.connect("127.0.0.1", server.port()));
            QuicStream stream = await(connection.openStream());
            CompletableFuture<byte[]> echoed = collector.result(stream);
            stream.write(ByteBuffer.wrap(new byte[] {1, 2}));
            stream.finish();
            await(echoed);
        }
        List<String> clientLines = Files.readAllLines(clientLog);
        Set<String> labels = clientLines.stream().map(line -> line.split(" ")[0]).collect(Collectors.toSet());
        assertEquals(Set.of("CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET",
                "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0"), labels);
        for (String line : clientLines) {
            String[] fields = line.split(" ");
            assertEquals(3, fields.length, line);
            assertEquals(64, fields[1].length(), "32-byte client random: " + line);
            assertTrue(fields[2].length() == 64 || fields[2].length() == 96, "secret length: " + line);
        }
        assertEquals(1, clientLines.stream().map(line -> line.split(" ")[1]).distinct().count(), "one connection");
        assertEquals(new HashSet<>(clientLines), new HashSet<>(Files.readAllLines(serverLog)),
                "client and server derived the same secrets for the same client random");
    }
}
