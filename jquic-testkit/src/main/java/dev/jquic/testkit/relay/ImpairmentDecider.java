package dev.jquic.testkit.relay;

import java.util.SplittableRandom;

/**
 * The seeded drop and corrupt decisions of one relay direction: the n-th datagram offered gets
 * the same verdict for the same seed, whatever the timing. Not thread-safe (the relay thread owns
 * it).
 */
public final class ImpairmentDecider {

    private final Impairment impairment;
    private final SplittableRandom random;
    private final double burstStart;
    private int burstRemaining;
    /** The datagram after a burst passes, so that bursts never merge (see {@link Impairment}). */
    private boolean passNext;

    /** A decider for {@code impairment} whose choices follow {@code seed}. */
    public ImpairmentDecider(Impairment impairment, long seed) {
        this.impairment = impairment;
        this.random = new SplittableRandom(seed);
        this.burstStart = impairment.burstStartProbability();
    }

    /** Whether the next datagram is dropped (call once per datagram, before {@link #corrupt}). */
    public boolean drop() {
        if (burstRemaining > 0) {
            burstRemaining--;
            passNext = burstRemaining == 0 && impairment.separatesBursts();
            return true;
        }
        if (passNext) {
            passNext = false;
            return false;
        }
        if (impairment.lossShare() > 0 && random.nextDouble() < burstStart) {
            burstRemaining = random.nextInt(impairment.maxBurst()); // this one plus 0..maxBurst-1 more
            passNext = burstRemaining == 0 && impairment.separatesBursts();
            return true;
        }
        return false;
    }

    /**
     * Flips one seeded bit of {@code datagram[0..length)} with the configured probability.
     *
     * @return the index of the flipped bit, or -1 if the datagram is left intact
     */
    public int corrupt(byte[] datagram, int length) {
        if (impairment.corruptionShare() <= 0 || length == 0 || random.nextDouble() >= impairment.corruptionShare()) {
            return -1;
        }
        int bit = random.nextInt(length * 8);
        datagram[bit >>> 3] ^= (byte) (1 << (bit & 7));
        return bit;
    }
}
