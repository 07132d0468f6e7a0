package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.connection.Connection;
import dev.jquic.core.connection.ConnectionConfig;
import dev.jquic.core.connection.ConnectionEvent;
import dev.jquic.core.connection.ConnectionStats;
import dev.jquic.core.connection.CongestionControl;
import dev.jquic.core.frame.StreamDirection;
import dev.jquic.core.stream.StreamEvent;
import dev.jquic.testkit.net.DropCause;
import dev.jquic.testkit.net.LinkModel;
import dev.jquic.testkit.net.LinkStatistics;
import dev.jquic.testkit.net.SeedReporting;
import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 4 acceptance: bottleneck utilisation of one bulk transfer.
 *
 * <p>Path: 10 ms round trip (5 ms each way), 100 Mbit/s bottleneck on the data direction
 * (client to server) with a FIFO drop-tail queue of {@value #QUEUE_PACKETS} datagrams, which is one
 * bandwidth-delay product (100 Mbit/s * 10 ms = 125,000 bytes = 104.2 datagrams of 1200 bytes)
 * rounded up: the classic single-flow buffer sizing rule, with which a Reno-style sender that
 * halves its window at the overflow point just keeps the link busy, and CUBIC (beta 0.7) has
 * room to spare. The ACK direction has the same delay and no bandwidth limit.
 *
 * <p>One bidirectional stream carries {@value #TRANSFER_BYTES} bytes from client to server.
 *
 * <p>Definition of the figure. The simulator serializes the UDP payload (the QUIC datagram) at
 * the link rate; it models no IP/UDP header bytes. Goodput is stream bytes delivered to the
 * server application per second of virtual time, measured from the moment the sender leaves slow
 * start (its first packet declared lost, i.e. the first congestion event) until the last byte is
 * read. Utilisation is goodput divided by the raw link rate of 100 Mbit/s, so the QUIC overhead
 * (short header, packet number, AEAD tag, STREAM frame header: about 3% of a 1200-byte datagram),
 * the ACK-eliciting PINGs, flow-control frames and every retransmitted byte all count against
 * it. The acceptance is that figure at ≥ 85%: the link spends at least 85% of its time carrying
 * useful, first-delivered application payload. (Against the payload-possible rate, i.e. the link
 * rate times the stream payload a full datagram can carry, the same run scores about 3 points
 * higher; the test prints both.)
 *
 * <p>Measured when written: NewReno 96.6%, CUBIC 96.8% of the link (99.3% / 99.6% of the
 * payload-possible rate); the whole transfer including handshake and slow start averages 95.8% /
 * 96.0%. The queue matters as AIMD theory predicts: a Reno flow whose buffer B is below one BDP
 * leaves the link idle for part of each sawtooth (about 89% of the payload-possible rate at
 * B = 0.25 BDP, 83% at 0.125 BDP); measured with 26 packets NewReno 84.9% and CUBIC 94.5% of the
 * link, with 13 packets 78.2% and 87.4%, with 400 packets (bufferbloat) both 96.6%. Hence the
 * one-BDP queue, not a shallower one.
 */
class ThroughputScenarioTest {

    private static final long MIB = 1024 * 1024;
    static final long TRANSFER_BYTES = 50 * MIB;
    static final int QUEUE_PACKETS = 105;
    private static final long BANDWIDTH_BITS_PER_SECOND = 100_000_000L;
    private static final double REQUIRED_UTILISATION = 0.85;

    @ParameterizedTest
    @EnumSource(CongestionControl.class)
    void singleBulkTransferKeepsTheBottleneckBusy(CongestionControl congestionControl) {
        long seed = 40 + congestionControl.ordinal();
        LinkModel dataDirection = LinkModel.builder().oneWayDelayNanos(5 * Scenario.MILLIS)
                .bandwidthBitsPerSecond(BANDWIDTH_BITS_PER_SECOND).queueLimitPackets(QUEUE_PACKETS).build();
        LinkModel ackDirection = Scenario.delay(5);
        ConnectionConfig config = ConnectionConfig.builder().congestionControl(congestionControl).build();
        Scenario scenario = new Scenario(seed, dataDirection, ackDirection, config, config,
                Scenario.nullTlsClient(), Scenario.nullTlsServer());
        BulkSink sink = new BulkSink();
        BulkSender sender = new BulkSender(TRANSFER_BYTES, sink);
        scenario.client.application(sender);
        scenario.server.application(sink);

        long wallStartNanos = System.nanoTime();
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(() -> sink.finished, 120 * Scenario.SECONDS);
            assertEquals(TRANSFER_BYTES, sink.bytesReceived);
            assertTrue(sender.firstLossNanos > 0, "the sender never left slow start");
        });
        double wallSeconds = (System.nanoTime() - wallStartNanos) / 1e9;

        ConnectionStats stats = scenario.client.connection().stats();
        LinkStatistics link = scenario.network.statistics(Scenario.CLIENT, Scenario.SERVER);
        long measuredBytes = TRANSFER_BYTES - sender.sinkBytesAtFirstLoss;
        double measuredSeconds = (sink.finishedAtNanos - sender.firstLossNanos) / 1e9;
        double goodputBitsPerSecond = measuredBytes * 8 / measuredSeconds;
        double utilisation = goodputBitsPerSecond / BANDWIDTH_BITS_PER_SECOND;
        double payloadPossibleBitsPerSecond = BANDWIDTH_BITS_PER_SECOND * PAYLOAD_PER_DATAGRAM
                / ConnectionConfig.MIN_DATAGRAM_SIZE;
        double totalSeconds = (sink.finishedAtNanos - sender.startNanos) / 1e9;
        System.out.printf("throughput %s: %d B in %.3f s virtual (%.3f s wall); after slow start (first loss at"
                        + " %.3f s, %d B delivered): goodput %.2f Mbit/s = %.1f%% of the 100 Mbit/s link"
                        + " (%.1f%% of the %.2f Mbit/s payload-possible rate); whole transfer %.2f Mbit/s;"
                        + " lost %d packets (%d queue drops), retransmitted %d B, %d datagrams sent,"
                        + " final cwnd %d B, srtt %.2f ms%n",
                congestionControl, TRANSFER_BYTES, totalSeconds, wallSeconds,
                (sender.firstLossNanos - sender.startNanos) / 1e9, TRANSFER_BYTES - measuredBytes,
                goodputBitsPerSecond / 1e6, 100 * utilisation,
                100 * goodputBitsPerSecond / payloadPossibleBitsPerSecond, payloadPossibleBitsPerSecond / 1e6,
                TRANSFER_BYTES * 8 / totalSeconds / 1e6, stats.packetsLost(), link.dropped(DropCause.QUEUE_OVERFLOW),
                stats.streamBytesRetransmitted(), stats.datagramsSent(), stats.congestionWindowBytes(),
                stats.smoothedRttNanos() / 1e6);
        assertTrue(utilisation >= REQUIRED_UTILISATION, String.format(
                "%s used %.1f%% of the bottleneck after slow start, below %.0f%%", congestionControl,
                100 * utilisation, 100 * REQUIRED_UTILISATION));
    }

    /**
     * Opens one stream once the handshake completes, writes {@code totalBytes} from a fixed
     * buffer, then FIN; remembers when the connection first declared a packet lost.
     */
    private static final class BulkSender implements QuicNode.Application {
        private final long totalBytes;
        private final ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        private long streamId = -1;
        private long written;
        private boolean finished;
        long startNanos = -1;
        long firstLossNanos = -1;
        long sinkBytesAtFirstLoss;
        private final BulkSink sink;

        BulkSender(long totalBytes, BulkSink sink) {
            this.totalBytes = totalBytes;
            this.sink = sink;
            for (int i = 0; i < chunk.capacity(); i++) {
                chunk.put(i, (byte) (i * 31 + 7));
            }
        }

        @Override
        public void afterInput(QuicNode node, long nowNanos) {
            Connection connection = node.connection();
            if (!connection.state().isEstablished()) {
                return;
            }
            if (streamId < 0) {
                streamId = connection.openStream(StreamDirection.BIDIRECTIONAL);
                startNanos = nowNanos;
            }
            while (written < totalBytes) {
                chunk.clear();
                chunk.limit((int) Math.min(chunk.capacity(), totalBytes - written));
                int accepted = connection.write(streamId, chunk);
                written += accepted;
                if (accepted == 0) {
                    break;
                }
            }
            if (written == totalBytes && !finished) {
                finished = true;
                connection.finish(streamId);
            }
            if (firstLossNanos < 0) {
                ConnectionStats stats = connection.stats();
                if (stats.packetsLost() > 0) {
                    firstLossNanos = nowNanos;
                    sinkBytesAtFirstLoss = sink.bytesReceived;
                }
            }
        }
    }

    /**
     * Stream payload one full 1200-byte 1-RTT datagram can carry: 1200 minus 1 (first byte),
     * 8 (destination connection ID), 2 (packet number), 16 (AEAD tag), and 1 (type), 1 (stream
     * ID), 4 (offset below 2^30) of a STREAM frame that runs to the end of the packet. That is
     * the best any QUIC sender can do; this stack always writes the Length field too (2 more
     * bytes), so the payload-possible figure printed is slightly conservative.
     */
    private static final int PAYLOAD_PER_DATAGRAM = 1200 - 27 - 6;

    /** Reads everything the peer sends, counting bytes and remembering when they arrived. */
    private static final class BulkSink implements QuicNode.Application {
        private final ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
        long bytesReceived;
        boolean finished;
        long finishedAtNanos = -1;

        @Override
        public void onEvent(QuicNode node, ConnectionEvent event, long nowNanos) {
            if (event instanceof ConnectionEvent.Stream stream) {
                if (stream.event() instanceof StreamEvent.Readable readable) {
                    read(node.connection(), readable.streamId(), nowNanos);
                } else if (stream.event() instanceof StreamEvent.PeerOpened opened) {
                    read(node.connection(), opened.streamId(), nowNanos);
                }
            }
        }

        private void read(Connection connection, long streamId, long nowNanos) {
            while (true) {
                buffer.clear();
                int read = connection.read(streamId, buffer);
                if (read == -1) {
                    finished = true;
                    finishedAtNanos = nowNanos;
                    break;
                }
                if (read == 0) {
                    break;
                }
                bytesReceived += read;
            }
        }
    }
}
