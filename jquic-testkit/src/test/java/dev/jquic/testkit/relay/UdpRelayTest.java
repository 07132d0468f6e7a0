package dev.jquic.testkit.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay over real loopback sockets (blocking test sockets with receive timeouts). */
class UdpRelayTest {

    private DatagramChannel server;
    private DatagramChannel client;

    @BeforeEach
    void open() throws IOException {
        server = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.socket().setSoTimeout(2_000);
        client.socket().setSoTimeout(2_000);
    }

    @AfterEach
    void close() throws IOException {
        server.close();
        client.close();
    }

    private InetSocketAddress serverAddress() throws IOException {
        return (InetSocketAddress) server.getLocalAddress();
    }

    /** Receives one datagram (null after the timeout); the socket API honours SO_TIMEOUT. */
    private static Received receive(DatagramChannel channel, int timeoutMillis) throws IOException {
        java.net.DatagramSocket socket = channel.socket();
        socket.setSoTimeout(timeoutMillis);
        java.net.DatagramPacket packet = new java.net.DatagramPacket(new byte[2_000], 2_000);
        try {
            socket.receive(packet);
        } catch (java.net.SocketTimeoutException timeout) {
            return null;
        }
        byte[] data = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
        return new Received(data, (InetSocketAddress) packet.getSocketAddress());
    }

    private record Received(byte[] data, InetSocketAddress from) {
    }

    private void send(DatagramChannel from, byte[] data, InetSocketAddress to) throws IOException {
        from.send(ByteBuffer.wrap(data), to);
    }

    @Test
    void forwardsBothWaysUnchangedAndClosesCleanly() throws Exception {
        UdpRelay relay = UdpRelay.start(serverAddress(), RelayConfig.builder(1).build());
        try {
            send(client, new byte[] {1, 2, 3}, relay.address());
            Received atServer = receive(server, 2_000);
            assertArrayEquals(new byte[] {1, 2, 3}, atServer.data());
            assertNotEquals(((InetSocketAddress) client.getLocalAddress()).getPort(), atServer.from().getPort());
            send(server, new byte[] {4, 5}, atServer.from());
            Received atClient = receive(client, 2_000);
            assertArrayEquals(new byte[] {4, 5}, atClient.data());
            assertEquals(relay.address(), atClient.from());
            assertEquals(1, relay.statistics(RelayDirection.TO_SERVER).forwarded());
            assertEquals(1, relay.statistics(RelayDirection.TO_CLIENT).forwarded());
        } finally {
            relay.close();
        }
        Thread[] threads = new Thread[Thread.activeCount() + 10];
        int count = Thread.enumerate(threads);
        for (int i = 0; i < count; i++) {
            assertFalse(threads[i].getName().equals("udp-relay-1"), "relay thread ended");
        }
    }

