package dev.jquic.bench.e2e;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
    private final Set<C> open = new HashSet<>();
    private long closedConnectionsPackets;
    private final ToLongFunction<C> packetsSent;

    /** {@code packetsSent} reads an open connection's count (it may take a while: not under the lock). */
    SentPacketTally(ToLongFunction<C> packetsSent) {
        this.packetsSent = packetsSent;
    }

    synchronized void opened(C connection) {
        open.add(connection);
    }

    /** Folds in the final count of a connection that closed (once; later calls are ignored). */
    synchronized void closed(C connection, long finalPacketsSent) {
        if (open.remove(connection)) {
            closedConnectionsPackets += finalPacketsSent;
        }
    }

    /**
     * Packets sent by every connection so far. The open connections are read outside the lock; one
     * that closes meanwhile counts with its final figure only, never twice and never not at all (a
     * first version lost such a connection: 0 server packets for a W1 run of the smoke test).
     */
    long total() {
        List<C> snapshot;
        synchronized (this) {
            snapshot = new ArrayList<>(open);
        }
        long[] live = new long[snapshot.size()];
        for (int i = 0; i < live.length; i++) {
            live[i] = packetsSent.applyAsLong(snapshot.get(i));
        }
        synchronized (this) {
            long sum = closedConnectionsPackets;
            for (int i = 0; i < live.length; i++) {
                if (open.contains(snapshot.get(i))) {
                    sum += live[i];
                }
            }
            return sum;
        }
    }

    /** Connections not yet closed, for a test. */
    synchronized int openConnections() {
        return open.size();
    }
}
