package dev.jquic.testkit.relay;

/**
 * The seeded impairments of one direction of the relay.
 *
 * @param lossShare       long-run share of datagrams dropped, in [0, 1); with bursts at most
 *                        {@code L / (L + 1)}, L being the mean burst length {@code (1 + maxBurst) / 2}
 * @param maxBurst        1: independent drops; above 1, the longest run of consecutive drops:
 *                        bursts are uniform in 1..maxBurst, each is followed by at least one
 *                        datagram that passes (so bursts never merge into longer runs), and they
 *                        start often enough that the long-run share of dropped datagrams is
 *                        {@code lossShare}
 * @param corruptionShare share of the forwarded datagrams in which one bit is flipped, in [0, 1)
 */
public record Impairment(double lossShare, int maxBurst, double corruptionShare) {

    /** No loss, no corruption. */
    public static final Impairment NONE = new Impairment(0, 1, 0);

    /** Validates the ranges. */
    public Impairment {
        if (!(lossShare >= 0 && lossShare < 1) || !(corruptionShare >= 0 && corruptionShare < 1)) {
            throw new IllegalArgumentException("shares must be in [0, 1): loss " + lossShare
                    + ", corruption " + corruptionShare);
        }
        if (maxBurst < 1) {
            throw new IllegalArgumentException("maxBurst must be at least 1, got " + maxBurst);
        }
        double meanBurst = (1 + maxBurst) / 2.0;
        if (maxBurst > 1 && lossShare > meanBurst / (meanBurst + 1)) {
            throw new IllegalArgumentException("a loss share of " + lossShare + " cannot be reached with bursts of 1.."
                    + maxBurst + " each followed by a datagram that passes (at most " + meanBurst / (meanBurst + 1)
                    + ")");
        }
    }

    /** Independent drops of the given share. */
    public static Impairment loss(double share) {
        return new Impairment(share, 1, 0);
    }

    /** Drops in bursts of 1..maxBurst datagrams, {@code share} of all datagrams in the long run. */
    public static Impairment burstLoss(double share, int maxBurst) {
        return new Impairment(share, maxBurst, 0);
    }

    /** One flipped bit in {@code share} of the datagrams. */
    public static Impairment corruption(double share) {
        return new Impairment(0, 1, share);
    }

    /** Whether every burst is followed by a datagram that passes: bursts of more than one. */
    boolean separatesBursts() {
        return maxBurst > 1;
    }

    /**
     * The probability that a datagram outside a burst (and not the one that must pass after it)
     * starts one. Independent drops: the share itself. Bursts of mean length L, each followed by
     * one datagram that passes: a cycle is (1 - q) / q passing datagrams, L dropped and one
     * passing, so the share is L / ((1 - q) / q + L + 1); solved for q: s / (L (1 - s)).
     */
    double burstStartProbability() {
        if (!separatesBursts()) {
            return lossShare;
        }
        double meanBurst = (1 + maxBurst) / 2.0;
        return lossShare / (meanBurst * (1 - lossShare));
    }
}
