package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.testkit.net.LinkModel;
import dev.jquic.testkit.net.SeedReporting;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 9001 §6: key updates started by either endpoint in the middle of a transfer, several in a
 * row, on a clean and a lossy link. The transfer stays byte-exact and both endpoints move to
 * the same key generation.
 */
class KeyUpdateScenarioTest {

    private static final long BYTES_PER_STREAM = 2 * 1024 * 1024;
    private static final int UPDATES = 4;
    /**
     * 10 ms one way at 10 Mbit/s with a short queue (no bufferbloat inflating the PTO): the
     * transfer lasts about 2 s, long enough for several updates (each one waits until a packet
     * with the current keys is acknowledged, plus 3 PTO).
     */
    private static final LinkModel LINK = LinkModel.builder().oneWayDelayNanos(10 * Scenario.MILLIS)
            .bandwidthBitsPerSecond(10_000_000).queueLimitPackets(40).build();

    private static void run(long seed, LinkModel link, boolean clientUpdates, boolean serverUpdates) {
        Scenario scenario = new Scenario(seed, link, Scenario.config(), Scenario.config());
        TransferApp clientTransfer = new TransferApp(1, BYTES_PER_STREAM, 1);
        TransferApp serverTransfer = new TransferApp(1, BYTES_PER_STREAM, 1);
        long every = BYTES_PER_STREAM / (UPDATES + 1);
        KeyUpdatingApp clientApp = new KeyUpdatingApp(clientTransfer, every, clientUpdates ? UPDATES : 0);
        KeyUpdatingApp serverApp = new KeyUpdatingApp(serverTransfer, every, serverUpdates ? UPDATES : 0);
        scenario.client.application(clientApp);
        scenario.server.application(serverApp);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(() -> clientTransfer.receivedAll() && serverTransfer.receivedAll(),
                    120 * Scenario.SECONDS);
            assertEquals(List.of(), clientTransfer.failures);
            assertEquals(List.of(), serverTransfer.failures);
            assertEquals(BYTES_PER_STREAM, clientTransfer.bytesReceived);
            assertEquals(BYTES_PER_STREAM, serverTransfer.bytesReceived);
            int expected = (clientUpdates ? UPDATES : 0) + (serverUpdates ? UPDATES : 0);
            // Every update was started while data was still arriving (mid-transfer).
            assertEquals(clientUpdates ? UPDATES : 0, clientApp.updatesStarted);
            assertEquals(serverUpdates ? UPDATES : 0, serverApp.updatesStarted);
            // Let the last update propagate (a packet in the new phase must reach the peer).
            scenario.network.runFor(1 * Scenario.SECONDS);
            long clientGeneration = scenario.client.connection().keyGeneration();
            long serverGeneration = scenario.server.connection().keyGeneration();
            System.out.printf("key updates (client %b, server %b, seed %d): generations %d / %d, refusals %d / %d,"
                    + " %.3f s virtual%n", clientUpdates, serverUpdates, seed, clientGeneration, serverGeneration,
                    clientApp.refusals, serverApp.refusals, scenario.network.nowNanos() / 1e9);
            assertEquals(expected, clientGeneration);
            assertEquals(expected, serverGeneration);
            assertEquals(expected, scenario.client.connection().stats().keyUpdates());
            assertFalse(scenario.client.connection().state().isTerminating());
            assertFalse(scenario.server.connection().state().isTerminating());
            assertTrue(clientTransfer.sentAll() && serverTransfer.sentAll());
        });
    }

    @Test
    void clientInitiatedKeyUpdatesMidTransfer() {
        run(21, LINK, true, false);
    }

    @Test
    void serverInitiatedKeyUpdatesMidTransfer() {
        run(22, LINK, false, true);
    }

    @Test
    void keyUpdatesFromBothSidesThroughFivePercentLoss() {
        LinkModel lossy = LINK.toBuilder().lossRate(0.05).build();
        run(23, lossy, true, true);
        run(24, lossy, true, false);
        run(25, lossy, false, true);
    }

    @Test
    void keyUpdatesFromBothSidesThroughReorderingLossAndDuplication() {
        // Packets of the old and the new phase overtake each other (RFC 9001 §6.3, §6.5).
        LinkModel impaired = LINK.toBuilder().jitterWithReorderingNanos(3 * Scenario.MILLIS).lossRate(0.03)
                .duplicationRate(0.02).build();
        run(26, impaired, true, true);
        run(27, impaired, true, true);
    }
}
