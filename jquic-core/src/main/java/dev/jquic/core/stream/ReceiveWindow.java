package dev.jquic.core.stream;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.codec.VarInt;

/**
 * Receiver-side flow control (RFC 9000 §4.1, §4.2) for one stream (MAX_STREAM_DATA) or the
 * connection (MAX_DATA). It checks that the peer stays within the advertised limit, counts the
 * bytes the application consumes, and decides when to advertise a larger limit.
 *
 * <p>An update is due once the application has consumed half of the window past the last
 * advertised limit, i.e. when {@code limit - consumed <= window / 2}. The new limit is
 * {@code consumed + window}. Auto-tuning: if the previous update was less than two round-trip
 * times ago, the window doubles (up to the configured maximum) before the new limit is computed,
 * so a fast reader on a fat pipe is not throttled by a small initial window.
 *
 * <p>Not thread-safe: confined to the connection's owner thread.
 */
public final class ReceiveWindow {
    private final long maxWindow;
    private long window;
    private long limit;
    private long highestReceived;
    private long consumed;
    private long lastUpdateNanos;
    private boolean updatedBefore;

    /**
     * @param initialWindow the limit advertised in the transport parameters (RFC 9000 §18.2)
     * @param maxWindow     the largest window auto-tuning may reach (at least {@code initialWindow})
     */
    public ReceiveWindow(long initialWindow, long maxWindow) {
        if (initialWindow < 0 || maxWindow < initialWindow) {
            throw new IllegalArgumentException("bad window " + initialWindow + " / max " + maxWindow);
        }
        this.window = initialWindow;
        this.maxWindow = maxWindow;
        this.limit = initialWindow;
    }

    /** The limit advertised to the peer (MAX_STREAM_DATA / MAX_DATA value). */
    public long limit() {
        return limit;
    }

    /** The current window size (grows by auto-tuning). */
    public long window() {
        return window;
    }

    public long maxWindow() {
        return maxWindow;
    }

    /** The highest offset received (stream) or the sum of those (connection). */
    public long highestReceived() {
        return highestReceived;
    }

    /** Bytes the application has consumed (or that were released by a reset). */
    public long consumed() {
        return consumed;
    }

    /**
     * Records data up to {@code endOffset} (stream level): the highest received offset only grows.
     *
     * @return how far the highest received offset advanced (to charge to the connection level)
     * @throws QuicProtocolException FLOW_CONTROL_ERROR beyond the advertised limit
     */
    public long receiveUpTo(long endOffset) throws QuicProtocolException {
        // RFC 9000 §4.1: a receiver MUST close the connection with FLOW_CONTROL_ERROR if the
        // sender violates the advertised limits.
        if (endOffset > limit) {
            throw new QuicProtocolException(TransportError.FLOW_CONTROL_ERROR,
                    "data up to " + endOffset + " beyond flow control limit " + limit);
        }
        if (endOffset <= highestReceived) {
            return 0;
        }
        long advance = endOffset - highestReceived;
        highestReceived = endOffset;
        return advance;
    }

    /**
     * Records {@code bytes} more received data (connection level: the sum of every stream's
     * advance, RFC 9000 §4.1).
     *
     * @throws QuicProtocolException FLOW_CONTROL_ERROR beyond the advertised limit
     */
    public void receiveMore(long bytes) throws QuicProtocolException {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative byte count: " + bytes);
        }
        // RFC 9000 §4.1: a receiver MUST close the connection with FLOW_CONTROL_ERROR if the
        // sender violates the advertised limits.
        if (bytes > limit - highestReceived) {
            throw new QuicProtocolException(TransportError.FLOW_CONTROL_ERROR,
                    "connection data " + (highestReceived + bytes) + " beyond limit " + limit);
        }
        highestReceived += bytes;
    }

    /** Records {@code bytes} consumed by the application (or released by a reset, RFC 9000 §4.5). */
    public void consume(long bytes) {
        if (bytes < 0 || consumed + bytes > highestReceived) {
            throw new IllegalArgumentException("consume " + bytes + ": consumed " + consumed
                    + ", received " + highestReceived);
        }
        consumed += bytes;
    }

    /** Whether a MAX_STREAM_DATA / MAX_DATA frame with a higher limit should be sent now. */
    public boolean shouldSendUpdate() {
        return window > 0 && limit - consumed <= window / 2;
    }

    /**
     * Auto-tunes the window and raises the limit to {@code consumed + window}; the caller then
     * sends the new {@link #limit()} in MAX_STREAM_DATA / MAX_DATA.
     *
     * @param nowNanos             the current time
     * @param smoothedRttNanos     the connection's smoothed RTT (RFC 9002 §5.3)
     * @return the new limit (never lower than the previous one)
     */
    public long advanceLimit(long nowNanos, long smoothedRttNanos) {
        if (updatedBefore && nowNanos - lastUpdateNanos < 2 * smoothedRttNanos) {
            growWindowTo(2 * window);
        }
        updatedBefore = true;
        lastUpdateNanos = nowNanos;
        // RFC 9000 §19.10, §19.9: the limit is a variable-length integer, at most 2^62-1.
        limit = Math.max(limit, Math.min(consumed + window, VarInt.MAX_VALUE));
        return limit;
    }

    /**
     * Grows the window to at least {@code bytes}, capped by the maximum; e.g. the connection
     * window follows a stream window that auto-tuning enlarged. Never shrinks it.
     */
    public void growWindowTo(long bytes) {
        long target = Math.min(bytes < 0 ? Long.MAX_VALUE : bytes, maxWindow);
        if (target > window) {
            window = target;
        }
    }
}
