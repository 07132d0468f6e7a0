package dev.jquic.testkit.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class LinkConservationPropertiesTest {

    private static final SimulatedAddress CLIENT = SimulatedAddress.of(1, 1000);
    private static final SimulatedAddress SERVER = SimulatedAddress.of(2, 2000);

    private static SimulatedNetwork run(long seed, LinkModel model, int count) {
        SimulatedNetwork network = new SimulatedNetwork(seed).recordTrace();
        network.register(CLIENT, new TestNodes.Sender(CLIENT, SERVER, count, 100, 50_000))
                .register(SERVER, new TestNodes.Sink())
                .link(CLIENT, SERVER, model);
        network.runUntilIdle(60_000_000_000L);
        return network;
    }

    @Property(tries = 100)
    void everyDatagramIsDeliveredOrDroppedAndRunsReplay(
            @ForAll long seed,
            @ForAll @DoubleRange(min = 0, max = 1) double lossRate,
            @ForAll @DoubleRange(min = 0, max = 1) double duplicationRate,
            @ForAll @IntRange(min = 1, max = 20) int queueLimit,
            @ForAll @IntRange(min = 0, max = 200) int count) {
        LinkModel model = LinkModel.builder().oneWayDelayNanos(1_000_000).jitterWithReorderingNanos(2_000_000)
                .lossRate(lossRate).duplicationRate(duplicationRate).corruptionRate(0.1)
                .bandwidthBitsPerSecond(5_000_000).queueLimitPackets(queueLimit).build();

        SimulatedNetwork network = run(seed, model, count);
        LinkStatistics statistics = network.statistics(CLIENT, SERVER);

        assertEquals(count, statistics.sent());
        assertEquals(statistics.sent() + statistics.duplicated(), statistics.delivered() + statistics.droppedTotal());
        assertEquals(network.trace(), run(seed, model, count).trace());
    }
}
