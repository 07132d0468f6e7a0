package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.connection.ConnectionStats;
import dev.jquic.core.frame.Frame;
import dev.jquic.core.frame.StreamFrame;
import dev.jquic.core.trace.ConnectionTracer;
import dev.jquic.core.types.PacketNumberSpace;
import dev.jquic.core.types.PacketType;
import dev.jquic.testkit.net.LinkModel;
import dev.jquic.testkit.net.SeedReporting;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The connection tracer sees every packet sent, received and lost, as the statistics count them. */
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
    }

    @Test
    void tracerCountsMatchTheStatisticsOnALossyLink() {
        LinkModel lossy = LinkModel.builder().oneWayDelayNanos(10 * Scenario.MILLIS).lossRate(0.05).build();
        Scenario scenario = new Scenario(21, lossy, Scenario.config(), Scenario.config());
        CountingTracer tracer = new CountingTracer();
        scenario.client.connection().setTracer(tracer);
        long bytes = 200 * 1024;
        TransferApp clientApp = new TransferApp(2, bytes, 2);
        TransferApp serverApp = new TransferApp(2, bytes, 2);
        scenario.client.application(clientApp);
        scenario.server.application(serverApp);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(() -> clientApp.receivedAll() && serverApp.receivedAll(),
                    120 * Scenario.SECONDS);
            assertTrue(clientApp.receivedAll() && serverApp.receivedAll());
            ConnectionStats stats = scenario.client.connection().stats();
            assertEquals(List.of(), tracer.failures);
            assertEquals(stats.packetsSent(), tracer.sent, "one packetSent per packet sent");
            assertEquals(stats.packetsReceived(), tracer.received, "one packetReceived per packet processed");
            assertEquals(stats.packetsLost(), tracer.lost, "one packetLost per packet declared lost");
            assertTrue(tracer.lost > 0, "the link lost packets");
            assertTrue(tracer.metrics > 0);
            assertTrue(tracer.streamBytesSent >= 2 * bytes, "all stream bytes appear in sent STREAM frames");
            assertEquals(List.of("handshake_complete", "handshake_confirmed"), tracer.states);
        });
    }
}
