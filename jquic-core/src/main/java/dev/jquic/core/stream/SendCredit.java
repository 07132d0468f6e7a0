package dev.jquic.core.stream;

/**
 * Sender-side flow-control credit (RFC 9000 §4.1), for one stream (the peer's MAX_STREAM_DATA)
 * or the whole connection (the peer's MAX_DATA). Tracks the peer's limit and the bytes sent
 * against it, and says when a STREAM_DATA_BLOCKED / DATA_BLOCKED frame (§19.12, §19.13) is due.
 *
 * <p>Not thread-safe: confined to the connection's owner thread.
 */
public final class SendCredit {
    private long limit;
    private long used;
    /** The limit at which a blocked frame was last sent, or -1. */
    private long blockedReportedAt = -1;

    /** Credit starting at the peer's initial limit (a transport parameter, RFC 9000 §18.2). */
    public SendCredit(long initialLimit) {
        if (initialLimit < 0) {
            throw new IllegalArgumentException("negative limit: " + initialLimit);
        }
        this.limit = initialLimit;
    }

    /** The highest offset (or total bytes) the peer allows. */
    public long limit() {
        return limit;
    }

    /** Bytes sent so far against the limit. */
    public long used() {
        return used;
    }

    /** Bytes that may still be sent. */
    public long available() {
        return limit - used;
    }

    /** No credit left: a blocked frame may be due. */
    public boolean isBlocked() {
        return used >= limit;
    }

    /**
     * Applies a MAX_STREAM_DATA / MAX_DATA value from the peer.
     *
     * @return whether the limit grew (a blocked sender may resume)
     */
    public boolean raiseLimit(long newLimit) {
        // RFC 9000 §4.1: a sender MUST ignore any MAX_STREAM_DATA or MAX_DATA frames that do not
        // increase flow control limits.
        if (newLimit <= limit) {
            return false;
        }
        limit = newLimit;
        return true;
    }

    /**
     * Records {@code bytes} of new data sent. Resent data does not count (RFC 9000 §4.1 counts
     * offsets, not transmissions).
     *
     * @throws IllegalArgumentException if that exceeds the credit: a bug in our own sender
     */
    public void consume(long bytes) {
        // RFC 9000 §4.1: a sender MUST NOT send data in excess of either limit.
        if (bytes < 0 || bytes > limit - used) {
            throw new IllegalArgumentException("consume " + bytes + " with " + (limit - used) + " available");
        }
        used += bytes;
    }

    /**
     * Whether a blocked frame (carrying {@link #limit()}) should be sent: the credit is exhausted
     * and none was sent yet at this limit (RFC 9000 §4.1: a sender SHOULD send one when blocked).
     */
    public boolean needsBlockedFrame() {
        return isBlocked() && blockedReportedAt != limit;
    }

    /** Records that a blocked frame carrying the current limit was sent. */
    public void blockedFrameSent() {
        blockedReportedAt = limit;
    }

    /** The blocked frame carrying {@code reportedLimit} was lost: send it again if still blocked there. */
    public void blockedFrameLost(long reportedLimit) {
        if (blockedReportedAt == reportedLimit) {
            blockedReportedAt = -1;
        }
    }
}
