package dev.jquic.testkit.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ImpairmentDeciderTest {

    private static boolean[] verdicts(Impairment impairment, long seed, int count) {
        ImpairmentDecider decider = new ImpairmentDecider(impairment, seed);
        boolean[] dropped = new boolean[count];
        for (int i = 0; i < count; i++) {
            dropped[i] = decider.drop();
        }
        return dropped;
    }

    @Test
    void sameSeedSameVerdictsOtherSeedOtherVerdicts() {
        Impairment impairment = Impairment.burstLoss(0.3, 3);
        assertArrayEquals(verdicts(impairment, 42, 1_000), verdicts(impairment, 42, 1_000));
        assertFalse(java.util.Arrays.equals(verdicts(impairment, 42, 1_000), verdicts(impairment, 43, 1_000)));
    }

    @Test
    void burstLossHitsTheConfiguredShareAndNeverExceedsTheBurstLength() {
        boolean[] dropped = verdicts(Impairment.burstLoss(0.3, 3), 7, 200_000);
        assertEquals(0.3, share(dropped), 0.01, "long-run share of drops");
        // Issue #6: "30% each way (bursts of at most 3)": a datagram passes after every burst, so
        // bursts never merge into a longer run.
        assertEquals(3, longestRun(dropped), "longest run of drops");
    }

    @Test
    void independentDropsHitTheShareAndMayRunLonger() {
        boolean[] dropped = verdicts(Impairment.loss(0.3), 9, 200_000);
        assertEquals(0.3, share(dropped), 0.01, "long-run share of drops");
        int longestRun = longestRun(dropped);
        assertTrue(longestRun > 3, "independent drops are not capped: longest run " + longestRun);
    }

    private static double share(boolean[] dropped) {
        int drops = 0;
        for (boolean drop : dropped) {
            drops += drop ? 1 : 0;
        }
        return drops / (double) dropped.length;
    }

    private static int longestRun(boolean[] dropped) {
        int run = 0;
        int longest = 0;
        for (boolean drop : dropped) {
            run = drop ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    @Test
    void aShareBurstsCannotReachIsRefused() {
        // Bursts of 1..3 (mean 2), each followed by a passing datagram: at most 2/3 dropped.
        assertThrows(IllegalArgumentException.class, () -> Impairment.burstLoss(0.7, 3));
        assertEquals(0.6, Impairment.burstLoss(0.6, 3).lossShare());
    }

    @Test
    void burstsOfEveryLengthUpToMaxBurstOccurAndNoneIsLonger() {
        boolean[] dropped = verdicts(Impairment.burstLoss(0.3, 3), 11, 100_000);
        int[] runsOfLength = new int[5];
        int run = 0;
        for (boolean drop : dropped) {
            if (drop) {
                run++;
            } else if (run > 0) {
                runsOfLength[Math.min(run, 4)]++;
                run = 0;
            }
        }
        assertEquals(0, runsOfLength[4], "runs of more than 3 drops");
        for (int length = 1; length <= 3; length++) {
            assertTrue(runsOfLength[length] > 1_000, "runs of " + length + ": " + runsOfLength[length]);
        }
        ImpairmentDecider passThrough = new ImpairmentDecider(Impairment.NONE, 1);
        for (int i = 0; i < 10_000; i++) {
            assertFalse(passThrough.drop());
        }
    }

    @Test
    void corruptionFlipsExactlyOneBitInTheConfiguredShare() {
        ImpairmentDecider decider = new ImpairmentDecider(Impairment.corruption(0.02), 5);
        int corrupted = 0;
        for (int i = 0; i < 50_000; i++) {
            byte[] data = new byte[100];
            int bit = decider.corrupt(data, data.length);
            int ones = 0;
            for (byte b : data) {
                ones += Integer.bitCount(b & 0xff);
            }
            if (bit >= 0) {
                corrupted++;
                assertEquals(1, ones);
                assertEquals(1 << (bit & 7), data[bit >>> 3] & 0xff);
            } else {
                assertEquals(0, ones);
            }
        }
        assertEquals(0.02, corrupted / 50_000.0, 0.003);
    }

    @Test
    void rejectsOutOfRangeShares() {
        assertThrows(IllegalArgumentException.class, () -> Impairment.loss(1.0));
        assertThrows(IllegalArgumentException.class, () -> Impairment.corruption(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new Impairment(0.1, 0, 0));
    }
}
