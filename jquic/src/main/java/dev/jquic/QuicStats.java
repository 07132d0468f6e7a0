package dev.jquic;

import java.time.Duration;

/**
 * A snapshot of a connection's statistics. Byte counts are UDP payload bytes.
 *
 * @param bytesSent UDP payload bytes sent
 * @param bytesReceived UDP payload bytes received
 * @param packetsSent QUIC packets sent
 * @param packetsReceived QUIC packets received and processed
 * @param packetsLost packets declared lost (RFC 9002 §6.1)
 * @param streamBytesRetransmitted stream bytes sent again after a loss
 * @param smoothedRtt RFC 9002 §5.3 smoothed RTT
 * @param minRtt RFC 9002 §5.2 minimum RTT
 * @param rttVariation RFC 9002 §5.3 RTT variation
 * @param congestionWindowBytes the congestion window
 * @param bytesInFlight bytes in flight
 * @param streamsOpenedLocally streams this side opened
 * @param streamsOpenedByPeer streams the peer opened
 * @param handshakeDuration time to complete the handshake, or {@code null} while incomplete
 * @param zeroRttAccepted whether 0-RTT data was sent and accepted
 * @param keyUpdates 1-RTT key updates (RFC 9001 §6)
 */
public record QuicStats(
        long bytesSent,
        long bytesReceived,
        long packetsSent,
        long packetsReceived,
        long packetsLost,
        long streamBytesRetransmitted,
        Duration smoothedRtt,
        Duration minRtt,
        Duration rttVariation,
        long congestionWindowBytes,
        long bytesInFlight,
        long streamsOpenedLocally,
        long streamsOpenedByPeer,
        Duration handshakeDuration,
        boolean zeroRttAccepted,
        long keyUpdates) {
}
