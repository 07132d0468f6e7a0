package dev.jquic.bench;

import dev.jquic.core.connection.CongestionControl;
import dev.jquic.core.connection.ConnectionConfig;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The W1 data path of issue 7 without sockets: two established sans-IO connections
 * ({@link TransferPair}: real TLS handshake, AES-128-GCM packet protection, fake clock) and one
 * bidirectional stream from client to server. One operation = one full-size 1-RTT packet of
 * stream data built, sealed, opened and delivered to the server application, plus (amortised)
 * the server's ACKs and the client's processing of them. With {@code -prof gc},
 * {@code gc.alloc.rate.norm} is the steady-state allocation per packet of both sides together;
 * each measurement iteration also prints the client's and the server's share. The warm-up is
 * longer than elsewhere: the figure keeps falling until C2 has compiled the whole path (escape
 * analysis removes some of the allocation), about 15 s here.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConnectionTransferBenchmark {

    @Param({"CUBIC"})
    public String congestionControl;

    private TransferPair pair;

    @Setup
    public void setUp() {
        pair = new TransferPair(ConnectionConfig.builder()
                .congestionControl(CongestionControl.valueOf(congestionControl)).build());
    }

    @Setup(Level.Iteration)
    public void startCounting() {
        pair.resetAllocationCounts();
    }

    /**
     * Prints each side's share of the allocation per packet (measured around the calls on each
     * connection with the per-thread allocation counter; together they match
     * {@code gc.alloc.rate.norm} minus the benchmark's own overhead, which is none).
     */
    @TearDown(Level.Iteration)
    public void printPerSide() {
        long packets = Math.max(1, pair.countedDatagrams());
        System.out.printf("%nper packet: client %d B, server %d B (%d packets, %.2f server datagrams per packet,"
                + " cwnd %d B)%n", pair.clientAllocatedBytes / packets, pair.serverAllocatedBytes / packets, packets,
                (double) pair.countedServerDatagrams() / packets, pair.client.stats().congestionWindowBytes());
    }

    @TearDown
    public void tearDown() {
        if (!pair.client.state().isEstablished() || !pair.server.state().isEstablished()) {
            throw new IllegalStateException("a connection left the established state: client "
                    + pair.client.closeReason() + ", server " + pair.server.closeReason());
        }
    }

    @Benchmark
    public int transferOnePacket() {
        return pair.transferOnePacket();
    }
}
