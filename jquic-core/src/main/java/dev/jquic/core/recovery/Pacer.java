package dev.jquic.core.recovery;

/**
 * Token-bucket pacer (RFC 9002 §7.7): the bucket fills at rate = N * congestion_window /
 * smoothed_rtt with N = 1.25 and holds at most a burst of {@code burstPackets} full-sized
 * packets (10 by default, never more than the congestion window, never less than one packet).
 * It starts full, so the first burst leaves at once.
 *
 * <p>The connection asks {@link #nextSendTimeNanos} before sending an in-flight packet and
 * reports it with {@link #onPacketSent}. ACK-only packets SHOULD NOT be paced (§7.7) and are not
 * reported. Rates use doubles; the answer is rounded up to the next nanosecond.
 *
 * <p>Single-threaded, not thread-safe.
 */
public final class Pacer {

    /** RFC 9002 §7.7: the pacing gain N. */
    public static final double GAIN = 1.25;
    /** The default burst allowance in packets. */
    public static final int DEFAULT_BURST_PACKETS = 10;

    private final int burstPackets;
    private int maxDatagramSizeBytes;
    private double tokensBytes;
    private long lastRefillNanos;
    private boolean started;

    public Pacer(int maxDatagramSizeBytes) {
        this(maxDatagramSizeBytes, DEFAULT_BURST_PACKETS);
    }

    public Pacer(int maxDatagramSizeBytes, int burstPackets) {
        if (maxDatagramSizeBytes <= 0 || burstPackets <= 0) {
            throw new IllegalArgumentException("datagram size and burst must be positive");
        }
        this.maxDatagramSizeBytes = maxDatagramSizeBytes;
        this.burstPackets = burstPackets;
    }

    public void setMaxDatagramSize(int maxDatagramSizeBytes) {
        if (maxDatagramSizeBytes <= 0) {
            throw new IllegalArgumentException("datagram size must be positive");
        }
        this.maxDatagramSizeBytes = maxDatagramSizeBytes;
    }

    /** The bucket size for {@code congestionWindowBytes}. */
    public long capacityBytes(long congestionWindowBytes) {
        long burst = (long) burstPackets * maxDatagramSizeBytes;
        return Math.max(maxDatagramSizeBytes, Math.min(burst, congestionWindowBytes));
    }

    /** RFC 9002 §7.7: N * congestion_window / smoothed_rtt, in bytes per second. */
    public static double rateBytesPerSecond(long congestionWindowBytes, long smoothedRttNanos) {
        return GAIN * congestionWindowBytes * 1e9 / smoothedRttNanos;
    }

    /**
     * The earliest time, not before {@code nowNanos}, at which a packet of {@code sizeBytes} may
     * be sent.
     */
    public long nextSendTimeNanos(int sizeBytes, long congestionWindowBytes, long smoothedRttNanos, long nowNanos) {
        refill(congestionWindowBytes, smoothedRttNanos, nowNanos);
        double needed = Math.min(sizeBytes, capacityBytes(congestionWindowBytes));
        if (tokensBytes >= needed || smoothedRttNanos <= 0) {
            return nowNanos;
        }
        double waitNanos = (needed - tokensBytes) * smoothedRttNanos / (GAIN * congestionWindowBytes);
        return nowNanos + (long) Math.ceil(waitNanos);
    }

    /** A paced packet of {@code sizeBytes} was sent at {@code nowNanos}. */
    public void onPacketSent(int sizeBytes, long congestionWindowBytes, long smoothedRttNanos, long nowNanos) {
        refill(congestionWindowBytes, smoothedRttNanos, nowNanos);
        tokensBytes = Math.max(0, tokensBytes - sizeBytes);
    }

    /** Bytes that may leave at once at {@code nowNanos}. */
    public long availableBytes(long congestionWindowBytes, long smoothedRttNanos, long nowNanos) {
        refill(congestionWindowBytes, smoothedRttNanos, nowNanos);
        return (long) tokensBytes;
    }

    private void refill(long congestionWindowBytes, long smoothedRttNanos, long nowNanos) {
        double capacity = capacityBytes(congestionWindowBytes);
        if (!started) {
            started = true;
            tokensBytes = capacity;
            lastRefillNanos = nowNanos;
            return;
        }
        if (nowNanos > lastRefillNanos) {
            double elapsed = nowNanos - lastRefillNanos;
            double added = smoothedRttNanos <= 0 ? capacity
                    : elapsed * (GAIN * congestionWindowBytes) / smoothedRttNanos;
            tokensBytes += added;
            lastRefillNanos = nowNanos;
        }
        tokensBytes = Math.min(capacity, tokensBytes);
    }
}
