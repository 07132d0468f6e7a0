package dev.jquic.bench.e2e;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

/**
 * Packets sent by a server's connections: open ones are asked when {@link #total()} is, closed
 * ones are folded in as they close and then dropped.
 *
 * <p>The servers kept every connection they had accepted and summed them all on each STATS
 * request: after a 40 s W4 warm-up that is some 20,000 connections held on the heap, and the
 * sum, run in the server process between the two CPU readings of a measured run, showed up as
 * server CPU (Netty's server then reported more CPU time per second than two cores have).
 *
 * @param <C> the stack's connection type
 */
final class SentPacketTally<C> {
    private final Set<C> open = ConcurrentHashMap.newKeySet();
    private final LongAdder closedConnectionsPackets = new LongAdder();
    private final ToLongFunction<C> packetsSent;

    /** {@code packetsSent} reads an open connection's count. */
    SentPacketTally(ToLongFunction<C> packetsSent) {
        this.packetsSent = packetsSent;
    }

    void opened(C connection) {
        open.add(connection);
    }

    /** Folds in the final count of a connection that closed (once; later calls are ignored). */
    void closed(C connection, long finalPacketsSent) {
        if (open.remove(connection)) {
            closedConnectionsPackets.add(finalPacketsSent);
        }
    }

    /** Packets sent by every connection so far. */
    long total() {
        long sum = closedConnectionsPackets.sum();
        for (C connection : open) {
            sum += packetsSent.applyAsLong(connection);
        }
        return sum;
    }

    /** Connections not yet closed, for a test. */
    int openConnections() {
        return open.size();
    }
}
