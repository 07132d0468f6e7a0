package dev.jquic;

import static dev.jquic.Loopback.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Errors users see: no server, rejected certificates, no ALPN overlap, bad files, idle timeout. */
@Timeout(60)
class FailureTest {

    /** A UDP port where nothing listens (bound once, then released). */
    private static int unusedPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The connect failure, with onError's report. */
    private static QuicException connectFailure(QuicClient client, String host, int port,
            CompletableFuture<Throwable> reported) throws Exception {
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> client.connect(host, port).get(20, TimeUnit.SECONDS));
        QuicException exception = assertInstanceOf(QuicException.class, failure.getCause());
        assertEquals(exception, reported.get(5, TimeUnit.SECONDS), "onError reports the same failure");
        System.out.println("connect failed as expected: " + exception.getMessage());
        return exception;
    }

    private static QuicHandler reportingTo(CompletableFuture<Throwable> reported) {
        return new QuicHandler() {
            @Override
            public void onError(QuicConnection connection, Throwable error) {
                reported.complete(error);
            }
        };
    }

    @Test
    void connectingWhereNoServerListensFailsWithinTheHandshakeTimeout() throws Exception {
        int port = unusedPort();
        CompletableFuture<Throwable> reported = new CompletableFuture<>();
        try (QuicClient client = Quic.client().alpn("echo").tls(TlsOptions.insecure())
                .handshakeTimeout(Duration.ofMillis(600)).handler(reportingTo(reported)).build()) {
            long start = System.nanoTime();
            QuicException failure = connectFailure(client, "127.0.0.1", port, reported);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 500 && millis < 5_000, "failed after " + millis + " ms");
            assertTrue(failure.getMessage().contains("timed out"), failure.getMessage());
            assertEquals(QuicCloseReason.Origin.HANDSHAKE_TIMEOUT, failure.closeReason().origin());
        }
    }

    @Test
    void aWrongPinFailsNamingTheCertificate() throws Exception {
        CompletableFuture<Throwable> reported = new CompletableFuture<>();
        try (QuicServer server = Loopback.echoServer("127.0.0.1", new Loopback.EchoHandler());
                QuicClient client = Quic.client().alpn("echo")
                        .tls(TlsOptions.pin("00".repeat(32))).handler(reportingTo(reported)).build()) {
            QuicException failure = connectFailure(client, "127.0.0.1", server.port(), reported);
            assertTrue(failure.getMessage().contains("certificate rejected"), failure.getMessage());
        }
    }

    @Test
    void theRightPinConnects() throws Exception {
        try (QuicServer server = Loopback.echoServer("127.0.0.1", new Loopback.EchoHandler());
                QuicClient client = Quic.client().alpn("echo").tls(TlsOptions.pin(server.certificateFingerprint()))
                        .handler(new QuicHandler() { }).build()) {
            assertEquals("echo", await(client.connect("127.0.0.1", server.port())).alpn());
        }
    }

    @Test
    void aCertificateFromAnotherCaFailsNamingTheCertificate() throws Exception {
        CompletableFuture<Throwable> reported = new CompletableFuture<>();
        try (QuicServer server = Quic.server().alpn("echo")
                .tls(TlsOptions.pem(Loopback.pem("leaf-ec256-chain.pem"), Loopback.pem("leaf-ec256-pkcs8.key")))
                .handler(new Loopback.EchoHandler()).listen();
                QuicClient client = Quic.client().alpn("echo").tls(TlsOptions.trust(Loopback.pem("unknown-ca.pem")))
                        .handler(reportingTo(reported)).build()) {
            QuicException failure = connectFailure(client, "localhost", server.port(), reported);
            assertTrue(failure.getMessage().contains("certificate"), failure.getMessage());
        }
    }

    @Test
    void aServerPemChainVerifiesAgainstItsCa() throws Exception {
        Loopback.Collector collector = new Loopback.Collector();
        try (QuicServer server = Quic.server().alpn("echo")
                .tls(TlsOptions.pem(Loopback.pem("leaf-ec256-chain.pem"), Loopback.pem("leaf-ec256-pkcs8.key")))
                .handler(new Loopback.EchoHandler()).listen();
                QuicClient client = Quic.client().alpn("echo").tls(TlsOptions.trust(Loopback.pem("ca.pem")))
                        .handler(collector).build()) {
            QuicConnection connection = await(client.connect("localhost", server.port()));
            assertEquals("localhost", connection.serverName());
            QuicStream stream = await(connection.openStream());
            CompletableFuture<byte[]> echoed = collector.result(stream);
            stream.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
            stream.finish();
            assertEquals("hello", new String(await(echoed), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void noCommonAlpnFailsNamingAlpn() throws Exception {
        CompletableFuture<Throwable> reported = new CompletableFuture<>();
        try (QuicServer server = Loopback.echoServer("127.0.0.1", new Loopback.EchoHandler());
                QuicClient client = Quic.client().alpn("h3").tls(TlsOptions.insecure())
                        .handler(reportingTo(reported)).build()) {
            QuicException failure = connectFailure(client, "127.0.0.1", server.port(), reported);
            assertTrue(failure.getMessage().contains("ALPN"), failure.getMessage());
        }
    }

    @Test
    void unreadableOrInvalidPemFilesAreNamed() {
        QuicException missing = assertThrows(QuicException.class, () -> Quic.server().alpn("echo")
                .tls(TlsOptions.pem(Loopback.pem("absent.pem"), Loopback.pem("leaf-ec256-pkcs8.key")))
                .handler(new QuicHandler() { }).listen());
        assertTrue(missing.getMessage().contains("absent.pem"), missing.getMessage());
        QuicException malformed = assertThrows(QuicException.class, () -> Quic.client().alpn("echo")
                .tls(TlsOptions.trust(Loopback.pem("malformed.pem"))).handler(new QuicHandler() { }).build());
        assertTrue(malformed.getMessage().contains("malformed.pem"), malformed.getMessage());
    }

    @Test
    void invalidSettingsNameTheOption() {
        IllegalArgumentException noAlpn = assertThrows(IllegalArgumentException.class,
                () -> Quic.server().handler(new QuicHandler() { }).listen());
        assertTrue(noAlpn.getMessage().contains("alpn"), noAlpn.getMessage());
        IllegalArgumentException badPort = assertThrows(IllegalArgumentException.class,
                () -> Quic.server().alpn("x").port(70_000).handler(new QuicHandler() { }).listen());
        assertTrue(badPort.getMessage().contains("port"), badPort.getMessage());
    }

    @Test
    void anIdleConnectionClosesSayingSo() throws Exception {
        CompletableFuture<QuicCloseReason> serverSide = new CompletableFuture<>();
        QuicHandler server = new QuicHandler() {
            @Override
            public void onClose(QuicConnection connection, QuicCloseReason reason) {
                serverSide.complete(reason);
            }
        };
        Loopback.Collector collector = new Loopback.Collector();
        try (QuicServer listening = Quic.server().alpn("echo").idleTimeout(Duration.ofMillis(400)).handler(server)
                .listen();
                QuicClient client = Quic.client().alpn("echo").tls(TlsOptions.insecure())
                        .idleTimeout(Duration.ofMillis(400)).handler(collector).build()) {
            QuicConnection connection = await(client.connect("127.0.0.1", listening.port()));
            QuicCloseReason reason = await(connection.closeFuture());
            assertEquals(QuicCloseReason.Origin.IDLE_TIMEOUT, reason.origin());
            assertTrue(reason.reason().contains("idle"), reason.reason());
            assertEquals(reason, await(collector.closed), "onClose got the same reason");
            assertEquals(QuicCloseReason.Origin.IDLE_TIMEOUT, await(serverSide).origin());
        }
    }

    @Test
    void aThrowingCallbackIsReportedAndTheLoopCarriesOn() throws Exception {
        CompletableFuture<Throwable> reported = new CompletableFuture<>();
        Loopback.EchoHandler throwingOnce = new Loopback.EchoHandler() {
            private volatile boolean thrown;

            @Override
            public void onStream(QuicStream stream) {
                if (!thrown) {
                    thrown = true;
                    throw new IllegalStateException("boom from onStream");
                }
            }

            @Override
            public void onError(QuicConnection connection, Throwable error) {
                reported.complete(error);
            }
        };
        Loopback.Collector collector = new Loopback.Collector();
        try (QuicServer server = Loopback.echoServer("127.0.0.1", throwingOnce);
                QuicClient client = Quic.client().alpn("echo").tls(TlsOptions.insecure()).handler(collector).build()) {
            QuicConnection connection = await(client.connect("127.0.0.1", server.port()));
            for (int round = 0; round < 2; round++) {
                QuicStream stream = await(connection.openStream());
                CompletableFuture<byte[]> echoed = collector.result(stream);
                stream.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                stream.finish();
                assertEquals(3, await(echoed).length);
            }
            assertEquals("boom from onStream", reported.get(5, TimeUnit.SECONDS).getMessage());
        }
    }
}
