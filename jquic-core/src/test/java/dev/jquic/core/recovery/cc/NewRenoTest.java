package dev.jquic.core.recovery.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 9002 §7 and Appendix B: the NewReno window through its states. */
class NewRenoTest {

    private static final long MS = 1_000_000L;
    private static final int SIZE = 1200;
    private static final long RTT = 100 * MS;

    private static void sendAndAck(NewReno reno, int packets, long sentNanos, long ackNanos) {
        for (int i = 0; i < packets; i++) {
            reno.onPacketSent(SIZE, sentNanos);
        }
        for (int i = 0; i < packets; i++) {
            reno.onPacketAcknowledged(SIZE, sentNanos, RTT, ackNanos);
        }
    }

    /**
     * A window-limited sender (RFC 9002 §7.8: only then may the window grow): tops bytes in
     * flight up to the window with packets sent at {@code sentNanos}, then one of them is
     * acknowledged at {@code ackNanos}.
     */
    private static void ackInFullWindow(NewReno reno, long sentNanos, long ackNanos) {
        for (int i = 0; i < 100_000 && reno.bytesInFlight() < reno.congestionWindowBytes(); i++) {
            reno.onPacketSent(SIZE, sentNanos);
        }
        reno.onPacketAcknowledged(SIZE, sentNanos, RTT, ackNanos);
    }

    @Test
    void initialAndMinimumWindows() {
        // min(10 * mds, max(14720, 2 * mds)).
        assertEquals(12_000, new NewReno(1200).congestionWindowBytes());
        assertEquals(14_720, new NewReno(1500).congestionWindowBytes());
        assertEquals(18_000, new NewReno(9000).congestionWindowBytes());
        assertEquals(2400, new NewReno(1200).minimumWindowBytes());
        assertEquals(Long.MAX_VALUE, new NewReno(1200).slowStartThresholdBytes());
        assertThrows(IllegalArgumentException.class, () -> new NewReno(1199));
    }

    @Test
    void windowThroughSlowStartLossRecoveryAndCongestionAvoidance() {
        NewReno reno = new NewReno(SIZE);
        assertTrue(reno.isInSlowStart());
        // Slow start: every acknowledged byte grows the window.
        sendAndAck(reno, 10, 0, 100 * MS);
        assertEquals(24_000, reno.congestionWindowBytes());
        assertEquals(0, reno.bytesInFlight());

        // Loss of a packet sent at 150 ms, detected at 300 ms: ssthresh = cwnd / 2.
        for (int i = 0; i < 5; i++) {
            reno.onPacketSent(SIZE, 150 * MS);
        }
        reno.onPacketLost(SIZE);
        reno.onCongestionEvent(150 * MS, 300 * MS);
        assertEquals(12_000, reno.slowStartThresholdBytes());
        assertEquals(12_000, reno.congestionWindowBytes());
        assertTrue(reno.isInRecovery());
        assertFalse(reno.isInSlowStart());

        // Further losses of packets sent before the recovery started change nothing.
        reno.onPacketLost(SIZE);
        reno.onCongestionEvent(200 * MS, 310 * MS);
        assertEquals(12_000, reno.congestionWindowBytes());
        // Acknowledgments of such packets neither grow the window nor end recovery.
        reno.onPacketAcknowledged(SIZE, 150 * MS, RTT, 320 * MS);
        assertEquals(12_000, reno.congestionWindowBytes());
        assertTrue(reno.isInRecovery());
        assertEquals(2L * SIZE, reno.bytesInFlight());
        reno.onPacketAcknowledged(SIZE, 150 * MS, RTT, 320 * MS);
        reno.onPacketAcknowledged(SIZE, 150 * MS, RTT, 320 * MS);

        // A packet sent after recovery started is acknowledged: congestion avoidance,
        // one max_datagram_size per window of acknowledged bytes.
        for (int i = 0; i < 9; i++) {
            ackInFullWindow(reno, 350 * MS, 450 * MS);
            assertEquals(12_000, reno.congestionWindowBytes());
        }
        assertFalse(reno.isInRecovery());
        ackInFullWindow(reno, 350 * MS, 450 * MS);
        assertEquals(13_200, reno.congestionWindowBytes());
        // The next increase needs a whole 13200-byte window.
        for (int i = 0; i < 10; i++) {
            ackInFullWindow(reno, 460 * MS, 560 * MS);
        }
        assertEquals(13_200, reno.congestionWindowBytes());
        ackInFullWindow(reno, 460 * MS, 560 * MS);
        assertEquals(14_400, reno.congestionWindowBytes());

        // A new loss, of a packet sent after the first recovery started, enters a new period.
        reno.onCongestionEvent(500 * MS, 600 * MS);
        assertEquals(7200, reno.congestionWindowBytes());
    }

    @Test
    void windowNeverFallsBelowTheMinimum() {
        NewReno reno = new NewReno(SIZE);
        for (int i = 1; i <= 10; i++) {
            reno.onCongestionEvent(i * 1000 * MS, i * 1000 * MS + 1);
        }
        assertEquals(2400, reno.congestionWindowBytes());
        assertEquals(1200, reno.slowStartThresholdBytes());
    }

