package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.connection.ConnectionStats;
import dev.jquic.testkit.net.LinkModel;
import dev.jquic.testkit.net.SeedReporting;
import org.junit.jupiter.api.Test;

class TransferScenarioTest {

    private static final long MIB = 1024 * 1024;

    private static void runTransfer(long seed, LinkModel link, int streams, long bytesPerStream) {
        Scenario scenario = new Scenario(seed, link, Scenario.config(), Scenario.config());
        TransferApp clientApp = new TransferApp(streams, bytesPerStream, streams);
        TransferApp serverApp = new TransferApp(streams, bytesPerStream, streams);
        scenario.client.application(clientApp);
        scenario.server.application(serverApp);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(() -> clientApp.receivedAll() && serverApp.receivedAll(),
                    600 * Scenario.SECONDS);
            assertEquals(java.util.List.of(), clientApp.failures);
            assertEquals(java.util.List.of(), serverApp.failures);
            assertEquals(streams * bytesPerStream, clientApp.bytesReceived);
            assertEquals(streams * bytesPerStream, serverApp.bytesReceived);
            assertTrue(clientApp.sentAll() && serverApp.sentAll());
        });
        ConnectionStats stats = scenario.client.connection().stats();
        System.out.printf("transfer %d x %d B over %s: %.3f s virtual, client lost %d packets, srtt %.1f ms%n",
                streams, bytesPerStream, link, scenario.network.nowNanos() / 1e9, stats.packetsLost(),
                stats.smoothedRttNanos() / 1e6);
    }

    @Test
    void tenMebibytesEachWayOnACleanLink() {
        runTransfer(11, Scenario.delay(10), 1, 10 * MIB);
    }

    @Test
    void tenMebibytesEachWayThroughLossReorderingAndDuplication() {
        LinkModel impaired = LinkModel.builder().oneWayDelayNanos(10 * Scenario.MILLIS)
                .jitterWithReorderingNanos(2 * Scenario.MILLIS).lossRate(0.05).duplicationRate(0.01).build();
        runTransfer(12, impaired, 1, 10 * MIB);
    }

    @Test
    void hundredStreamsOfHundredKibibytesEachWay() {
        runTransfer(13, Scenario.delay(10), 100, 100 * 1024);
    }
}
