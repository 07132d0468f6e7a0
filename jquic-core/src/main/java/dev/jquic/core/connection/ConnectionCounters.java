package dev.jquic.core.connection;

/** Mutable counters behind {@link ConnectionStats} that loss recovery does not keep. */
final class ConnectionCounters {
    long datagramsSent;
    long datagramsReceived;
    long bytesSent;
    long bytesReceived;
    long packetsReceived;
    long packetsDropped;
    long ptoCount;
    long datagramFramesDropped;
    long zeroRttPacketsSent;
    long zeroRttPacketsReceived;
}
