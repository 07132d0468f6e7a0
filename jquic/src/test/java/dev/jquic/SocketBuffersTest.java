package dev.jquic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.runtime.EndpointSettings;
import org.junit.jupiter.api.Test;

/** {@code socketBuffers(bytes)}: the default, the value reaching the settings, and the bounds. */
class SocketBuffersTest {

    private static final QuicHandler NOTHING = new QuicHandler() {
    };

    @Test
    void theDefaultIsFourMebibytesAndASetValueReachesTheSettings() {
        assertEquals(4 << 20, Quic.server().alpn("x").handler(NOTHING).settings(false, 1, null, 1, 1).socketBufferBytes());
        assertEquals(1 << 20, Quic.client().alpn("x").handler(NOTHING).socketBuffers(1 << 20)
                .settings(false, 1, null, 1, 1).socketBufferBytes());
    }

    @Test
    void valuesOutsideTheBoundsAreRejectedNamingTheOption() {
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> Quic.server().alpn("x").handler(NOTHING).socketBuffers(1000).listen());
        assertTrue(small.getMessage().startsWith("socketBuffers: 1000 bytes not in 65536.."), small.getMessage());
        IllegalArgumentException large = assertThrows(IllegalArgumentException.class,
                () -> Quic.client().alpn("x").handler(NOTHING).socketBuffers(Integer.MAX_VALUE).build());
        assertTrue(large.getMessage().contains(".." + EndpointSettings.MAX_SOCKET_BUFFER_BYTES), large.getMessage());
    }

    @Test
    void aServerWithSmallBuffersStillEchoes() throws Exception {
        Loopback.EchoHandler echo = new Loopback.EchoHandler();
        try (QuicServer server = Quic.server().alpn("echo").handler(echo).socketBuffers(64 << 10).listen()) {
            // The batched-io test run (jquic/pom.xml) sets -Djquic.io=batched: the suite runs over it.
            String forced = System.getProperty("jquic.io", "");
            assertTrue(server.toString().contains("UDP I/O: " + (forced.equals("auto") ? "" : forced)),
                    server.toString());
            Loopback.Collector collector = new Loopback.Collector();
            QuicConnection connection = Loopback.await(Quic.client().alpn("echo")
                    .tls(TlsOptions.pin(server.certificateFingerprint())).handler(collector).socketBuffers(64 << 10)
                    .connect("127.0.0.1", server.port()));
            QuicStream stream = Loopback.await(connection.openStream());
            byte[] sent = Loopback.payload(200_000, 3);
            stream.write(java.nio.ByteBuffer.wrap(sent));
            stream.finish();
            org.junit.jupiter.api.Assertions.assertArrayEquals(sent, Loopback.await(collector.result(stream)));
            connection.close();
        }
    }
}
