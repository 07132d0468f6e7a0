package dev.jquic.core.recovery;

/**
 * Read-only recovery statistics the connection exposes (RTTs in nanoseconds, windows in bytes).
 * Values are live, not snapshots.
 */
public interface RecoveryStats {

    long packetsSent();

    long bytesSent();

    long packetsLost();

    long bytesLost();

    long congestionWindowBytes();

    long bytesInFlight();

    long latestRttNanos();

    long minRttNanos();

    long smoothedRttNanos();

    long rttVariationNanos();

    /** Consecutive probe timeouts without an acknowledgment (pto_count). */
    int ptoCount();

    /** How often persistent congestion was established. */
    long persistentCongestionCount();
}
