package dev.jquic.core.recovery.cc;

import dev.jquic.core.recovery.CongestionController;

/**
 * What NewReno and CUBIC share (RFC 9002 Appendix B): bytes in flight, the initial and minimum
 * windows, slow start, the recovery period and the application-limited rule. Subclasses decide
 * the growth in congestion avoidance and the reduction on a congestion event.
 *
 * <p>Single-threaded, not thread-safe.
 */
public abstract class WindowedCongestionController implements CongestionController {

    /** RFC 9002 §7.2: the 14,720-byte cap of the initial window. */
    public static final long INITIAL_WINDOW_BYTE_LIMIT = 14_720;
    /** RFC 9000 §14: the smallest allowed maximum datagram size. */
    public static final int MIN_MAX_DATAGRAM_SIZE = 1200;

    private int maxDatagramSizeBytes;
    private long congestionWindowBytes;
    private long slowStartThresholdBytes = Long.MAX_VALUE;
    private long bytesInFlight;
    private boolean inRecovery;
    /** congestion_recovery_start_time; {@link Long#MIN_VALUE} when no recovery period started. */
    private long recoveryStartTimeNanos = Long.MIN_VALUE;
    private boolean applicationLimited;
    /*
     * RFC 9002 §7.8 window use, tracked per round trip as Linux TCP does (tcp_cwnd_validate):
     * the largest bytes in flight seen right after a send, in the current round and in the one
     * before. A round ends when a packet sent at or after its start is acknowledged.
     */
    private long largestInFlightThisRoundBytes;
    private long largestInFlightLastRoundBytes;
    private long usageRoundStartNanos = Long.MIN_VALUE;

    protected WindowedCongestionController(int maxDatagramSizeBytes) {
        this.maxDatagramSizeBytes = checkedDatagramSize(maxDatagramSizeBytes);
        this.congestionWindowBytes = initialWindowBytes(maxDatagramSizeBytes);
    }

    /** RFC 9002 §7.2: min(10 * max_datagram_size, max(14720, 2 * max_datagram_size)). */
    public static long initialWindowBytes(int maxDatagramSizeBytes) {
        return Math.min(10L * maxDatagramSizeBytes, Math.max(INITIAL_WINDOW_BYTE_LIMIT, 2L * maxDatagramSizeBytes));
    }

    /** RFC 9002 §7.2: kMinimumWindow = 2 * max_datagram_size. */
    public final long minimumWindowBytes() {
        return 2L * maxDatagramSizeBytes;
    }

    public final int maxDatagramSizeBytes() {
        return maxDatagramSizeBytes;
    }

    @Override
    public final void onPacketSent(int sizeBytes, long nowNanos) {
        bytesInFlight += sizeBytes;
        largestInFlightThisRoundBytes = Math.max(largestInFlightThisRoundBytes, bytesInFlight);
    }

    @Override
    public final void onPacketAcknowledged(int sizeBytes, long timeSentNanos, long smoothedRttNanos, long nowNanos) {
        removeFromFlight(sizeBytes);
        if (inRecovery && timeSentNanos > recoveryStartTimeNanos) {
            // RFC 9002 §7.3.2: a packet sent during recovery is acknowledged; recovery ends.
            inRecovery = false;
        }
        if (timeSentNanos >= usageRoundStartNanos) {
            largestInFlightLastRoundBytes = largestInFlightThisRoundBytes;
            largestInFlightThisRoundBytes = bytesInFlight;
            usageRoundStartNanos = nowNanos;
        }
        // RFC 9002 §7.8: the window SHOULD NOT grow while the sender does not use it, whether it
        // ran out of data (application-limited) or sent too little to fill half of it in the last
        // round trips: growth is only earned by a window that was put to use.
        if (applicationLimited || isWindowUnderused()) {
            onApplicationLimitedAck(nowNanos);
            return;
        }
        // RFC 9002 §7.3.2: the window does not grow for packets sent before recovery started.
        if (timeSentNanos <= recoveryStartTimeNanos) {
            return;
        }
        if (isInSlowStart()) {
            growInSlowStart(sizeBytes);
        } else {
            growInCongestionAvoidance(sizeBytes, smoothedRttNanos, nowNanos);
        }
    }

    @Override
    public final void onPacketLost(int sizeBytes) {
        removeFromFlight(sizeBytes);
    }

