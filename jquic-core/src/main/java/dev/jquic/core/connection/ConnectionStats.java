package dev.jquic.core.connection;

/**
 * A snapshot of one connection's statistics. Byte counts are QUIC packet bytes (header, payload
 * and AEAD tag; no UDP/IP) unless named otherwise; times are nanoseconds.
 *
 * @param datagramsSent UDP datagrams sent
 * @param datagramsReceived UDP datagrams received (including ones that were dropped)
 * @param bytesSent bytes of datagrams sent
 * @param bytesReceived bytes of datagrams received
 * @param packetsSent QUIC packets sent
 * @param packetsReceived QUIC packets successfully decrypted and processed
 * @param packetsDropped QUIC packets dropped (undecryptable, duplicate, no keys, malformed header)
 * @param packetsLost packets declared lost (RFC 9002 §6.1)
 * @param bytesLost bytes of packets declared lost
 * @param streamBytesRetransmitted stream payload bytes sent again after a loss
 * @param smoothedRttNanos RFC 9002 §5.3 smoothed_rtt
 * @param minRttNanos RFC 9002 §5.2 min_rtt (0 before a sample)
 * @param rttVariationNanos RFC 9002 §5.3 rttvar
 * @param latestRttNanos the latest RTT sample
 * @param congestionWindowBytes the congestion window
 * @param bytesInFlight bytes in flight
 * @param ptoCount probe timeouts that fired
 * @param streamsOpenedLocally streams this endpoint opened
 * @param streamsOpenedByPeer streams the peer opened
 * @param handshakeDurationNanos from creation to handshake completion; -1 while incomplete
 * @param zeroRttAccepted whether 0-RTT data was accepted
 * @param keyUpdates 1-RTT key generations moved through (RFC 9001 §6)
 * @param datagramFramesDropped DATAGRAM frames dropped because a queue was full
 * @param zeroRttPacketsSent 0-RTT packets sent (client)
 * @param zeroRttPacketsReceived 0-RTT packets processed (server)
 */
public record ConnectionStats(
        long datagramsSent,
        long datagramsReceived,
        long bytesSent,
        long bytesReceived,
        long packetsSent,
        long packetsReceived,
        long packetsDropped,
        long packetsLost,
        long bytesLost,
        long streamBytesRetransmitted,
        long smoothedRttNanos,
        long minRttNanos,
        long rttVariationNanos,
        long latestRttNanos,
        long congestionWindowBytes,
        long bytesInFlight,
        long ptoCount,
        long streamsOpenedLocally,
        long streamsOpenedByPeer,
        long handshakeDurationNanos,
        boolean zeroRttAccepted,
        long keyUpdates,
        long datagramFramesDropped,
        long zeroRttPacketsSent,
        long zeroRttPacketsReceived) {
}
