package dev.jquic.cli;

import dev.jquic.QuicStats;
import java.time.Duration;

/** The transport statistics of a workload's connections, summed (RTTs: the lowest minimum, the last smoothed). */
final class TransportTotals {

    private long connections;
    private long bytesSent;
    private long bytesReceived;
    private long packetsSent;
    private long packetsReceived;
    private long packetsLost;
    private long streamBytesRetransmitted;
    private Duration smoothedRtt;
    private Duration minRtt;
    private long congestionWindowBytes;

    synchronized void add(QuicStats stats) {
        connections++;
        bytesSent += stats.bytesSent();
        bytesReceived += stats.bytesReceived();
        packetsSent += stats.packetsSent();
        packetsReceived += stats.packetsReceived();
        packetsLost += stats.packetsLost();
        streamBytesRetransmitted += stats.streamBytesRetransmitted();
        smoothedRtt = stats.smoothedRtt();
        if (stats.minRtt() != null && (minRtt == null || stats.minRtt().compareTo(minRtt) < 0)) {
            minRtt = stats.minRtt();
        }
        congestionWindowBytes = stats.congestionWindowBytes();
    }

    /** Two summary lines: volumes and losses, then RTT and congestion window. */
    synchronized String[] lines() {
        String over = connections > 1 ? " (" + connections + " connections together)" : "";
        return new String[] {
            "transport (this side): sent " + bytesSent + " bytes in " + packetsSent + " packets, received " + bytesReceived
                    + " bytes in " + packetsReceived + " packets; " + packetsLost + " packets lost, "
                    + streamBytesRetransmitted + " stream bytes retransmitted" + over,
            "rtt (this side): smoothed " + millis(smoothedRtt) + ", min " + millis(minRtt)
                    + "; congestion window " + congestionWindowBytes + " bytes" + (connections > 1 ? " (last connection)" : "")
        };
    }

    private static String millis(Duration duration) {
        return duration == null ? "-" : String.format(java.util.Locale.ROOT, "%.3f ms", duration.toNanos() / 1e6);
    }
}
