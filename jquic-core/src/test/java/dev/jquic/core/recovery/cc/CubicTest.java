package dev.jquic.core.recovery.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 9438 formulas and CUBIC window evolution (windows in 1200-byte segments). */
class CubicTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final int SIZE = 1200;
    private static final long RTT = 100 * MS;

    /**
     * A window-limited sender (RFC 9002 §7.8: only then may the window grow): tops bytes in
     * flight up to the window with packets sent at {@code sentNanos}, then one of them is
     * acknowledged at {@code nowNanos}.
     */
    private static void ack(Cubic cubic, long sentNanos, long nowNanos) {
        for (int i = 0; i < 100_000 && cubic.bytesInFlight() < cubic.congestionWindowBytes(); i++) {
            cubic.onPacketSent(SIZE, sentNanos);
        }
        cubic.onPacketAcknowledged(SIZE, sentNanos, RTT, nowNanos);
    }

    @Test
    void constants() {
        assertEquals(0.4, Cubic.C);
        assertEquals(0.7, Cubic.BETA);
        // alpha_cubic = 3 * (1 - 0.7) / (1 + 0.7) = 0.9 / 1.7.
        assertEquals(0.5294117647058824, Cubic.ALPHA, 1e-15);
    }

    @Test
    void kAndCubicWindowFromTheFormulas() {
        // W_max = 10, cwnd_epoch = 7: K = cbrt(3 / 0.4) = cbrt(7.5).
        double k = Cubic.kSeconds(10, 7);
        assertEquals(1.9574338205844317, k, 1e-12);
        assertEquals(7.0, Cubic.cubicWindowSegments(0, k, 10), 1e-12);
        assertEquals(10.0, Cubic.cubicWindowSegments(k, k, 10), 1e-12);
        assertEquals(13.0, Cubic.cubicWindowSegments(2 * k, k, 10), 1e-12);
        // 10 - 0.4 * (1.9574338 - 1)^3.
        assertEquals(9.64893600966, Cubic.cubicWindowSegments(1, k, 10), 1e-10);
        // W_max = 100, cwnd_epoch = 70 (beta 0.7): K = cbrt(75) = 4.217163...
        assertEquals(4.217163326508746, Cubic.kSeconds(100, 70), 1e-12);
    }

    @Test
    void betaReductionOnLoss() {
        Cubic cubic = new Cubic(SIZE);
        assertEquals(12_000, cubic.congestionWindowBytes());
        cubic.onCongestionEvent(0, 10 * MS);
        assertEquals(8400, cubic.congestionWindowBytes());
        assertEquals(8400, cubic.slowStartThresholdBytes());
        assertEquals(12_000, cubic.maxWindowBytes(), 0);
        assertEquals(12_000, cubic.priorWindowBytes(), 0);
        assertTrue(cubic.isInRecovery());
        assertFalse(cubic.isInSlowStart());
    }

    @Test
    void fastConvergenceLowersWmaxBelowTheCurrentWindow() {
        Cubic cubic = new Cubic(SIZE, FastConvergence.ENABLED);
        cubic.onCongestionEvent(0, 10 * MS);
        cubic.onCongestionEvent(20 * MS, 30 * MS);
        // cwnd 8400 < W_max 12000: W_max = 8400 * (1 + 0.7) / 2.
        assertEquals(7140, cubic.maxWindowBytes(), 1e-9);
        assertEquals(5880, cubic.congestionWindowBytes());

        Cubic without = new Cubic(SIZE, FastConvergence.DISABLED);
        without.onCongestionEvent(0, 10 * MS);
        without.onCongestionEvent(20 * MS, 30 * MS);
        assertEquals(8400, without.maxWindowBytes(), 0);
        assertEquals(5880, without.congestionWindowBytes());
    }

    @Test
    void renoFriendlyRegionThenConcaveGrowth() {
        Cubic cubic = new Cubic(SIZE);
        cubic.onCongestionEvent(0, 10 * MS);
        long epoch = 20 * MS;
        ack(cubic, 15 * MS, epoch);
        assertTrue(cubic.isEpochStarted());
        assertEquals(Cubic.kSeconds(10, 7), cubic.kSeconds(), 1e-12);
        // t = 0: W_cubic = 7 segments < W_est = 8400 + alpha * 1200 * 1200 / 8400: Reno-friendly.
        assertEquals(8490.75630252101, cubic.renoEstimateBytes(), 1e-6);
        assertEquals(8490, cubic.congestionWindowBytes());
        // t = 1 s: W_cubic(1) = 11578.7 bytes > W_est = 8580.5: concave region. target =
        // W_cubic(1.1) = 11697.4; cwnd += (target - cwnd) * 1200 / cwnd = 8943.95.
        ack(cubic, epoch, epoch + SECOND);
        assertEquals(8580.542525798919, cubic.renoEstimateBytes(), 1e-6);
        assertEquals(8943, cubic.congestionWindowBytes());
    }

    @Test
    void convexRegionGrowthIsCappedAtHalfTheWindowPerRtt() {
        Cubic cubic = new Cubic(SIZE);
        cubic.onCongestionEvent(0, 10 * MS);
        ack(cubic, 15 * MS, 20 * MS);
        long before = cubic.congestionWindowBytes();
        // Far beyond K, W_cubic(t + RTT) exceeds 1.5 * cwnd: target = 1.5 cwnd, so one
        // acknowledged segment adds (0.5 * cwnd) * 1200 / cwnd = 600 bytes.
        ack(cubic, 20 * MS, 20 * MS + 30 * SECOND);
        assertEquals(before + 600, cubic.congestionWindowBytes(), 1);
    }

    @Test
    void renoEstimateAlphaBecomesOneAtThePriorWindow() {
        Cubic cubic = new Cubic(SIZE);
        cubic.onCongestionEvent(0, 10 * MS);
        long now = 20 * MS;
        // Stay at t = 0 (W_cubic = 7 segments) so the window follows W_est, up to cwnd_prior.
        for (int acks = 0; cubic.renoEstimateBytes() < cubic.priorWindowBytes(); acks++) {
            assertTrue(acks < 100_000, "W_est reaches cwnd_prior within a bounded number of ACKs");
            ack(cubic, 15 * MS, now);
        }
        double estimate = cubic.renoEstimateBytes();
        double window = cubic.congestionWindowBytes();
        ack(cubic, 15 * MS, now);
        // alpha = 1: W_est grows by 1200 * 1200 / cwnd (within a byte of the exact window).
        assertEquals(estimate + 1200.0 * 1200 / window, cubic.renoEstimateBytes(), 0.5);
    }

    @Test
    void slowStartThenFirstLossSetsWmaxToTheWindow() {
        Cubic cubic = new Cubic(SIZE);
        for (int i = 0; i < 10; i++) {
            ack(cubic, 0, RTT);
        }
        assertEquals(24_000, cubic.congestionWindowBytes());
        assertTrue(cubic.isInSlowStart());
        cubic.onCongestionEvent(50 * MS, 200 * MS);
        assertEquals(24_000, cubic.maxWindowBytes(), 0);
        assertEquals(16_800, cubic.congestionWindowBytes());
    }

    @Test
    void persistentCongestionRestartsWithKZero() {
        Cubic cubic = new Cubic(SIZE);
        cubic.onCongestionEvent(0, 10 * MS);
        cubic.onPersistentCongestion(20 * MS);
        assertEquals(2400, cubic.congestionWindowBytes());
        assertTrue(cubic.isInSlowStart());
        long now = 30 * MS;
        for (int acks = 0; cubic.isInSlowStart(); acks++) {
            assertTrue(acks < 1_000, "slow start ends within a bounded number of ACKs");
            ack(cubic, 25 * MS, now);
        }
        assertEquals(8400, cubic.congestionWindowBytes());
        ack(cubic, 25 * MS, now);
        // RFC 9438 §4.8: first epoch after a timeout has K = 0 and W_max = cwnd_epoch.
        assertEquals(0, cubic.kSeconds());
        assertEquals(8400, cubic.maxWindowBytes(), 0);
    }

    @Test
    void applicationLimitedTimeIsExcludedFromT() {
        Cubic cubic = new Cubic(SIZE);
        cubic.onCongestionEvent(0, 10 * MS);
        ack(cubic, 15 * MS, 20 * MS);
        assertEquals(20 * MS, cubic.epochStartNanos());
        long window = cubic.congestionWindowBytes();
        cubic.setApplicationLimited(true);
        ack(cubic, 20 * MS, 100 * MS);
        ack(cubic, 20 * MS, 5 * SECOND);
        assertEquals(window, cubic.congestionWindowBytes());
        cubic.setApplicationLimited(false);
        ack(cubic, 20 * MS, 6 * SECOND);
        // The 100 ms .. 6 s pause is excluded: t_epoch moved by 5.9 s.
        assertEquals(20 * MS + 5900 * MS, cubic.epochStartNanos());
    }

    @Test
    void underusedWindowPausesTheEpochLikeApplicationLimits() {
        Cubic cubic = new Cubic(SIZE);
        cubic.onCongestionEvent(0, 10 * MS);
        ack(cubic, 15 * MS, 20 * MS);
        // Drain the window (these packets were sent into a full window: they still grow it),
        // then run for 5 s with a single packet in flight at a time.
        for (int i = 0; i < 100_000 && cubic.bytesInFlight() > 0; i++) {
            cubic.onPacketAcknowledged(SIZE, 15 * MS, RTT, 30 * MS);
        }
        long window = 0;
        for (long t = 100 * MS; t <= 5 * SECOND; t += RTT) {
            cubic.onPacketSent(SIZE, t);
            cubic.onPacketAcknowledged(SIZE, t, RTT, t + RTT);
            if (t == 400 * MS) {
                // Two round trips on, the memory of the full window is gone.
                assertTrue(cubic.isWindowUnderused());
                window = cubic.congestionWindowBytes();
            }
        }
        assertFalse(cubic.isApplicationLimited());
        assertTrue(cubic.isWindowUnderused());
        assertEquals(window, cubic.congestionWindowBytes());
        // Filling the window again resumes growth, with the pause (at least 4.5 s) excluded from t.
        long resume = 6 * SECOND;
        ack(cubic, resume, resume);
        assertTrue(cubic.epochStartNanos() > 20 * MS + 4500 * MS, "epoch start " + cubic.epochStartNanos());
        assertTrue(cubic.congestionWindowBytes() > window);
    }
}
