package dev.jquic.testkit.net;

/**
 * Counters for one link direction. Read-only to callers; the network updates them. Not
 * thread-safe.
 */
public final class LinkStatistics {

    private long sent;
    private long delivered;
    private long duplicated;
    private long corrupted;
    private long bytesSent;
    private long bytesDelivered;
    private final long[] droppedByCause = new long[DropCause.values().length];

    LinkStatistics() {
    }

    /** Datagrams handed to the link by senders. */
    public long sent() {
        return sent;
    }

    /** Datagrams (including duplicates) handed to the destination node. */
    public long delivered() {
        return delivered;
    }

    /** Extra copies created by duplication. */
    public long duplicated() {
        return duplicated;
    }

    /** Datagrams that had a bit flipped. */
    public long corrupted() {
        return corrupted;
    }

    /** Payload bytes handed to the link by senders. */
    public long bytesSent() {
        return bytesSent;
    }

    /** Payload bytes handed to destination nodes. */
    public long bytesDelivered() {
        return bytesDelivered;
    }

    /** Datagrams dropped for {@code cause}. */
    public long dropped(DropCause cause) {
        return droppedByCause[cause.ordinal()];
    }

    /** Datagrams dropped for any cause. */
    public long droppedTotal() {
        long total = 0;
        for (long count : droppedByCause) {
            total += count;
        }
        return total;
    }

    void recordSent(int length) {
        sent++;
        bytesSent += length;
    }

    void recordDelivered(int length) {
        delivered++;
        bytesDelivered += length;
    }

    void recordDropped(DropCause cause) {
        droppedByCause[cause.ordinal()]++;
    }

    void recordDuplicated() {
        duplicated++;
    }

    void recordCorrupted() {
        corrupted++;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("LinkStatistics[sent=").append(sent)
                .append(", delivered=").append(delivered)
                .append(", duplicated=").append(duplicated)
                .append(", corrupted=").append(corrupted)
                .append(", bytesSent=").append(bytesSent)
                .append(", bytesDelivered=").append(bytesDelivered);
        for (DropCause cause : DropCause.values()) {
            long count = dropped(cause);
            if (count > 0) {
                text.append(", dropped ").append(cause).append('=').append(count);
            }
        }
        return text.append(']').toString();
    }
}
