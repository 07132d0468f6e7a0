package dev.jquic.core.recovery;

/**
 * Round-trip time estimation of one network path (RFC 9002 §5, Appendix A.7 {@code UpdateRtt}):
 * latest_rtt, min_rtt, smoothed_rtt and rttvar, all in nanoseconds.
 *
 * <p>Before the first sample the estimator reports the initial RTT (§6.2.2: 333 ms unless a
 * previous connection's value is known) as smoothed RTT and half of it as variation. The first
 * sample resets it (§5.3). Later samples are adjusted for the peer's acknowledgment delay: once
 * the handshake is confirmed the delay is limited to the peer's max_ack_delay, and it is never
 * subtracted when that would take the sample below min_rtt (§5.3). The variation is updated
 * with the previous smoothed RTT, as in Appendix A.7 (the order of RFC 6298). Integer
 * arithmetic truncates towards zero.
 *
 * <p>Single-threaded, not thread-safe.
 */
public final class RttEstimator {

    /** RFC 9002 §6.2.2: the initial RTT when nothing better is known, 333 ms. */
    public static final long DEFAULT_INITIAL_RTT_NANOS = 333_000_000L;
    /** RFC 9000 §18.2: the default max_ack_delay transport parameter, 25 ms. */
    public static final long DEFAULT_MAX_ACK_DELAY_NANOS = 25_000_000L;
    /** RFC 9002 §6.1.2: timer granularity kGranularity, 1 ms. */
    public static final long GRANULARITY_NANOS = 1_000_000L;
    /** RFC 9002 §7.6.1: kPersistentCongestionThreshold. */
    public static final int PERSISTENT_CONGESTION_THRESHOLD = 3;

    private final long initialRttNanos;
    private long latestRttNanos;
    private long minRttNanos;
    private long smoothedRttNanos;
    private long rttVariationNanos;
    private long firstSampleTimeNanos;
    private boolean hasSample;
    private boolean handshakeConfirmed;
    private long peerMaxAckDelayNanos = DEFAULT_MAX_ACK_DELAY_NANOS;

    /** An estimator starting from {@link #DEFAULT_INITIAL_RTT_NANOS}. */
    public RttEstimator() {
        this(DEFAULT_INITIAL_RTT_NANOS);
    }

    /** An estimator starting from {@code initialRttNanos} (kInitialRtt, RFC 9002 §6.2.2). */
    public RttEstimator(long initialRttNanos) {
        if (initialRttNanos <= 0) {
            throw new IllegalArgumentException("initial RTT must be positive: " + initialRttNanos);
        }
        this.initialRttNanos = initialRttNanos;
        reset();
    }

    /** Forgets every sample (RFC 9002 §5.3, e.g. on migration to a new path, RFC 9000 §9.4). */
    public void reset() {
        latestRttNanos = 0;
        minRttNanos = 0;
        smoothedRttNanos = initialRttNanos;
        rttVariationNanos = initialRttNanos / 2;
        firstSampleTimeNanos = 0;
        hasSample = false;
    }

    /** The peer's max_ack_delay transport parameter (RFC 9000 §18.2), in nanoseconds. */
    public void setPeerMaxAckDelayNanos(long maxAckDelayNanos) {
        if (maxAckDelayNanos < 0) {
            throw new IllegalArgumentException("max_ack_delay must not be negative: " + maxAckDelayNanos);
        }
        this.peerMaxAckDelayNanos = maxAckDelayNanos;
    }

    /** From now on acknowledgment delays are limited to max_ack_delay (RFC 9002 §5.3). */
    public void onHandshakeConfirmed() {
        handshakeConfirmed = true;
    }

