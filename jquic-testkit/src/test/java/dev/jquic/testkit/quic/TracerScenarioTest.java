package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.connection.ConnectionStats;
import dev.jquic.core.frame.Frame;
import dev.jquic.core.frame.StreamFrame;
import dev.jquic.core.trace.ConnectionTracer;
import dev.jquic.core.trace.PacketDropReason;
import dev.jquic.core.types.PacketNumberSpace;
import dev.jquic.core.types.PacketType;
import dev.jquic.testkit.net.LinkModel;
import dev.jquic.testkit.tls.NullTls;
import dev.jquic.testkit.net.SeedReporting;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The connection tracer sees every packet sent, received, lost and dropped, as the statistics
 * count them, and each packet that waits for its keys.
 */
class TracerScenarioTest {

    private static final class CountingTracer implements ConnectionTracer {
        long sent;
        long received;
        long lost;
        long metrics;
        long streamBytesSent;
        long lastSentNumberOneRtt = -1;
        final List<String> states = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        final Map<PacketDropReason, Long> dropped = new EnumMap<>(PacketDropReason.class);
        long buffered;

        @Override
        public void packetSent(long timeNanos, PacketType type, long packetNumber, int sizeBytes, List<Frame> frames) {
            sent++;
            if (sizeBytes <= 0) {
                failures.add("size " + sizeBytes);
            }
            if (type == PacketType.ONE_RTT) {
                if (packetNumber <= lastSentNumberOneRtt) {
                    failures.add("1-RTT packet numbers not increasing: " + packetNumber);
                }
                lastSentNumberOneRtt = packetNumber;
            }
            for (Frame frame : frames) {
                if (frame instanceof StreamFrame stream) {
                    streamBytesSent += stream.length();
                }
            }
        }

        @Override
        public void packetReceived(long timeNanos, PacketType type, long packetNumber, int sizeBytes,
                List<Frame> frames) {
            received++;
        }

        @Override
        public void packetLost(long timeNanos, PacketNumberSpace space, long packetNumber) {
            lost++;
        }

        @Override
        public void metricsUpdated(long timeNanos, long congestionWindowBytes, long bytesInFlight,
                long smoothedRttNanos, long minRttNanos, long rttVariationNanos) {
            metrics++;
        }

        @Override
        public void stateChanged(long timeNanos, String state) {
            states.add(state);
        }

        @Override
        public void packetDropped(long timeNanos, PacketType type, int sizeBytes, PacketDropReason reason) {
            dropped.merge(reason, 1L, Long::sum);
            if (sizeBytes <= 0) {
                failures.add("dropped packet of size " + sizeBytes);
            }
        }

        @Override
        public void packetBuffered(long timeNanos, PacketType type, int sizeBytes) {
            buffered++;
            if (type != PacketType.HANDSHAKE && type != PacketType.ONE_RTT) {
                failures.add("buffered a " + type + " packet");
            }
        }

        long droppedTotal() {
            return dropped.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Sets {@code tracer} on the client, runs {@code streams} streams of {@code bytes} each way to
     * completion, and runs {@code checks} (the seed is printed if anything fails).
     */
    private static void tracedTransfer(Scenario scenario, CountingTracer tracer, int streams, long bytes,
            Runnable checks) {
        scenario.client.connection().setTracer(tracer);
        TransferApp clientApp = new TransferApp(streams, bytes, streams);
        TransferApp serverApp = new TransferApp(streams, bytes, streams);
        scenario.client.application(clientApp);
        scenario.server.application(serverApp);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(() -> clientApp.receivedAll() && serverApp.receivedAll(),
                    120 * Scenario.SECONDS);
            assertTrue(clientApp.receivedAll() && serverApp.receivedAll());
            assertEquals(List.of(), tracer.failures);
            checks.run();
        });
    }

    @Test
    void tracerCountsMatchTheStatisticsOnALossyLink() {
        LinkModel lossy = LinkModel.builder().oneWayDelayNanos(10 * Scenario.MILLIS).lossRate(0.05).build();
        Scenario scenario = new Scenario(21, lossy, Scenario.config(), Scenario.config());
        CountingTracer tracer = new CountingTracer();
        long bytes = 200 * 1024;
        tracedTransfer(scenario, tracer, 2, bytes, () -> {
            ConnectionStats stats = scenario.client.connection().stats();
            assertEquals(stats.packetsSent(), tracer.sent, "one packetSent per packet sent");
            assertEquals(stats.packetsReceived(), tracer.received, "one packetReceived per packet processed");
            assertEquals(stats.packetsLost(), tracer.lost, "one packetLost per packet declared lost");
            assertTrue(tracer.lost > 0, "the link lost packets");
            assertTrue(tracer.metrics > 0);
            assertTrue(tracer.streamBytesSent >= 2 * bytes, "all stream bytes appear in sent STREAM frames");
            assertEquals(List.of("handshake_complete", "handshake_confirmed"), tracer.states);
        });
    }

    @Test
    void everyDroppedPacketIsTracedWithItsReason() {
        // Duplicated datagrams give duplicate packet numbers; flipped bits fail authentication.
        LinkModel damaging = LinkModel.builder().oneWayDelayNanos(10 * Scenario.MILLIS)
                .duplicationRate(0.05).corruptionRate(0.05).build();
        long bytes = 100 * 1024;
        Set<PacketDropReason> reasonsSeen = EnumSet.noneOf(PacketDropReason.class);
        for (long seed = 1; seed <= 20 && !reasonsSeen.containsAll(
                EnumSet.of(PacketDropReason.DUPLICATE, PacketDropReason.DECRYPTION_FAILURE)); seed++) {
            Scenario scenario = new Scenario(seed, damaging, Scenario.config(), Scenario.config());
            CountingTracer tracer = new CountingTracer();
            tracedTransfer(scenario, tracer, 1, bytes, () -> assertEquals(
                    scenario.client.connection().stats().packetsDropped(), tracer.droppedTotal(),
                    "one packetDropped per packet dropped: " + tracer.dropped));
            reasonsSeen.addAll(tracer.dropped.keySet());
        }
        assertTrue(reasonsSeen.contains(PacketDropReason.DUPLICATE), "duplicates seen: " + reasonsSeen);
        assertTrue(reasonsSeen.contains(PacketDropReason.DECRYPTION_FAILURE), "damaged packets seen: " + reasonsSeen);
    }

    @Test
    void handshakePacketsThatArriveBeforeTheirKeysAreTracedAsBuffered() {
        // The server's flight spans three datagrams and the first, with the ServerHello, is lost:
        // the Handshake packets of the other two wait for the keys the repeated ServerHello brings.
        NullTls.Options padded = NullTls.Options.defaults().withServerFlightPaddingBytes(3_000);
        Scenario scenario = new Scenario(3, Scenario.delay(10), Scenario.delay(10), Scenario.config(),
                Scenario.config(), Scenario.nullTlsClient(),
                parameters -> NullTls.server(parameters, List.of("test"), padded));
        CountingTracer tracer = new CountingTracer();
        scenario.client.connection().setTracer(tracer);
        scenario.network.intercept(Scenario.SERVER, Scenario.CLIENT,
                (datagram, sequence, now) -> sequence == 0 ? null : datagram);
        scenario.network.runUntil(scenario::bothEstablished, 10 * Scenario.SECONDS);
        assertTrue(scenario.bothEstablished());
        assertEquals(List.of(), tracer.failures);
        assertTrue(tracer.buffered >= 2, "Handshake packets buffered: " + tracer.buffered);
        assertEquals(scenario.client.connection().stats().packetsDropped(), tracer.droppedTotal());
    }
}
