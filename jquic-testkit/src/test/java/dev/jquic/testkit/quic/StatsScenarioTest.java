package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.connection.ConnectionEvent;
import dev.jquic.core.connection.ConnectionStats;
import dev.jquic.testkit.net.LinkStatistics;
import dev.jquic.testkit.net.SeedReporting;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ConnectionStats} after a transfer with one key update over a link that loses 3% of the
 * datagrams once the handshake is done: the counters agree with the network's own counts, the
 * payload and the link's round-trip time.
 */
class StatsScenarioTest {

    private static final long MILLIS = Scenario.MILLIS;
    private static final long PAYLOAD = 1024 * 1024;
    private static final long ROUND_TRIP = 20 * MILLIS;

    @Test
    void statisticsAreConsistentAfterATransferOverALossyLink() {
        Scenario scenario = new Scenario(51, Scenario.delay(10), Scenario.config(), Scenario.config());
        TransferApp clientTransfer = new TransferApp(1, PAYLOAD, 1);
        TransferApp serverTransfer = new TransferApp(1, PAYLOAD, 1);
        boolean[] updated = new boolean[1];
        scenario.client.application(new QuicNode.Application() {
            @Override
            public void onEvent(QuicNode node, ConnectionEvent event, long nowNanos) {
                clientTransfer.onEvent(node, event, nowNanos);
            }

            @Override
            public void afterInput(QuicNode node, long nowNanos) {
                clientTransfer.afterInput(node, nowNanos);
                if (!updated[0] && clientTransfer.bytesReceived > PAYLOAD / 2) {
                    updated[0] = node.connection().initiateKeyUpdate(nowNanos);
                }
            }
        });
        scenario.server.application(serverTransfer);
        // A clean handshake (so its duration is one round trip), then 3% loss both ways.
        SplittableRandom random = new SplittableRandom(51);
        scenario.network.intercept(Scenario.CLIENT, Scenario.SERVER,
                (d, s, t) -> scenario.bothEstablished() && random.nextDouble() < 0.03 ? null : d);
        scenario.network.intercept(Scenario.SERVER, Scenario.CLIENT,
                (d, s, t) -> scenario.bothEstablished() && random.nextDouble() < 0.03 ? null : d);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(() -> clientTransfer.receivedAll() && serverTransfer.receivedAll(),
                    60 * Scenario.SECONDS);
            assertEquals(List.of(), clientTransfer.failures);
            assertEquals(List.of(), serverTransfer.failures);
            scenario.network.runFor(500 * MILLIS);
            ConnectionStats client = scenario.client.connection().stats();
            ConnectionStats server = scenario.server.connection().stats();
            System.out.println("client " + client);
            System.out.println("server " + server);
            LinkStatistics up = scenario.network.statistics(Scenario.CLIENT, Scenario.SERVER);
            LinkStatistics down = scenario.network.statistics(Scenario.SERVER, Scenario.CLIENT);
            System.out.println("client->server " + up + "; server->client " + down);
            assertTrue(up.droppedTotal() > 0 && down.droppedTotal() > 0);

            // Datagram and byte counts match what the network carried.
            assertEquals(up.sent(), client.datagramsSent());
            assertEquals(up.bytesSent(), client.bytesSent());
            assertEquals(up.delivered(), server.datagramsReceived());
            assertEquals(up.bytesDelivered(), server.bytesReceived());
            assertEquals(down.sent(), server.datagramsSent());
            assertEquals(down.bytesSent(), server.bytesSent());
            assertEquals(down.delivered(), client.datagramsReceived());
            assertEquals(down.bytesDelivered(), client.bytesReceived());

            // Without reordering no loss is spurious: at most what the link dropped, most of it
            // (a lost ACK-only packet is never declared lost).
            assertTrue(client.packetsLost() <= up.droppedTotal() && client.packetsLost() >= up.droppedTotal() / 2);
            assertTrue(server.packetsLost() <= down.droppedTotal()
                    && server.packetsLost() >= down.droppedTotal() / 2);

            for (ConnectionStats stats : new ConnectionStats[] {client, server}) {
                // The payload went out with headers, ACKs and retransmissions: more, not wildly more.
                assertTrue(stats.bytesSent() > PAYLOAD && stats.bytesSent() < PAYLOAD * 13 / 10, stats.toString());
                assertTrue(stats.bytesReceived() > PAYLOAD * 9 / 10 && stats.bytesReceived() < PAYLOAD * 13 / 10);
                assertTrue(stats.packetsSent() >= PAYLOAD / 1200, "packets sent " + stats.packetsSent());
                assertTrue(stats.packetsSent() >= stats.datagramsSent() - 10);
                assertTrue(stats.packetsReceived() >= PAYLOAD / 1200 * 9 / 10);
                assertTrue(stats.packetsReceived() <= stats.datagramsReceived() * 3);
                // Loss: some packets declared lost, about the share the link dropped.
                assertTrue(stats.packetsLost() > 0, "packets lost");
                assertTrue(stats.packetsLost() < stats.packetsSent() / 10, "packets lost " + stats.packetsLost());
                assertTrue(stats.bytesLost() >= stats.packetsLost() * 20);
                assertTrue(stats.streamBytesRetransmitted() > 0);
                // RTT: the link's 20 ms, plus at most the ACK delay.
                assertTrue(stats.minRttNanos() >= ROUND_TRIP && stats.minRttNanos() <= stats.smoothedRttNanos());
                assertTrue(stats.smoothedRttNanos() >= ROUND_TRIP
                        && stats.smoothedRttNanos() <= ROUND_TRIP + 30 * MILLIS, "srtt " + stats.smoothedRttNanos());
                assertTrue(stats.latestRttNanos() >= ROUND_TRIP);
                assertTrue(stats.congestionWindowBytes() >= 2 * 1200);
                assertEquals(0, stats.bytesInFlight(), "all acknowledged after the transfer");
                assertEquals(1, stats.streamsOpenedLocally());
                assertEquals(1, stats.streamsOpenedByPeer());
                assertEquals(1, stats.keyUpdates());
                assertFalse(stats.zeroRttAccepted());
                assertEquals(0, stats.datagramFramesDropped());
            }
            // The client completes after one round trip; the server, created half a round trip
            // later, when the client's Finished arrives one round trip after that.
            assertEquals(ROUND_TRIP, client.handshakeDurationNanos());
            assertEquals(ROUND_TRIP, server.handshakeDurationNanos());
        });
    }
}