    /**
     * Adds one RTT sample (RFC 9002 §5.1: the caller only passes samples from an ACK that newly
     * acknowledges its largest packet and at least one ack-eliciting packet).
     *
     * @param latestRttNanos ack time minus send time of the largest acknowledged packet
     * @param ackDelayNanos the decoded ACK Delay (the peer's exponent in the application space, the
     *     default exponent 3 in the Initial and Handshake spaces)
     * @param nowNanos the time of the sample
     */
    public void addSample(long latestRttNanos, long ackDelayNanos, long nowNanos) {
        if (latestRttNanos < 0 || ackDelayNanos < 0) {
            throw new IllegalArgumentException("negative RTT sample or ack delay");
        }
        this.latestRttNanos = latestRttNanos;
        if (!hasSample) {
            // RFC 9002 §5.2: min_rtt MUST be set to the latest_rtt on the first RTT sample.
            minRttNanos = latestRttNanos;
            long firstRttNanos = firstSampleWithoutAckDelay(latestRttNanos, ackDelayNanos);
            smoothedRttNanos = firstRttNanos;
            rttVariationNanos = firstRttNanos / 2;
            firstSampleTimeNanos = nowNanos;
            hasSample = true;
            return;
        }
        // RFC 9002 §5.2: min_rtt MUST be set to the lesser of min_rtt and latest_rtt.
        minRttNanos = Math.min(minRttNanos, latestRttNanos);
        long ackDelay = ackDelayNanos;
        if (handshakeConfirmed) {
            // RFC 9002 §5.3: MUST use the lesser of the ack delay and max_ack_delay once confirmed.
            ackDelay = Math.min(ackDelay, peerMaxAckDelayNanos);
        }
        long adjustedRttNanos = latestRttNanos;
        // RFC 9002 §5.3: MUST NOT subtract the ack delay if the result would be below min_rtt.
        if (latestRttNanos - minRttNanos >= ackDelay) {
            adjustedRttNanos = latestRttNanos - ackDelay;
        }
        rttVariationNanos = (3 * rttVariationNanos + Math.abs(smoothedRttNanos - adjustedRttNanos)) / 4;
        smoothedRttNanos = (7 * smoothedRttNanos + adjustedRttNanos) / 8;
    }

    /**
     * The first sample seeds smoothed_rtt and rttvar. RFC 9002 §5.3's pseudo-code takes it raw; we
     * subtract the acknowledgment delay the peer reported when it is below the sample (a
     * documented deviation, docs/compliance-exceptions.md). §5.3 itself explains why: handshake
     * acknowledgment delays "can be large", are "likely to be non-repeating", and using them avoids
     * "unnecessary inflation of the RTT estimate". The first ACK to arrive through heavy handshake
     * loss can be the peer's repeat of one whose earlier copies were lost: seen against quiche, a
     * Handshake ACK reporting 9.99 s of delay gave a 10 s sample, a 30 s PTO, and a connection that
     * idled out before its first 1-RTT retransmission. min_rtt still takes the raw sample (§5.2).
     */
    private static long firstSampleWithoutAckDelay(long latestRttNanos, long ackDelayNanos) {
        if (ackDelayNanos <= 0 || ackDelayNanos >= latestRttNanos) {
            return latestRttNanos; // no delay, or an implausible one: the raw sample
        }
        return Math.max(latestRttNanos - ackDelayNanos, Math.min(latestRttNanos, GRANULARITY_NANOS));
    }

    /**
     * RFC 9002 §5.2 (SHOULD): after persistent congestion min_rtt restarts from the newest sample.
     */
    public void onPersistentCongestion() {
        if (hasSample) {
            minRttNanos = latestRttNanos;
        }
    }

    /** RFC 9002 §6.2.1 without max_ack_delay: smoothed_rtt + max(4*rttvar, kGranularity). */
    public long ptoBaseNanos() {
        return smoothedRttNanos + Math.max(4 * rttVariationNanos, GRANULARITY_NANOS);
    }

    /**
     * RFC 9002 §7.6.1: (smoothed_rtt + max(4*rttvar, kGranularity) + max_ack_delay) *
     * kPersistentCongestionThreshold; max_ack_delay is included whatever the space.
     */
    public long persistentCongestionDurationNanos() {
        return (ptoBaseNanos() + peerMaxAckDelayNanos) * PERSISTENT_CONGESTION_THRESHOLD;
    }

    /** RFC 9002 §6.1.2: kTimeThreshold * max(smoothed_rtt, latest_rtt), at least kGranularity. */
    public long lossDelayNanos() {
        long rtt = Math.max(latestRttNanos, smoothedRttNanos);
        return Math.max(rtt + rtt / 8, GRANULARITY_NANOS);
    }

    public boolean hasSample() {
        return hasSample;
    }

    public boolean isHandshakeConfirmed() {
        return handshakeConfirmed;
    }

    /** The time of the first sample (first_rtt_sample), meaningful only if {@link #hasSample}. */
    public long firstSampleTimeNanos() {
        return firstSampleTimeNanos;
    }

    public long latestRttNanos() {
        return latestRttNanos;
    }

    /** min_rtt, 0 before the first sample. */
    public long minRttNanos() {
        return minRttNanos;
    }

    public long smoothedRttNanos() {
        return smoothedRttNanos;
    }

    /** rttvar. */
    public long rttVariationNanos() {
        return rttVariationNanos;
    }

    public long peerMaxAckDelayNanos() {
        return peerMaxAckDelayNanos;
    }

    public long initialRttNanos() {
        return initialRttNanos;
    }
}