    @Override
    public final void onPacketDiscarded(int sizeBytes) {
        removeFromFlight(sizeBytes);
    }

    @Override
    public final void onCongestionEvent(long timeSentNanos, long nowNanos) {
        // RFC 9002 §7.3.2: no reaction to a packet sent during the current recovery period.
        if (timeSentNanos <= recoveryStartTimeNanos) {
            return;
        }
        inRecovery = true;
        recoveryStartTimeNanos = nowNanos;
        reduceWindow(nowNanos);
    }

    @Override
    public final void onPersistentCongestion(long nowNanos) {
        inRecovery = false;
        recoveryStartTimeNanos = Long.MIN_VALUE;
        resetAfterPersistentCongestion(nowNanos);
        // RFC 9002 §7.6.2: the congestion window MUST be reduced to kMinimumWindow.
        congestionWindowBytes = minimumWindowBytes();
    }

    @Override
    public final void setApplicationLimited(boolean applicationLimited) {
        this.applicationLimited = applicationLimited;
    }

    public final boolean isApplicationLimited() {
        return applicationLimited;
    }

    /**
     * RFC 9002 §7.8: whether bytes in flight stayed below half the window at every send of this
     * round trip and the previous one (the window is not what limits the sender then). Half,
     * not all of it: slow start doubles the window per round trip, so a sender that fills its
     * window reaches half of the grown one (Linux's slow-start rule, cwnd &lt; 2 * max in flight);
     * pacing also keeps bytes in flight somewhat below the window.
     */
    public final boolean isWindowUnderused() {
        return 2 * Math.max(largestInFlightThisRoundBytes, largestInFlightLastRoundBytes) < congestionWindowBytes;
    }

    @Override
    public final void setMaxDatagramSize(int maxDatagramSizeBytes) {
        this.maxDatagramSizeBytes = checkedDatagramSize(maxDatagramSizeBytes);
        congestionWindowBytes = Math.max(congestionWindowBytes, minimumWindowBytes());
    }

    @Override
    public final long congestionWindowBytes() {
        return congestionWindowBytes;
    }

    @Override
    public final long bytesInFlight() {
        return bytesInFlight;
    }

    @Override
    public final long slowStartThresholdBytes() {
        return slowStartThresholdBytes;
    }

    /** RFC 9002 §7.3.1: slow start while the window is below the threshold. */
    @Override
    public final boolean isInSlowStart() {
        return congestionWindowBytes < slowStartThresholdBytes;
    }

    @Override
    public final boolean isInRecovery() {
        return inRecovery;
    }

    /** RFC 9002 §7.3.1: the window grows by the acknowledged bytes. */
    protected void growInSlowStart(int ackedBytes) {
        congestionWindowBytes = saturatingAdd(congestionWindowBytes, ackedBytes);
    }

    /** The growth for one acknowledged in-flight packet in congestion avoidance. */
    protected abstract void growInCongestionAvoidance(int ackedBytes, long smoothedRttNanos, long nowNanos);

    /** Sets threshold and window on entering a recovery period. */
    protected abstract void reduceWindow(long nowNanos);

    /** Forgets algorithm state on persistent congestion, before the window collapses. */
    protected abstract void resetAfterPersistentCongestion(long nowNanos);

    /** An acknowledgment arrived while application-limited (the window stays). */
    protected void onApplicationLimitedAck(long nowNanos) {
    }

    protected final void setCongestionWindowBytes(long bytes) {
        congestionWindowBytes = Math.max(bytes, minimumWindowBytes());
    }

    protected final void setSlowStartThresholdBytes(long bytes) {
        slowStartThresholdBytes = bytes;
    }

    private void removeFromFlight(int sizeBytes) {
        if (sizeBytes > bytesInFlight) {
            throw new IllegalStateException("bytes in flight would become negative: " + bytesInFlight + " - " + sizeBytes);
        }
        bytesInFlight -= sizeBytes;
    }

    private static int checkedDatagramSize(int maxDatagramSizeBytes) {
        if (maxDatagramSizeBytes < MIN_MAX_DATAGRAM_SIZE) {
            throw new IllegalArgumentException("max_datagram_size below 1200: " + maxDatagramSizeBytes);
        }
        return maxDatagramSizeBytes;
    }

    private static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return sum < a ? Long.MAX_VALUE : sum;
    }
}
