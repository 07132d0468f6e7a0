package dev.jquic.core.recovery.cc;

/**
 * The congestion controller of RFC 9002 §7 and Appendix B, similar to TCP NewReno: slow start
 * from the initial window, a recovery period that halves the window once per round trip
 * (kLossReductionFactor 0.5, never below kMinimumWindow), and additive increase of one
 * max_datagram_size per congestion window acknowledged in congestion avoidance, counted in
 * whole bytes as in RFC 3465 §2.1.
 *
 * <p>Single-threaded, not thread-safe.
 */
public final class NewReno extends WindowedCongestionController {

    private long bytesAckedInCongestionAvoidance;

    public NewReno(int maxDatagramSizeBytes) {
        super(maxDatagramSizeBytes);
    }

    /** RFC 9002 §7.3.3: at most one max_datagram_size per congestion window acknowledged. */
    @Override
    protected void growInCongestionAvoidance(int ackedBytes, long smoothedRttNanos, long nowNanos) {
        bytesAckedInCongestionAvoidance += ackedBytes;
        long window = congestionWindowBytes();
        if (bytesAckedInCongestionAvoidance >= window) {
            bytesAckedInCongestionAvoidance -= window;
            setCongestionWindowBytes(window + maxDatagramSizeBytes());
        }
    }

    /** RFC 9002 §7.3.2: ssthresh MUST be half the window; the window is set to it. */
    @Override
    protected void reduceWindow(long nowNanos) {
        long threshold = congestionWindowBytes() / 2;
        setSlowStartThresholdBytes(threshold);
        setCongestionWindowBytes(Math.max(threshold, minimumWindowBytes()));
        bytesAckedInCongestionAvoidance = 0;
    }

    @Override
    protected void resetAfterPersistentCongestion(long nowNanos) {
        bytesAckedInCongestionAvoidance = 0;
    }
}