    @Test
    void lossVerdictsFollowTheSeed() throws Exception {
        List<List<Integer>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            List<Integer> delivered = new ArrayList<>();
            try (UdpRelay relay = UdpRelay.start(serverAddress(),
                    RelayConfig.builder(99).toServer(Impairment.burstLoss(0.3, 3)).build())) {
                for (int i = 0; i < 200; i++) {
                    send(client, new byte[] {(byte) i}, relay.address());
                    Thread.sleep(0, 200_000); // keep the order on the wire; the verdicts do not depend on it
                }
                Received received;
                while ((received = receive(server, 300)) != null) {
                    delivered.add(received.data()[0] & 0xff);
                }
                RelayStatistics statistics = relay.statistics(RelayDirection.TO_SERVER);
                assertEquals(200, statistics.received());
                assertEquals(200 - statistics.dropped(), delivered.size());
            }
            runs.add(delivered);
        }
        assertEquals(runs.get(0), runs.get(1), "same seed, same datagrams dropped");
        assertTrue(runs.get(0).size() < 180 && runs.get(0).size() > 100, "about 30% dropped: " + runs.get(0).size());
    }

    @Test
    void corruptionFlipsOneBitOfForwardedDatagrams() throws Exception {
        try (UdpRelay relay = UdpRelay.start(serverAddress(),
                RelayConfig.builder(3).toServer(Impairment.corruption(0.5)).build())) {
            int flipped = 0;
            for (int i = 0; i < 40; i++) {
                send(client, new byte[32], relay.address());
                Received received = receive(server, 2_000);
                int ones = 0;
                for (byte b : received.data()) {
                    ones += Integer.bitCount(b & 0xff);
                }
                assertTrue(ones <= 1);
                flipped += ones;
            }
            assertEquals(relay.statistics(RelayDirection.TO_SERVER).corrupted(), flipped);
            assertTrue(flipped > 5 && flipped < 35, "about half corrupted: " + flipped);
        }
    }

    @Test
    void holdsClientHandshakeDatagramsAndCountsBytesUntilOneReachesTheServer() throws Exception {
        byte[] initial = LongHeaderTypesTest.packet(LongHeaderTypes.VERSION_1, 0, true, 1_100);
        byte[] handshake = LongHeaderTypesTest.concat(LongHeaderTypesTest.packet(LongHeaderTypes.VERSION_1, 0, true,
                30), LongHeaderTypesTest.packet(LongHeaderTypes.VERSION_1, 2, false, 60));
        try (UdpRelay relay = UdpRelay.start(serverAddress(),
                RelayConfig.builder(5).holdClientHandshake(Duration.ofMillis(300)).build())) {
            send(client, initial, relay.address());
            Received first = receive(server, 2_000);
            assertArrayEquals(initial, first.data());
            send(server, new byte[1_000], first.from());
            send(server, new byte[700], first.from());
            assertEquals(1_000, receive(client, 2_000).data().length);
            assertEquals(700, receive(client, 2_000).data().length);
            long start = System.nanoTime();
            send(client, handshake, relay.address());
            send(client, initial, relay.address()); // an Initial-only datagram passes the held one
            assertArrayEquals(initial, receive(server, 2_000).data());
            assertTrue(relay.addressValidationWindow().isEmpty(), "no Handshake packet reached the server yet");
            assertArrayEquals(handshake, receive(server, 2_000).data());
            long heldMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(heldMillis >= 250, "held for " + heldMillis + " ms");
            UdpRelay.AddressValidationWindow window = relay.addressValidationWindow().orElseThrow();
            assertEquals(2L * initial.length, window.clientBytes());
            assertEquals(1_700, window.serverBytes());
            assertEquals(1, window.heldDatagrams());
            // After the hold, Handshake datagrams pass at once and the window stays as it was.
            send(client, handshake, relay.address());
            assertArrayEquals(handshake, receive(server, 200).data());
            assertEquals(window, relay.addressValidationWindow().orElseThrow());
        }
    }

    @Test
    void addsTheConfiguredDelay() throws Exception {
        try (UdpRelay relay = UdpRelay.start(serverAddress(),
                RelayConfig.builder(4).roundTripTime(Duration.ofMillis(200)).build())) {
            long start = System.nanoTime();
            send(client, new byte[] {9}, relay.address());
            Received atServer = receive(server, 2_000);
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertArrayEquals(new byte[] {9}, atServer.data());
            assertTrue(elapsedMillis >= 99 && elapsedMillis < 1_000, "one-way delay " + elapsedMillis + " ms");
        }
    }

    @Test
    void bottleneckLimitsTheRateAndTailDropsBeyondTheQueue() throws Exception {
        // 1 Mbit/s, 10-packet queue: 1,000-byte datagrams take 8 ms each.
        try (UdpRelay relay = UdpRelay.start(serverAddress(),
                RelayConfig.builder(5).bottleneck(1_000_000, 10).build())) {
            long start = System.nanoTime();
            for (int i = 0; i < 30; i++) {
                send(client, new byte[1_000], relay.address());
            }
            int delivered = 0;
            while (receive(server, 300) != null) {
                delivered++;
                if (delivered == 10) {
                    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
                    assertTrue(elapsedMillis >= 70, "10 datagrams through 1 Mbit/s took " + elapsedMillis + " ms");
                }
            }
            RelayStatistics statistics = relay.statistics(RelayDirection.TO_SERVER);
            assertEquals(30, statistics.received());
            assertTrue(statistics.queueDropped() >= 15, "tail drops: " + statistics);
            assertEquals(30 - statistics.queueDropped(), delivered);
        }
    }

    @Test
    void blackholeDropsEverythingForItsWindow() throws Exception {
        try (UdpRelay relay = UdpRelay.start(serverAddress(), RelayConfig.builder(6).build())) {
            relay.blackhole(Duration.ofMillis(300));
            send(client, new byte[] {1}, relay.address());
            assertNull(receive(server, 100));
            Thread.sleep(300);
            send(client, new byte[] {2}, relay.address());
            assertArrayEquals(new byte[] {2}, receive(server, 2_000).data());
            assertEquals(1, relay.statistics(RelayDirection.TO_SERVER).blackholed());
        }
    }

    @Test
    void rebindingGivesTheClientANewSourcePortBothWays() throws Exception {
        try (UdpRelay relay = UdpRelay.start(serverAddress(), RelayConfig.builder(7).build())) {
            send(client, new byte[] {1}, relay.address());
            InetSocketAddress before = receive(server, 2_000).from();
            assertEquals(List.of(before.getPort()), relay.upstreamPorts());
            relay.rebindClientPorts();
            send(client, new byte[] {2}, relay.address());
            Received after = receive(server, 2_000);
            assertArrayEquals(new byte[] {2}, after.data());
            assertNotEquals(before.getPort(), after.from().getPort());
            send(server, new byte[] {3}, after.from());
            assertArrayEquals(new byte[] {3}, receive(client, 2_000).data());
            // The old mapping still delivers server datagrams to the client.
            send(server, new byte[] {4}, before);
            assertArrayEquals(new byte[] {4}, receive(client, 2_000).data());
        }
    }

    @Test
    void reportSeedOnFailureNamesTheSeed() throws Exception {
        try (UdpRelay relay = UdpRelay.start(serverAddress(), RelayConfig.builder(1234).build())) {
            AssertionError failure = assertThrows(AssertionError.class,
                    () -> relay.reportSeedOnFailure(() -> {
                        throw new AssertionError("boom");
                    }));
            assertTrue(failure.getSuppressed()[0].getMessage().contains("seed=1234L"));
        }
    }
}
