package dev.jquic.core.recovery;

import static dev.jquic.core.types.PacketNumberSpace.APPLICATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.frame.AckFrame;
import dev.jquic.core.recovery.cc.NewReno;
import dev.jquic.core.types.EndpointRole;
import dev.jquic.core.types.PacketNumberSpace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 9000 §14.4: a lost PMTU probe leaves bytes in flight (it consumed congestion window) but
 * is no congestion signal: no recovery period, no window reduction, no persistent congestion.
 */
class ProbeLossRecoveryTest {

    private static final long MS = 1_000_000L;
    private static final int SIZE = 1200;
    private static final int PROBE_SIZE = 1452;

    /** Treats the packets whose contents are "probe" as PMTU probes. */
    private static final class ProbeAwareListener implements RecoveryListener<String> {
        final List<Long> lost = new ArrayList<>();

        @Override
        public void onPacketAcknowledged(PacketNumberSpace space, SentPacket<String> packet) {
        }

        @Override
        public void onPacketLost(PacketNumberSpace space, SentPacket<String> packet) {
            lost.add(packet.packetNumber());
        }

        @Override
        public boolean isCongestionSignalWhenLost(PacketNumberSpace space, SentPacket<String> packet) {
            return !"probe".equals(packet.contents());
        }
    }

    private final ProbeAwareListener listener = new ProbeAwareListener();
    private final RttEstimator rtt = new RttEstimator();
    private final NewReno newReno = new NewReno(SIZE);
    private final LossRecovery<String> recovery = new LossRecovery<>(EndpointRole.SERVER, rtt, newReno, listener);

    private void send(long packetNumber, int size, String contents, long timeNanos) {
        recovery.onPacketSent(APPLICATION, new SentPacket<>(packetNumber, timeNanos, size, true, true, contents));
    }

    @Test
    void aLostProbeLeavesBytesInFlightWithoutACongestionEvent() {
        recovery.onHandshakeConfirmed(0);
        send(0, SIZE, "data", 0);
        send(1, PROBE_SIZE, "probe", 0);
        assertEquals(SIZE + PROBE_SIZE, newReno.bytesInFlight(), "RFC 9000 §14.4: probes consume congestion window");
        long windowBefore = newReno.congestionWindowBytes();
        for (int pn = 2; pn <= 4; pn++) {
            send(pn, SIZE, "data", 0);
        }
        recovery.onAckReceived(APPLICATION, AckFrame.of(new long[] {4, 2, 0, 0}, 0, null), 0, 10 * MS);
        assertEquals(List.of(1L), listener.lost, "the probe is declared lost by packet threshold");
        assertEquals(0, newReno.bytesInFlight(), "and leaves bytes in flight");
        assertTrue(newReno.congestionWindowBytes() >= windowBefore, "no window reduction");
        assertTrue(!newReno.isInRecovery(), "no recovery period");
        assertEquals(Long.MAX_VALUE, newReno.slowStartThresholdBytes(), "still in slow start");
    }

    @Test
    void theSameLossOfADataPacketIsACongestionEvent() {
        recovery.onHandshakeConfirmed(0);
        send(0, SIZE, "data", 0);
        send(1, SIZE, "data", 0);
        for (int pn = 2; pn <= 4; pn++) {
            send(pn, SIZE, "data", 0);
        }
        recovery.onAckReceived(APPLICATION, AckFrame.of(new long[] {4, 2, 0, 0}, 0, null), 0, 10 * MS);
        assertEquals(List.of(1L), listener.lost);
        assertTrue(newReno.isInRecovery(), "control: a data loss does enter recovery");
    }

    @Test
    void lostProbesDoNotMakePersistentCongestion() {
        recovery.onHandshakeConfirmed(0);
        send(0, SIZE, "data", 0);
        recovery.onAckReceived(APPLICATION, AckFrame.of(new long[] {0, 0}, 0, null), 0, 10 * MS);
        long window = newReno.congestionWindowBytes();
        // Probes only, spread over far more than the persistent congestion duration, all lost.
        for (int pn = 1; pn <= 5; pn++) {
            send(pn, PROBE_SIZE, "probe", pn * 1_000 * MS);
        }
        send(6, SIZE, "data", 6_000 * MS);
        recovery.onAckReceived(APPLICATION, AckFrame.of(new long[] {6, 6}, 0, null), 0, 6_010 * MS);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), listener.lost);
        assertEquals(0, recovery.persistentCongestionCount());
        assertTrue(newReno.congestionWindowBytes() >= window, "window kept");
    }
}
