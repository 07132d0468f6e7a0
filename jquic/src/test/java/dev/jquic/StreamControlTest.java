package dev.jquic;

import static dev.jquic.Loopback.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reset and stop-sending both ways, datagrams, blocking adapters, graceful shutdown. */
@Timeout(60)
class StreamControlTest {

    @Test
    void resetAndStopSendingReachThePeer() throws Exception {
        CompletableFuture<Long> resetSeenByServer = new CompletableFuture<>();
        CompletableFuture<Long> stopSeenByServer = new CompletableFuture<>();
        QuicHandler server = new QuicHandler() {
            @Override
            public void onStreamReset(QuicStream stream, long errorCode) {
                resetSeenByServer.complete(errorCode);
            }

            @Override
            public void onStopSending(QuicStream stream, long errorCode) {
                stopSeenByServer.complete(errorCode);
            }

            @Override
            public void onStream(QuicStream stream) {
                stream.write(ByteBuffer.wrap(new byte[] {1}));
            }
        };
        try (QuicServer listening = Quic.server().alpn("ctl").handler(server).listen();
                QuicClient client = Quic.client().alpn("ctl").tls(TlsOptions.insecure()).handler(new QuicHandler() { })
                        .build()) {
            QuicConnection connection = await(client.connect("127.0.0.1", listening.port()));
            QuicStream resetStream = await(connection.openStream());
            resetStream.write(ByteBuffer.wrap(new byte[100]));
            resetStream.reset(7);
            assertEquals(7L, await(resetSeenByServer));
            QuicStream stopped = await(connection.openStream());
            stopped.write(ByteBuffer.wrap(new byte[10]));
            stopped.stopSending(9);
            assertEquals(9L, await(stopSeenByServer));
        }
    }

    @Test
    void aUnidirectionalStreamResetBeforeAnyDataLeftIsAnnouncedAndItsResetSeen() throws Exception {
        // The peer's first frame on the stream is RESET_STREAM: the stream opens and ends in one
        // datagram, and the application must still see both.
        CompletableFuture<Long> streamAnnounced = new CompletableFuture<>();
        CompletableFuture<Long> resetSeen = new CompletableFuture<>();
        List<String> dataSeen = new CopyOnWriteArrayList<>();
        QuicHandler server = new QuicHandler() {
            @Override
            public void onStream(QuicStream stream) {
                streamAnnounced.complete(stream.id());
            }

            @Override
            public void onData(QuicStream stream, ByteBuffer data, boolean fin) {
                dataSeen.add(data.remaining() + (fin ? " bytes and FIN" : " bytes"));
            }

            @Override
            public void onStreamReset(QuicStream stream, long errorCode) {
                resetSeen.complete(errorCode);
            }
        };
        try (QuicServer listening = Quic.server().alpn("ctl").handler(server).listen();
                QuicClient client = Quic.client().alpn("ctl").tls(TlsOptions.insecure()).handler(new QuicHandler() { })
                        .build()) {
            QuicConnection connection = await(client.connect("127.0.0.1", listening.port()));
            QuicStream stream = await(connection.openUniStream());
            stream.reset(7);
            assertEquals(7L, await(resetSeen));
            assertEquals(stream.id(), await(streamAnnounced));
            assertEquals(List.of(), dataSeen, "a reset is no FIN");
        }
    }

