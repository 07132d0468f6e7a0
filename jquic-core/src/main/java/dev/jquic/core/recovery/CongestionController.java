package dev.jquic.core.recovery;

/**
 * A window-based congestion controller of one path (RFC 9002 §7), fed by {@link LossRecovery}.
 * It owns the bytes-in-flight count (RFC 9002 Appendix B.2): every packet that counts toward
 * bytes in flight enters through {@link #onPacketSent} and leaves through exactly one of
 * {@link #onPacketAcknowledged}, {@link #onPacketLost} or {@link #onPacketDiscarded}.
 *
 * <p>Implementations: {@code recovery.cc.NewReno}, {@code recovery.cc.Cubic}. Windows are in
 * bytes (QUIC header and payload, no UDP or IP overhead). Not thread-safe.
 */
public interface CongestionController {

    /** An in-flight packet of {@code sizeBytes} was sent (B.4 {@code OnPacketSentCC}). */
    void onPacketSent(int sizeBytes, long nowNanos);

    /**
     * An in-flight packet sent at {@code timeSentNanos} was acknowledged (B.5
     * {@code OnPacketAcked}); the window may grow unless application-limited, under-used
     * (RFC 9002 §7.8) or in recovery.
     *
     * @param smoothedRttNanos the current smoothed RTT (CUBIC's target looks one RTT ahead)
     */
    void onPacketAcknowledged(int sizeBytes, long timeSentNanos, long smoothedRttNanos, long nowNanos);

    /** An in-flight packet was declared lost: it leaves bytes in flight (B.8). */
    void onPacketLost(int sizeBytes);

    /**
     * A congestion signal (loss or an ECN-CE increase) about a packet sent at
     * {@code timeSentNanos} (B.6 {@code OnCongestionEvent}): enters a recovery period unless
     * that packet was sent during the current one.
     */
    void onCongestionEvent(long timeSentNanos, long nowNanos);

    /** RFC 9002 §7.6.2: persistent congestion; the window collapses to the minimum window. */
    void onPersistentCongestion(long nowNanos);

    /** An in-flight packet's space was discarded (B.9): it leaves bytes in flight, no signal. */
    void onPacketDiscarded(int sizeBytes);

    /**
     * RFC 9002 §7.8: while application- or flow-control-limited (bytes in flight below the
     * window for lack of data, not because of pacing) the window does not grow. The connection
     * reports the state whenever it finishes a round of sending.
     */
    void setApplicationLimited(boolean applicationLimited);

    /** The sender's max_datagram_size changed (RFC 9002 §7.2); the minimum window follows. */
    void setMaxDatagramSize(int maxDatagramSizeBytes);

    long congestionWindowBytes();

    long bytesInFlight();

    /** Slow start threshold, {@link Long#MAX_VALUE} while infinite. */
    long slowStartThresholdBytes();

    /**
     * RFC 9002 §7: whether a packet of {@code sizeBytes} may be sent now without taking bytes in
     * flight above the window. Probes (PTO) are not blocked (§7.5); the connection skips this
     * check for them.
     */
    default boolean canSend(int sizeBytes) {
        return bytesInFlight() + sizeBytes <= congestionWindowBytes();
    }

    /** Bytes that may still be sent before the window is full, never negative. */
    default long availableWindowBytes() {
        return Math.max(0, congestionWindowBytes() - bytesInFlight());
    }

    boolean isInSlowStart();

    /** Whether a recovery period (RFC 9002 §7.3.2) is under way. */
    boolean isInRecovery();
}
