package dev.jquic.testkit.relay;

/**
 * Counters of one relay direction at one moment.
 *
 * @param received        datagrams that reached the relay
 * @param forwarded       datagrams sent on (corrupted ones included)
 * @param dropped         datagrams dropped by the seeded loss model
 * @param corrupted       forwarded datagrams with one bit flipped
 * @param queueDropped    datagrams dropped because the bottleneck queue was full
 * @param blackholed      datagrams dropped inside a blackhole window
 * @param forwardedBytes  UDP payload bytes sent on
 */
public record RelayStatistics(long received, long forwarded, long dropped, long corrupted, long queueDropped,
        long blackholed, long forwardedBytes) {
}
