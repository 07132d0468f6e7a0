package dev.jquic;

import static dev.jquic.Loopback.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * maxUdpPayloadSize on loopback: with 1452 configured on both sides, path MTU discovery (RFC 9000
 * §14.3) lets the datagrams grow beyond 1200 bytes; with 1200 they never do.
 */
@Timeout(60)
class PathMtuTest {

    /** Echoes 2 MiB and returns the client's average bytes per sent packet. */
    private static double echoAndMeasure(int maxUdpPayloadSize) throws Exception {
        Loopback.Collector collector = new Loopback.Collector();
        try (QuicServer server = Quic.server().host("127.0.0.1").port(0).alpn("echo")
                .maxUdpPayloadSize(maxUdpPayloadSize).handler(new Loopback.EchoHandler()).listen();
                QuicClient client = Quic.client().alpn("echo").tls(TlsOptions.insecure())
                        .maxUdpPayloadSize(maxUdpPayloadSize).handler(collector).build()) {
            QuicConnection connection = await(client.connect("127.0.0.1", server.port()));
            QuicStream stream = await(connection.openStream());
            byte[] bytes = Loopback.payload(2 << 20, 7);
            CompletableFuture<byte[]> echoed = collector.result(stream);
            try (java.io.OutputStream out = stream.outputStream()) {
                out.write(bytes);
            }
            assertArrayEquals(bytes, await(echoed));
            QuicStats stats = connection.stats();
            return (double) stats.bytesSent() / stats.packetsSent();
        }
    }

    @Test
    void endpointsConfiguredFor1452ExchangeDatagramsLargerThan1200() throws Exception {
        double average = echoAndMeasure(1452);
        assertTrue(average > 1200, "average packet " + average + " bytes");
    }

    @Test
    void endpointsConfiguredFor1200NeverSendMore() throws Exception {
        double average = echoAndMeasure(1200);
        assertTrue(average <= 1200, "average packet " + average + " bytes");
    }

    @Test
    void theBuilderRejectsSizesOutsideTheRfcRange() {
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> Quic.client().alpn("echo").maxUdpPayloadSize(1199).handler(new Loopback.Collector()).build());
        assertTrue(small.getMessage().contains("maxUdpPayloadSize"), small.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Quic.client().alpn("echo").maxUdpPayloadSize(65_528).handler(new Loopback.Collector()).build());
    }
}
