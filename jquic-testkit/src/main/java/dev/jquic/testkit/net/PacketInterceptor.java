package dev.jquic.testkit.net;

/**
 * A hook on one link direction that sees every datagram as it is sent, before any impairment.
 * It may return the datagram unchanged, return a modified one, or return {@code null} to drop
 * it (counted as {@link DropCause#INTERCEPTOR}). Typical use: drop the client's second flight,
 * or rewrite a header byte.
 */
@FunctionalInterface
public interface PacketInterceptor {

    /**
     * @param datagram     the datagram being sent
     * @param sequence     how many datagrams this link direction carried before this one (0-based)
     * @param nowNanos     the virtual send time
     * @return the datagram to carry on, or {@code null} to drop it
     */
    Datagram intercept(Datagram datagram, long sequence, long nowNanos);

    /** An interceptor that passes everything through. */
    static PacketInterceptor passThrough() {
        return (datagram, sequence, nowNanos) -> datagram;
    }

    /** An interceptor that drops the datagrams whose 0-based sequence numbers are listed. */
    static PacketInterceptor dropSequences(long... sequences) {
        long[] dropped = sequences.clone();
        return (datagram, sequence, nowNanos) -> {
            for (long candidate : dropped) {
                if (candidate == sequence) {
                    return null;
                }
            }
            return datagram;
        };
    }
}