    @Test
    void datagramsTravelBothWays() throws Exception {
        QuicHandler echoDatagrams = new QuicHandler() {
            @Override
            public void onDatagram(QuicConnection connection, ByteBuffer datagram) {
                connection.sendDatagram(datagram);
            }
        };
        CompletableFuture<byte[]> back = new CompletableFuture<>();
        QuicHandler client = new QuicHandler() {
            @Override
            public void onDatagram(QuicConnection connection, ByteBuffer datagram) {
                byte[] bytes = new byte[datagram.remaining()];
                datagram.get(bytes);
                back.complete(bytes);
            }
        };
        try (QuicServer server = Quic.server().alpn("dg").datagrams(1200).handler(echoDatagrams).listen();
                QuicClient endpoint = Quic.client().alpn("dg").datagrams(1200).tls(TlsOptions.insecure())
                        .handler(client).build();
                QuicClient withoutDatagrams = Quic.client().alpn("dg").tls(TlsOptions.insecure())
                        .handler(new QuicHandler() { }).build()) {
            QuicConnection connection = await(endpoint.connect("127.0.0.1", server.port()));
            byte[] payload = "unreliable".getBytes(StandardCharsets.US_ASCII);
            // Loss is possible in principle; on loopback a few tries are plenty.
            for (int attempt = 0; attempt < 5 && !back.isDone(); attempt++) {
                assertTrue(connection.sendDatagram(ByteBuffer.wrap(payload)));
                try {
                    back.get(1, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException retry) {
                    // send again
                }
            }
            assertArrayEquals(payload, await(back));
            QuicConnection plain = await(withoutDatagrams.connect("127.0.0.1", server.port()));
            assertFalse(connection.sendDatagram(ByteBuffer.allocate(5_000)), "larger than the peer's limit");
            assertTrue(plain.isServer() == false);
        }
    }

    @Test
    void blockingAdaptersWorkOffTheLoopAndRefuseOnIt() throws Exception {
        CompletableFuture<Throwable> refusedOnLoop = new CompletableFuture<>();
        QuicHandler server = new QuicHandler() {
            @Override
            public void onStream(QuicStream stream) {
                InputStream in = stream.inputStream();
                try {
                    in.read();
                    refusedOnLoop.complete(null);
                } catch (Throwable expected) {
                    refusedOnLoop.complete(expected);
                }
                Thread worker = new Thread(() -> {
                    try (OutputStream out = stream.outputStream()) {
                        out.write(in.readAllBytes());
                    } catch (Exception failure) {
                        stream.reset(1);
                    }
                }, "adapter-echo");
                worker.setDaemon(true);
                worker.start();
            }
        };
        try (QuicServer listening = Quic.server().alpn("io").handler(server).listen();
                QuicClient client = Quic.client().alpn("io").tls(TlsOptions.insecure()).handler(new QuicHandler() { })
                        .build()) {
            QuicConnection connection = await(client.connect("127.0.0.1", listening.port()));
            QuicStream stream = await(connection.openStream());
            InputStream in = stream.inputStream();
            byte[] payload = Loopback.payload(300_000, 5);
            try (OutputStream out = stream.outputStream()) {
                out.write(payload);
            }
            assertArrayEquals(payload, in.readAllBytes());
            assertTrue(refusedOnLoop.get(5, TimeUnit.SECONDS) instanceof IllegalStateException,
                    "reading on the loop thread is refused");
        }
    }

    @Test
    void serverShutdownClosesItsConnectionsGracefully() throws Exception {
        Loopback.Collector collector = new Loopback.Collector();
        QuicServer server = Quic.server().alpn("bye").handler(new QuicHandler() { }).listen();
        try (QuicClient client = Quic.client().alpn("bye").tls(TlsOptions.insecure()).handler(collector).build()) {
            QuicConnection connection = await(client.connect("127.0.0.1", server.port()));
            assertEquals(1, server.connectionCount());
            server.shutdown().get(10, TimeUnit.SECONDS);
            QuicCloseReason reason = await(collector.closed);
            assertEquals(QuicCloseReason.Origin.PEER, reason.origin());
            // RFC 9000 §10.2.3: before the handshake is confirmed the close may travel in a
            // Handshake packet, as the transport error APPLICATION_ERROR (0x0c).
            assertTrue(reason.applicationError() ? reason.errorCode() == 0 : reason.errorCode() == 0x0c,
                    reason.toString());
            assertEquals(reason, await(connection.closeFuture()));
            assertEquals(0, server.connectionCount());
            assertThrows(Exception.class, () -> connection.openStream().get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void closeWithACodeReachesThePeer() throws Exception {
        CompletableFuture<QuicCloseReason> seenByServer = new CompletableFuture<>();
        QuicHandler server = new QuicHandler() {
            @Override
            public void onClose(QuicConnection connection, QuicCloseReason reason) {
                seenByServer.complete(reason);
            }
        };
        try (QuicServer listening = Quic.server().alpn("bye").handler(server).listen();
                QuicClient client = Quic.client().alpn("bye").tls(TlsOptions.insecure())
                        .idleTimeout(Duration.ofSeconds(5)).handler(new QuicHandler() { }).build()) {
            QuicConnection connection = await(client.connect("127.0.0.1", listening.port()));
            connection.close(42, "done here");
            QuicCloseReason reason = await(seenByServer);
            assertEquals(QuicCloseReason.Origin.PEER, reason.origin());
            assertEquals(42, reason.errorCode());
            assertEquals("done here", reason.reason());
            assertEquals(QuicCloseReason.Origin.LOCAL, await(connection.closeFuture()).origin());
        }
    }
}
