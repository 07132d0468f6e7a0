package dev.jquic.testkit.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.testkit.net.TestNodes.Arrival;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatedNetworkTest {

    private static final long MILLIS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final SimulatedAddress CLIENT = SimulatedAddress.of("client", 4433);
    private static final SimulatedAddress SERVER = SimulatedAddress.of("server", 443);

    private static SimulatedNetwork oneWay(long seed, LinkModel model, TestNodes.Sender sender, TestNodes.Sink sink) {
        SimulatedNetwork network = new SimulatedNetwork(seed);
        network.register(CLIENT, sender).register(SERVER, sink).link(CLIENT, SERVER, model);
        return network;
    }

    @Test
    void arrivalIsSendTimePlusDelayPlusSerialization() {
        // 1000 bytes at 1 Mbit/s = 8 ms on the wire; then 10 ms of propagation.
        LinkModel model = LinkModel.builder().oneWayDelayNanos(10 * MILLIS).bandwidthBitsPerSecond(1_000_000).build();
        TestNodes.Sender sender = new TestNodes.Sender(CLIENT, SERVER, 3, 1000, 0);
        TestNodes.Sink sink = new TestNodes.Sink();
        SimulatedNetwork network = oneWay(1, model, sender, sink);

        network.runUntilIdle(SECOND);

        assertEquals(List.of(0, 1, 2), sink.sequences());
        assertEquals(18 * MILLIS, sink.received.get(0).timeNanos());
        assertEquals(26 * MILLIS, sink.received.get(1).timeNanos());
        assertEquals(34 * MILLIS, sink.received.get(2).timeNanos());
        assertEquals(8 * MILLIS, model.serializationNanos(1000));
        assertEquals(34 * MILLIS, network.nowNanos());
    }

    @Test
    void pingPongRoundTripIsTwiceTheDelay() {
        TestNodes.Echo client = new TestNodes.Echo(CLIENT, 4);
        TestNodes.Echo server = new TestNodes.Echo(SERVER, Integer.MAX_VALUE);
        SimulatedNetwork network = new SimulatedNetwork(2)
                .register(CLIENT, client).register(SERVER, server)
                .linkBothWays(CLIENT, SERVER, LinkModel.builder().oneWayDelayNanos(15 * MILLIS).build());
        client.start(SERVER);

        long metAt = network.runUntil(() -> client.received.size() >= 3, SECOND);

        assertEquals(3 * 30 * MILLIS, metAt);
        network.runUntilIdle(SECOND);
        assertEquals(5, client.received.size(), "4 echoes by the client plus the first ping");
        assertEquals(List.of(30 * MILLIS, 60 * MILLIS, 90 * MILLIS, 120 * MILLIS, 150 * MILLIS),
                client.received.stream().map(Arrival::timeNanos).toList());
        assertEquals(5, network.statistics(SERVER, CLIENT).delivered());
    }

    @Test
    void lossRateMatchesConfigurationOver100kPackets() {
        int count = 100_000;
        TestNodes.Sender sender = new TestNodes.Sender(CLIENT, SERVER, count, 12, 0);
        TestNodes.Sink sink = new TestNodes.Sink();
        SimulatedNetwork network = oneWay(7, LinkModel.builder().lossRate(0.1).build(), sender, sink);

        network.runUntilIdle(SECOND);

        LinkStatistics statistics = network.statistics(CLIENT, SERVER);
        long lost = statistics.dropped(DropCause.RANDOM_LOSS);
        // Binomial(100000, 0.1): mean 10000, sigma ~ 95; accept +-5 sigma.
        assertTrue(Math.abs(lost - 10_000) < 475, "lost " + lost);
        assertEquals(count, statistics.sent());
        assertEquals(count - lost, statistics.delivered());
        assertEquals(count - lost, sink.received.size());
        assertEquals(lost, statistics.droppedTotal());
    }

    @Test
    void burstsNeverExceedTheConfiguredLength() {
        int count = 20_000;
        LinkModel capped = LinkModel.builder().burstLoss(0.05, 0.1).lossRate(0.2).maxConsecutiveLosses(3).build();
        TestNodes.Sink sink = new TestNodes.Sink();
        SimulatedNetwork network = oneWay(11, capped, new TestNodes.Sender(CLIENT, SERVER, count, 12, 0), sink);
        network.runUntilIdle(SECOND);

        assertEquals(3, longestGap(sink.sequences(), count));
        assertTrue(network.statistics(CLIENT, SERVER).dropped(DropCause.BURST_LOSS) > 0);
        assertTrue(network.statistics(CLIENT, SERVER).dropped(DropCause.RANDOM_LOSS) > 0);

        // The same Gilbert-Elliott model without the cap produces longer bursts (mean length 10).
        LinkModel uncapped = LinkModel.builder().burstLoss(0.05, 0.1).build();
        TestNodes.Sink uncappedSink = new TestNodes.Sink();
        oneWay(11, uncapped, new TestNodes.Sender(CLIENT, SERVER, count, 12, 0), uncappedSink).runUntilIdle(SECOND);
        assertTrue(longestGap(uncappedSink.sequences(), count) > 20);
    }

    private static int longestGap(List<Integer> sequences, int count) {
        int longest = 0;
        int previous = -1;
        for (int sequence : sequences) {
            assertTrue(sequence > previous, "in order without jitter");
            longest = Math.max(longest, sequence - previous - 1);
            previous = sequence;
        }
        return Math.max(longest, count - 1 - previous);
    }

    @Test
    void duplicationAndCorruptionAreCountedAndVisible() {
        int count = 10_000;
        LinkModel model = LinkModel.builder().duplicationRate(0.1).corruptionRate(0.05).build();
        TestNodes.Sink sink = new TestNodes.Sink();
        SimulatedNetwork network = oneWay(13, model, new TestNodes.Sender(CLIENT, SERVER, count, 40, 0), sink);
        network.runUntilIdle(SECOND);

        LinkStatistics statistics = network.statistics(CLIENT, SERVER);
        // Binomial sigmas: 30 for duplication, ~22 for corruption; accept +-5 sigma.
        assertTrue(Math.abs(statistics.duplicated() - 1000) < 150, "duplicated " + statistics.duplicated());
        assertTrue(Math.abs(statistics.corrupted() - 500) < 110, "corrupted " + statistics.corrupted());
        assertEquals(count + statistics.duplicated(), statistics.delivered());
        assertEquals(statistics.delivered(), sink.received.size());

        Set<Integer> corruptedSequences = new HashSet<>();
        int duplicateArrivals = 0;
        Set<Integer> seen = new HashSet<>();
        for (Arrival arrival : sink.received) {
            byte[] received = arrival.datagram().payload();
            int sequence = majoritySequence(received);
            if (!seen.add(sequence)) {
                duplicateArrivals++;
            }
            int flippedBits = 0;
            byte[] original = TestNodes.payload(sequence, 40);
            for (int i = 0; i < original.length; i++) {
                flippedBits += Integer.bitCount((original[i] ^ received[i]) & 0xff);
            }
            assertTrue(flippedBits <= 1, "at most one bit flipped");
            if (flippedBits == 1) {
                corruptedSequences.add(sequence);
            }
        }
        assertEquals(statistics.duplicated(), duplicateArrivals);
        assertEquals(count, seen.size());
        assertEquals(statistics.corrupted(), corruptedSequences.size());
    }

    private static int majoritySequence(byte[] payload) {
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        int first = buffer.getInt(0);
        int second = buffer.getInt(4);
        int third = buffer.getInt(8);
        return first == second || first == third ? first : second;
    }

    @Test
    void jitterReordersOnlyWhenAllowed() {
        int count = 1000;
        LinkModel reordering = LinkModel.builder().oneWayDelayNanos(MILLIS).jitterWithReorderingNanos(5 * MILLIS).build();
        TestNodes.Sink reorderedSink = new TestNodes.Sink();
        oneWay(17, reordering, new TestNodes.Sender(CLIENT, SERVER, count, 12, 100_000), reorderedSink)
                .runUntilIdle(SECOND);
        assertEquals(count, reorderedSink.received.size());
        assertTrue(inversions(reorderedSink.sequences()) > 100, "reordering expected");

        LinkModel ordered = LinkModel.builder().oneWayDelayNanos(MILLIS).jitterNanos(5 * MILLIS).duplicationRate(0.2).build();
        TestNodes.Sender sender = new TestNodes.Sender(CLIENT, SERVER, count, 12, 100_000);
        TestNodes.Sink orderedSink = new TestNodes.Sink();
        oneWay(17, ordered, sender, orderedSink).runUntilIdle(SECOND);
        assertEquals(0, inversions(orderedSink.sequences()));
        long delayed = 0;
        for (Arrival arrival : orderedSink.received) {
            long delayNanos = arrival.timeNanos() - sender.sendTimesNanos.get(arrival.sequence());
            assertTrue(delayNanos >= MILLIS);
            if (delayNanos > 2 * MILLIS) {
                delayed++;
            }
        }
        assertTrue(delayed > 100, "jitter adds delay");
    }

    private static long inversions(List<Integer> sequences) {
        long inversions = 0;
        for (int i = 1; i < sequences.size(); i++) {
            if (sequences.get(i) < sequences.get(i - 1)) {
                inversions++;
            }
        }
        return inversions;
    }

    @Test
    void bandwidthCapsThroughput() {
        // Offered: 1250 bytes every 5 ms = 2 Mbit/s, for 1 s. Capacity: 1 Mbit/s (10 ms a packet).
        LinkModel model = LinkModel.builder().bandwidthBitsPerSecond(1_000_000).queueLimitPackets(10_000).build();
        TestNodes.Sink sink = new TestNodes.Sink();
        SimulatedNetwork network = oneWay(19, model, new TestNodes.Sender(CLIENT, SERVER, 200, 1250, 5 * MILLIS), sink);

        network.runUntil(SECOND);

        assertEquals(100, sink.received.size(), "1 Mbit/s carries 100 packets of 10 kbit per second");
        assertEquals(125_000, network.statistics(CLIENT, SERVER).bytesDelivered());
        network.runUntilIdle(10 * SECOND);
        assertEquals(200, sink.received.size(), "nothing dropped with a big queue");
        assertEquals(2 * SECOND, network.nowNanos());
    }

    @Test
    void fullQueueDropsTheTail() {
        LinkModel model = LinkModel.builder().bandwidthBitsPerSecond(1_000_000).queueLimitPackets(10).build();
        TestNodes.Sink sink = new TestNodes.Sink();
        SimulatedNetwork network = oneWay(23, model, new TestNodes.Sender(CLIENT, SERVER, 100, 1250, 0), sink);

        network.runUntilIdle(SECOND);

        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), sink.sequences());
        assertEquals(90, network.statistics(CLIENT, SERVER).dropped(DropCause.QUEUE_OVERFLOW));
        assertEquals(100 * MILLIS, network.nowNanos());
    }

    @Test
    void blackholeWindowDropsEverythingInside() {
        LinkModel model = LinkModel.builder().oneWayDelayNanos(MILLIS).blackhole(10 * MILLIS, 20 * MILLIS).build();
        TestNodes.Sink sink = new TestNodes.Sink();
        SimulatedNetwork network = oneWay(29, model, new TestNodes.Sender(CLIENT, SERVER, 30, 12, MILLIS), sink);

        network.runUntilIdle(SECOND);

        List<Integer> expected = new ArrayList<>();
        for (int sequence = 0; sequence < 30; sequence++) {
            if (sequence < 10 || sequence >= 20) {
                expected.add(sequence);
            }
        }
        assertEquals(expected, sink.sequences());
        assertEquals(10, network.statistics(CLIENT, SERVER).dropped(DropCause.BLACKHOLE));
    }

    @Test
    void interceptorDropsAndModifies() {
        TestNodes.Sink sink = new TestNodes.Sink();
        SimulatedNetwork network = oneWay(31, LinkModel.PERFECT, new TestNodes.Sender(CLIENT, SERVER, 5, 12, MILLIS), sink);
        network.intercept(CLIENT, SERVER, (datagram, sequence, nowNanos) -> {
            if (sequence == 1) {
                return null;
            }
            if (sequence == 3) {
                byte[] payload = datagram.payload();
                payload[11] = 42;
                return datagram.withPayload(payload);
            }
            return datagram;
        });

        network.runUntilIdle(SECOND);

        assertEquals(List.of(0, 2, 3, 4), sink.sequences());
        assertEquals(42, sink.received.get(2).datagram().byteAt(11));
        assertEquals(4, sink.received.get(3).datagram().byteAt(11), "untouched");
        assertEquals(1, network.statistics(CLIENT, SERVER).dropped(DropCause.INTERCEPTOR));
    }

    @Test
    void dropSequencesInterceptorDropsTheListedDatagrams() {
        TestNodes.Sink sink = new TestNodes.Sink();
        SimulatedNetwork network = oneWay(37, LinkModel.PERFECT, new TestNodes.Sender(CLIENT, SERVER, 6, 12, 0), sink);
        network.intercept(CLIENT, SERVER, PacketInterceptor.dropSequences(0, 4));
        network.runUntilIdle(SECOND);
        assertEquals(List.of(1, 2, 3, 5), sink.sequences());
    }

    @Test
    void sendingToAnUnknownAddressIsCountedAsNoRoute() {
        SimulatedNetwork network = new SimulatedNetwork(41);
        SimulatedAddress nowhere = SimulatedAddress.of(9, 1);
        network.send(new Datagram(CLIENT, nowhere, new byte[3]));
        network.runUntilIdle(SECOND);
        assertEquals(1, network.statistics(CLIENT, nowhere).dropped(DropCause.NO_ROUTE));
        assertEquals(0, network.statistics(CLIENT, nowhere).delivered());
    }

    private static final LinkModel EVERYTHING = LinkModel.builder()
            .oneWayDelayNanos(5 * MILLIS).jitterWithReorderingNanos(3 * MILLIS).lossRate(0.05).burstLoss(0.01, 0.3)
            .duplicationRate(0.05).corruptionRate(0.05).bandwidthBitsPerSecond(10_000_000).queueLimitPackets(20)
            .blackhole(50 * MILLIS, 60 * MILLIS).build();

    private static List<TraceEvent> scenarioTrace(long seed) {
        SimulatedNetwork network = new SimulatedNetwork(seed).recordTrace();
        TestNodes.Sender sender = new TestNodes.Sender(CLIENT, SERVER, 500, 200, 200_000);
        TestNodes.Echo server = new TestNodes.Echo(SERVER, Integer.MAX_VALUE);
        network.register(CLIENT, sender).register(SERVER, server).linkBothWays(CLIENT, SERVER, EVERYTHING);
        network.runUntilIdle(10 * SECOND);
        return network.trace();
    }

    @Test
    void sameSeedGivesIdenticalTrace() {
        List<TraceEvent> first = scenarioTrace(1234);
        List<TraceEvent> second = scenarioTrace(1234);
        assertTrue(first.size() > 1000);
        assertEquals(first, second);
        for (TraceEvent.Kind kind : TraceEvent.Kind.values()) {
            assertTrue(first.stream().anyMatch(event -> event.kind() == kind) || kind == TraceEvent.Kind.TIMEOUT,
                    "trace exercises " + kind);
        }
    }

    @Test
    void differentSeedGivesDifferentTrace() {
        assertNotEquals(scenarioTrace(1234), scenarioTrace(1235));
    }

    @Test
    void addingALinkDoesNotChangeAnotherLinksRandomness() {
        SimulatedAddress otherSource = SimulatedAddress.of("other", 1);
        SimulatedAddress otherSink = SimulatedAddress.of("other-sink", 2);
        List<List<Integer>> receivedByRun = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            SimulatedNetwork network = new SimulatedNetwork(99);
            TestNodes.Sink sink = new TestNodes.Sink();
            network.register(CLIENT, new TestNodes.Sender(CLIENT, SERVER, 2000, 12, 0)).register(SERVER, sink)
                    .link(CLIENT, SERVER, LinkModel.builder().lossRate(0.3).build());
            if (run == 1) {
                network.register(otherSource, new TestNodes.Sender(otherSource, otherSink, 2000, 12, 0))
                        .register(otherSink, new TestNodes.Sink())
                        .link(otherSource, otherSink, LinkModel.builder().lossRate(0.3).build());
            }
            network.runUntilIdle(SECOND);
            receivedByRun.add(sink.sequences());
        }
        assertEquals(receivedByRun.get(0), receivedByRun.get(1));
    }

    @Test
    void aTimerAlwaysDueIsNamedAsASpinWithTheSeed() {
        SimulatedNetwork network = new SimulatedNetwork(4242).eventLimit(10_000);
        TestNodes.Runaway runaway = new TestNodes.Runaway();
        network.register(CLIENT, runaway);

        SimulationLimitException failure = assertThrows(SimulationLimitException.class,
                () -> network.runUntilIdle(SECOND));

        assertTrue(failure.getMessage().contains("node " + CLIENT + " spins"), failure.getMessage());
        assertTrue(failure.getMessage().contains("seed=4242"), failure.getMessage());
        assertEquals(4242, failure.seed());
        assertEquals(SimulatedNetwork.SPIN_LIMIT, runaway.timeouts);
        assertEquals(0, network.nowNanos(), "the loop never advanced time");
    }

    @Test
    void runawayLoopHitsTheEventLimitAndNamesTheSeed() {
        // Two nodes that echo every datagram over links without delay: endless events at one instant.
        TestNodes.Echo client = new TestNodes.Echo(CLIENT, Integer.MAX_VALUE);
        SimulatedNetwork network = new SimulatedNetwork(4243).eventLimit(10_000)
                .register(CLIENT, client).register(SERVER, new TestNodes.Echo(SERVER, Integer.MAX_VALUE))
                .linkBothWays(CLIENT, SERVER, LinkModel.PERFECT);
        client.start(SERVER);

        SimulationLimitException failure = assertThrows(SimulationLimitException.class,
                () -> network.runUntilIdle(SECOND));

        assertTrue(failure.getMessage().contains("event limit 10000"), failure.getMessage());
        assertTrue(failure.getMessage().contains("seed=4243"), failure.getMessage());
        assertEquals(0, network.nowNanos(), "the loop never advanced time");
    }

    @Test
    void endlessPingPongHitsTheTimeLimitAndNamesTheSeed() {
        TestNodes.Echo client = new TestNodes.Echo(CLIENT, Integer.MAX_VALUE);
        SimulatedNetwork network = new SimulatedNetwork(77)
                .register(CLIENT, client).register(SERVER, new TestNodes.Echo(SERVER, Integer.MAX_VALUE))
                .linkBothWays(CLIENT, SERVER, LinkModel.builder().oneWayDelayNanos(MILLIS).build());
        client.start(SERVER);

        SimulationLimitException notIdle = assertThrows(SimulationLimitException.class,
                () -> network.runUntilIdle(SECOND));
        assertTrue(notIdle.getMessage().contains("virtual-time limit 1000000000"), notIdle.getMessage());
        assertTrue(notIdle.getMessage().contains("seed=77"), notIdle.getMessage());
        assertTrue(network.nowNanos() <= SECOND);

        SimulationLimitException neverTrue = assertThrows(SimulationLimitException.class,
                () -> network.runUntil(() -> false, 2 * SECOND));
        assertTrue(neverTrue.getMessage().contains("condition still false"), neverTrue.getMessage());
    }

    @Test
    void conditionOnAnIdleNetworkFailsInsteadOfHanging() {
        SimulatedNetwork network = new SimulatedNetwork(5).register(SERVER, new TestNodes.Sink());
        SimulationLimitException failure = assertThrows(SimulationLimitException.class,
                () -> network.runUntil(() -> false, SECOND));
        assertTrue(failure.getMessage().contains("network idle"), failure.getMessage());
        assertTrue(failure.getMessage().contains("seed=5"), failure.getMessage());
    }

    @Test
    void runUntilAdvancesTheClockAndRefusesToGoBack() {
        SimulatedNetwork network = new SimulatedNetwork(3);
        network.runUntil(5 * MILLIS);
        assertEquals(5 * MILLIS, network.nowNanos());
        network.runFor(MILLIS);
        assertEquals(6 * MILLIS, network.nowNanos());
        assertThrows(IllegalArgumentException.class, () -> network.runUntil(MILLIS));
        assertThrows(IllegalStateException.class, () -> network.clock().advanceTo(0));
        assertTrue(network.idle());
        assertTrue(network.toString().contains("seed=3"));
    }

    @Test
    void timersFireAtTheirDeadline() {
        TestNodes.Sender sender = new TestNodes.Sender(CLIENT, SERVER, 4, 12, 7 * MILLIS);
        TestNodes.Sink sink = new TestNodes.Sink();
        SimulatedNetwork network = oneWay(43, LinkModel.PERFECT, sender, sink);
        network.runUntilIdle(SECOND);
        assertEquals(List.of(0L, 7 * MILLIS, 14 * MILLIS, 21 * MILLIS), sender.sendTimesNanos);
        assertEquals(List.of(0L, 7 * MILLIS, 14 * MILLIS, 21 * MILLIS),
                sink.received.stream().map(Arrival::timeNanos).toList());
    }

    /** A node that moves its deadline later and back: the superseded timer events must not fire. */
    private static final class FlipFlopTimer implements Node {
        final List<Long> firedAtNanos = new ArrayList<>();
        private final long[] deadlines = {10 * MILLIS, 20 * MILLIS, 10 * MILLIS};
        private int step;

        @Override
        public void receive(Datagram datagram, long nowNanos) {
        }

        @Override
        public Datagram poll(long nowNanos) {
            return null;
        }

        @Override
        public long nextTimeoutNanos() {
            if (!firedAtNanos.isEmpty()) {
                return Long.MAX_VALUE;
            }
            return deadlines[Math.min(step++, deadlines.length - 1)];
        }

        @Override
        public void onTimeout(long nowNanos) {
            firedAtNanos.add(nowNanos);
        }
    }

    @Test
    void supersededTimersDoNotFire() {
        FlipFlopTimer node = new FlipFlopTimer();
        SimulatedNetwork network = new SimulatedNetwork(47).register(CLIENT, node);
        network.runUntil(0); // reads 10 ms
        network.runUntil(0); // reads 20 ms
        network.runUntil(0); // reads 10 ms again (and stays there)
        network.runUntilIdle(SECOND);
        assertEquals(List.of(10 * MILLIS), node.firedAtNanos);
    }

    @Test
    void invalidSettingsAreRejectedByName() {
        IllegalArgumentException loss = assertThrows(IllegalArgumentException.class,
                () -> LinkModel.builder().lossRate(1.5));
        assertTrue(loss.getMessage().contains("lossRate"));
        assertThrows(IllegalArgumentException.class, () -> LinkModel.builder().oneWayDelayNanos(-1));
        assertThrows(IllegalArgumentException.class, () -> LinkModel.builder().bandwidthBitsPerSecond(0));
        assertThrows(IllegalArgumentException.class, () -> LinkModel.builder().blackhole(5, 5));
        assertThrows(IllegalArgumentException.class, () -> SimulatedAddress.of("", 1));
        assertThrows(IllegalArgumentException.class, () -> SimulatedAddress.of("a", 70_000));
        SimulatedNetwork network = new SimulatedNetwork(1).register(CLIENT, new TestNodes.Sink());
        assertThrows(IllegalArgumentException.class, () -> network.register(CLIENT, new TestNodes.Sink()));
    }

    @Test
    void datagramCopiesItsPayload() {
        byte[] bytes = {1, 2, 3};
        Datagram datagram = new Datagram(CLIENT, SERVER, bytes);
        bytes[0] = 9;
        datagram.payload()[1] = 9;
        assertEquals(new Datagram(CLIENT, SERVER, new byte[] {1, 2, 3}), datagram);
        assertEquals(3, datagram.length());
        assertFalse(datagram.toString().isEmpty());
    }
}