    @Test
    void applicationLimitedAcksDoNotGrowTheWindow() {
        NewReno reno = new NewReno(SIZE);
        reno.setApplicationLimited(true);
        sendAndAck(reno, 5, 0, 100 * MS);
        assertEquals(12_000, reno.congestionWindowBytes());
        assertEquals(0, reno.bytesInFlight());
        reno.setApplicationLimited(false);
        // Half the window in flight counts as using it (one more segment, then it is under-used).
        sendAndAck(reno, 5, 100 * MS, 200 * MS);
        assertEquals(13_200, reno.congestionWindowBytes());
        // A full window doubles it in slow start.
        sendAndAck(reno, 11, 200 * MS, 300 * MS);
        assertEquals(26_400, reno.congestionWindowBytes());
    }

    /**
     * RFC 9002 §7.8, the reported bug: a loss-free sender that has data queued but keeps only a
     * few packets in flight (paced by its application or by the peer's flow control) never fills
     * the window, so the window must not grow without bound (it reached 262 MiB in an upload).
     */
    @Test
    void lossFreeUnderusedSenderKeepsABoundedWindow() {
        NewReno reno = new NewReno(SIZE);
        long now = 0;
        for (int round = 0; round < 100_000; round++) {
            sendAndAck(reno, 4, now, now + RTT);
            now += RTT;
        }
        assertFalse(reno.isApplicationLimited());
        assertTrue(reno.isWindowUnderused());
        assertEquals(12_000, reno.congestionWindowBytes());
        assertTrue(reno.isInSlowStart());

        Cubic cubic = new Cubic(SIZE);
        cubic.onCongestionEvent(0, 1);
        for (int round = 0; round < 100_000; round++) {
            cubic.onPacketSent(SIZE, now);
            cubic.onPacketSent(SIZE, now);
            cubic.onPacketAcknowledged(SIZE, now, RTT, now + RTT);
            cubic.onPacketAcknowledged(SIZE, now, RTT, now + RTT);
            now += RTT;
        }
        assertEquals(8400, cubic.congestionWindowBytes());
    }

    /** Slow start keeps growing while each round trip fills at least half the window. */
    @Test
    void windowGrowsWhileTheSenderFillsIt() {
        NewReno reno = new NewReno(SIZE);
        long now = 0;
        for (int round = 0; round < 5; round++) {
            int packets = (int) (reno.congestionWindowBytes() / SIZE);
            sendAndAck(reno, packets, now, now + RTT);
            now += RTT;
        }
        // 12000 doubled five times.
        assertEquals(384_000, reno.congestionWindowBytes());
        // Now only a quarter of the window per round: growth stops after the round that still
        // remembers the full one.
        for (int round = 0; round < 10; round++) {
            sendAndAck(reno, 80, now, now + RTT);
            now += RTT;
        }
        long settled = reno.congestionWindowBytes();
        assertTrue(settled < 2 * 384_000, "grew to " + settled);
        sendAndAck(reno, 80, now, now + RTT);
        assertEquals(settled, reno.congestionWindowBytes());
    }

    @Test
    void persistentCongestionCollapsesTheWindowAndRestartsSlowStart() {
        NewReno reno = new NewReno(SIZE);
        sendAndAck(reno, 10, 0, 100 * MS);
        reno.onCongestionEvent(150 * MS, 300 * MS);
        reno.onPersistentCongestion(300 * MS);
        assertEquals(2400, reno.congestionWindowBytes());
        assertFalse(reno.isInRecovery());
        assertTrue(reno.isInSlowStart());
        // Recovery start was reset: even an old packet's ACK grows the window again.
        reno.onPacketSent(SIZE, 200 * MS);
        reno.onPacketAcknowledged(SIZE, 200 * MS, RTT, 350 * MS);
        assertEquals(3600, reno.congestionWindowBytes());
    }

    @Test
    void canSendRespectsTheWindow() {
        NewReno reno = new NewReno(SIZE);
        for (int i = 0; i < 9; i++) {
            reno.onPacketSent(SIZE, 0);
        }
        assertTrue(reno.canSend(SIZE));
        assertEquals(1200, reno.availableWindowBytes());
        reno.onPacketSent(SIZE, 0);
        assertFalse(reno.canSend(1));
        assertEquals(0, reno.availableWindowBytes());
        reno.onPacketDiscarded(SIZE);
        assertTrue(reno.canSend(SIZE));
        assertThrows(IllegalStateException.class, () -> reno.onPacketLost(100_000));
    }

    @Test
    void maxDatagramSizeChangeRaisesTheMinimum() {
        NewReno reno = new NewReno(SIZE);
        reno.onPersistentCongestion(0);
        reno.setMaxDatagramSize(1500);
        assertEquals(3000, reno.minimumWindowBytes());
        assertEquals(3000, reno.congestionWindowBytes());
    }
}
