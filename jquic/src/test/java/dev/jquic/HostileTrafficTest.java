package dev.jquic;

import static dev.jquic.Loopback.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Garbage and unknown versions on the server's socket do not disturb its connections. */
@Timeout(30)
class HostileTrafficTest {

    @Test
    void anUnknownVersionIsAnsweredWithVersionNegotiation() throws Exception {
        try (QuicServer server = Quic.server().alpn("echo").handler(new Loopback.EchoHandler()).listen();
                DatagramSocket raw = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            raw.setSoTimeout(5_000);
            byte[] initial = new byte[1200];
            initial[0] = (byte) 0xc0;
            ByteBuffer.wrap(initial, 1, 4).putInt(0x1a2a3a4a);
            initial[5] = 8;
            for (int i = 6; i < 14; i++) {
                initial[i] = (byte) i;
            }
            initial[14] = 4;
            for (int i = 15; i < 19; i++) {
                initial[i] = (byte) (0x40 + i);
            }
            raw.send(new DatagramPacket(initial, initial.length, new InetSocketAddress("127.0.0.1", server.port())));
            DatagramPacket answer = new DatagramPacket(new byte[1500], 1500);
            raw.receive(answer);
            ByteBuffer packet = ByteBuffer.wrap(answer.getData(), 0, answer.getLength());
            assertTrue((packet.get(0) & 0x80) != 0, "long header");
            assertEquals(0, packet.getInt(1), "version 0: Version Negotiation (RFC 9000 §17.2.1)");
            assertEquals(4, packet.get(5), "its DCID is our SCID");
            boolean listsV1 = false;
            for (int offset = 6 + 4 + 1 + 8; offset + 4 <= packet.limit(); offset += 4) {
                listsV1 |= packet.getInt(offset) == 1;
            }
            assertTrue(listsV1, "QUIC v1 offered");
        }
    }

    @Test
    void garbageDatagramsDoNotDisturbAnEcho() throws Exception {
        Loopback.EchoHandler echo = new Loopback.EchoHandler();
        Loopback.Collector collector = new Loopback.Collector();
        Random random = new Random(42);
        try (QuicServer server = Loopback.echoServer("127.0.0.1", echo);
                QuicClient client = Quic.client().alpn("echo").tls(TlsOptions.insecure()).handler(collector).build();
                DatagramSocket raw = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", server.port());
            QuicConnection connection = await(client.connect("127.0.0.1", server.port()));
            QuicStream stream = await(connection.openStream());
            CompletableFuture<byte[]> echoed = collector.result(stream);
            byte[] bytes = Loopback.payload(200_000, 9);
            stream.write(ByteBuffer.wrap(bytes));
            for (int i = 0; i < 2_000; i++) {
                byte[] junk = new byte[1 + random.nextInt(1400)];
                random.nextBytes(junk);
                raw.send(new DatagramPacket(junk, junk.length, target));
            }
            stream.finish();
            assertArrayEquals(bytes, await(echoed));
            assertEquals(1, server.connectionCount(), "no connection from junk");
            assertTrue(echo.errors.isEmpty(), echo.errors.toString());
        }
    }
}
