package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.connection.ConnectionConfig;
import dev.jquic.core.frame.Frame;
import dev.jquic.core.trace.ConnectionTracer;
import dev.jquic.core.types.PacketType;
import dev.jquic.testkit.net.SeedReporting;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 9000 §21.4: a sender skips packet numbers now and then so that an ACK of a number never
 * sent exposes an optimistic-ACK attacker; an honest peer's transfer is unaffected.
 */
class SkippedPacketNumberScenarioTest {

    /** Records the 1-RTT packet numbers a connection sends. */
    private static final class OneRttNumbers implements ConnectionTracer {
        final List<Long> numbers = new ArrayList<>();

        @Override
        public void packetSent(long timeNanos, PacketType type, long packetNumber, int sizeBytes, List<Frame> frames) {
            if (type == PacketType.ONE_RTT) {
                numbers.add(packetNumber);
            }
        }

        /** Numbers missing between consecutive packets sent; fails on a run of two or more. */
        int skippedNumbers(List<String> failures) {
            int skipped = 0;
            for (int i = 1; i < numbers.size(); i++) {
                long gap = numbers.get(i) - numbers.get(i - 1) - 1;
                if (gap < 0 || gap > 1) {
                    failures.add("after " + numbers.get(i - 1) + " came " + numbers.get(i));
                }
                skipped += (int) Math.max(gap, 0);
            }
            return skipped;
        }
    }

    private static int skippedDuringUpload(int skipOneIn, long seed, List<String> failures, int[] sent) {
        ConnectionConfig clientConfig = ConnectionConfig.builder().probabilityOfSkippedPacketNumber(skipOneIn).build();
        Scenario scenario = new Scenario(seed, Scenario.delay(5), clientConfig, Scenario.config());
        OneRttNumbers tracer = new OneRttNumbers();
        scenario.client.connection().setTracer(tracer);
        long bytes = 1_000_000;
        TransferApp sender = new TransferApp(1, bytes, 0);
        TransferApp receiver = new TransferApp(0, bytes, 1);
        scenario.client.application(sender);
        scenario.server.application(receiver);
        int[] skipped = new int[1];
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(receiver::receivedAll, 60 * Scenario.SECONDS);
            assertEquals(List.of(), receiver.failures);
            assertEquals(bytes, receiver.bytesReceived);
            // The server acknowledged every packet and never a skipped number: no PROTOCOL_VIOLATION.
            assertTrue(scenario.client.connection().state().isEstablished(), "the connection is still open");
            skipped[0] = tracer.skippedNumbers(failures);
            sent[0] = tracer.numbers.size();
        });
        return skipped[0];
    }

    @Test
    void aboutOneNumberInTheConfiguredManyIsSkippedAndTheTransferIsUnaffected() {
        List<String> failures = new ArrayList<>();
        int[] sent = new int[1];
        int skipped = skippedDuringUpload(16, 31, failures, sent);
        assertEquals(List.of(), failures, "packet numbers only ever skip one at a time");
        // About 900 packets for 1 MB: 1 in 16 is ~56 skips; a uniform distance in [1, 31] keeps it
        // well inside a factor of two.
        double expected = sent[0] / 16.0;
        assertTrue(sent[0] > 700, "packets sent: " + sent[0]);
        assertTrue(skipped >= expected / 2 && skipped <= expected * 2,
                skipped + " numbers skipped in " + sent[0] + " packets, expected about " + expected);
    }

    @Test
    void noNumberIsSkippedWhenSkippingIsOff() {
        List<String> failures = new ArrayList<>();
        int[] sent = new int[1];
        assertEquals(0, skippedDuringUpload(0, 32, failures, sent));
        assertEquals(List.of(), failures);
    }
}
