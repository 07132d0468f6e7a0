package dev.jquic.testkit.relay;

/**
 * The seeded impairments of one direction of the relay.
 *
 * @param lossShare       long-run share of datagrams dropped, in [0, 1)
 * @param maxBurst        longest run of consecutive drops (1 = independent drops); bursts are
 *                        uniform in 1..maxBurst and start often enough that the long-run share of
 *                        dropped datagrams is {@code lossShare}
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

    /**
     * The probability that a datagram not inside a burst starts one: with mean burst length L and
     * target share s, a burst start probability q gives the share qL / (1 - q + qL); solved for q.
     */
    double burstStartProbability() {
        double meanBurst = (1 + maxBurst) / 2.0;
        return lossShare / (meanBurst * (1 - lossShare) + lossShare);
    }
}
