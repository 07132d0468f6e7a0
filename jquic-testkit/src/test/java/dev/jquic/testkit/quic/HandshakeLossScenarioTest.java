package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.connection.CloseReason;
import dev.jquic.core.connection.ConnectionConfig;
import dev.jquic.core.connection.ConnectionState;
import dev.jquic.core.frame.AckFrame;
import dev.jquic.core.frame.CryptoFrame;
import dev.jquic.core.frame.Frame;
import dev.jquic.core.frame.PaddingFrame;
import dev.jquic.core.frame.PingFrame;
import dev.jquic.core.trace.ConnectionTracer;
import dev.jquic.core.types.PacketType;
import dev.jquic.testkit.net.LinkModel;
import dev.jquic.testkit.net.SeedReporting;
import dev.jquic.testkit.tls.NullTls;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The handshake under loss, and the idle timeout (RFC 9000 §10.1) when the path goes silent:
 * every run must end, by completion or by idle timeout, within a bounded virtual time.
 */
class HandshakeLossScenarioTest {

    private static final long MILLIS = Scenario.MILLIS;
    private static final long SECONDS = Scenario.SECONDS;
    private static final long IDLE_TIMEOUT_MILLIS = 2_000;

    @Test
    void handshakeCompletesThroughThirtyPercentLossInBothDirectionsForFiftySeeds() {
        LinkModel lossy = LinkModel.builder().oneWayDelayNanos(10 * MILLIS).lossRate(0.3)
                .maxConsecutiveLosses(3).build();
        long slowest = 0;
        long slowestSeed = -1;
        long total = 0;
        for (long seed = 1; seed <= 50; seed++) {
            Scenario scenario = new Scenario(seed, lossy, Scenario.config(), Scenario.config());
            long[] completed = new long[1];
            SeedReporting.reportSeedOnFailure(scenario.network, () -> {
                completed[0] = scenario.network.runUntil(scenario::bothEstablished, 20 * SECONDS);
                assertEquals("test", scenario.client.connection().applicationProtocol());
                assertEquals("test", scenario.server.connection().applicationProtocol());
                // Both sides stay up (nothing closed the connection while recovering).
                scenario.network.runFor(500 * MILLIS);
                assertFalse(scenario.client.connection().state().isTerminating());
                assertFalse(scenario.server.connection().state().isTerminating());
            });
            total += completed[0];
            if (completed[0] > slowest) {
                slowest = completed[0];
                slowestSeed = seed;
            }
        }
        System.out.printf("handshake through 30%% loss, 50 seeds: mean %.1f ms, slowest %.1f ms (seed %d)%n",
                total / 50 / 1e6, slowest / 1e6, slowestSeed);
        // Three losses in a row with the 999 ms initial PTO doubling: well under ten seconds.
        assertTrue(slowest < 10 * SECONDS, "slowest handshake " + slowest + " ns");
    }

    @Test
    void aFlightOfThreeDatagramsThroughThirtyPercentLossUsuallyNeedsNoProbeTimeout() {
        // A server flight of three datagrams (3,000 bytes of NullTls padding, like a certificate
        // chain). When its first datagram, with the ServerHello, is lost and a later one arrives,
        // the client sends its ClientHello again at once and the server answers the duplicate with
        // its ServerHello (RFC 9002 §6.2.3): most such handshakes finish within a few round trips
        // instead of after a PTO of about 1 s. Measured over 2,000 seeds (100,000 on): median
        // 1,029 ms without the early resends and 160 ms with them, 90th percentile 3,027 and
        // 1,189 ms. Bursts of loss still make a rare handshake take 15 s (seed 1,185 here).
        LinkModel lossy = LinkModel.builder().oneWayDelayNanos(10 * MILLIS).lossRate(0.3)
                .maxConsecutiveLosses(3).build();
        NullTls.Options padded = NullTls.Options.defaults().withServerFlightPaddingBytes(3_000);
        int seeds = 200;
        long[] completed = new long[seeds];
        for (int i = 0; i < seeds; i++) {
            Scenario scenario = new Scenario(1_000 + i, lossy, lossy, Scenario.config(), Scenario.config(),
                    Scenario.nullTlsClient(), parameters -> NullTls.server(parameters, List.of("test"), padded));
            int index = i;
            SeedReporting.reportSeedOnFailure(scenario.network, () -> completed[index] =
                    scenario.network.runUntil(scenario::bothEstablished, 20 * SECONDS));
        }
        Arrays.sort(completed);
        long median = completed[seeds / 2];
        long ninetieth = completed[seeds * 9 / 10];
        System.out.printf("3-datagram flight through 30%% loss, %d seeds: median %.1f ms, 90th percentile %.1f ms,"
                + " slowest %.1f ms%n", seeds, median / 1e6, ninetieth / 1e6, completed[seeds - 1] / 1e6);
        assertTrue(median < 500 * MILLIS, "median handshake " + median + " ns");
        assertTrue(ninetieth < 2 * SECONDS, "90th percentile " + ninetieth + " ns");
    }

    @Test
    void serverProbesRepeatALostHandshakeDoneThatNoAcknowledgmentReports() {
        // The server's first 1-RTT datagram after the client's Finished (HANDSHAKE_DONE) is lost,
        // and from then on nothing from the client reaches the server: no ACK will ever report
        // the loss, and the client can only probe with Handshake packets the server no longer
        // reads. Only the server's PTO probes can confirm the client (RFC 9001 §4.1.2): they
        // must carry HANDSHAKE_DONE, not a bare PING (RFC 9002 §6.2.4).
        ConnectionConfig config = ConnectionConfig.builder().maxIdleTimeoutMillis(30_000).build();
        Scenario scenario = new Scenario(11, Scenario.delay(10), config, config);
        boolean[] serverComplete = new boolean[1];
        int[] shortHeaderDropped = new int[1];
        scenario.network.intercept(Scenario.SERVER, Scenario.CLIENT, (d, s, t) -> {
            boolean shortHeader = (d.byteAt(0) & 0x80) == 0;
            if (shortHeader && scenario.server.connection().state().isEstablished() && shortHeaderDropped[0] == 0) {
                serverComplete[0] = true;
                shortHeaderDropped[0]++;
                return null;
            }
            return d;
        });
        scenario.network.intercept(Scenario.CLIENT, Scenario.SERVER, (d, s, t) -> serverComplete[0] ? null : d);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(() -> scenario.client.connection().state() == ConnectionState.CONFIRMED,
                    10 * SECONDS);
            assertEquals(1, shortHeaderDropped[0], "the HANDSHAKE_DONE datagram was dropped");
            assertTrue(serverComplete[0]);
        });
    }

    @Test
    void aProbeCarriesTheLostStreamDataWhenNoAcknowledgmentComesBack() {
        // The client's only STREAM frame is lost and from then on nothing from the server comes
        // back: loss detection never learns of the loss, so the PTO probe itself must repeat the
        // oldest unacknowledged data (RFC 9002 §6.2.4) for the server to get the bytes.
        ConnectionConfig config = ConnectionConfig.builder().maxIdleTimeoutMillis(30_000).build();
        Scenario scenario = new Scenario(12, Scenario.delay(10), config, config);
        TransferApp sender = new TransferApp(1, 1_000, 0);
        TransferApp receiver = new TransferApp(0, 1_000, 1);
        scenario.client.application(sender);
        scenario.server.application(receiver);
        boolean[] dataDropped = new boolean[1];
        scenario.network.intercept(Scenario.CLIENT, Scenario.SERVER, (d, s, t) -> {
            // The 1,000 stream bytes travel in the first datagram over 1,000 bytes after the
            // client's first Initial (possibly coalesced with its Handshake packet).
            if (!dataDropped[0] && s > 0 && d.length() > 1_000) {
                dataDropped[0] = true;
                return null;
            }
            return d;
        });
        scenario.network.intercept(Scenario.SERVER, Scenario.CLIENT, (d, s, t) -> dataDropped[0] ? null : d);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(receiver::receivedAll, 10 * SECONDS);
            assertTrue(dataDropped[0], "the stream data datagram was dropped");
            assertEquals(List.of(), receiver.failures);
            assertEquals(1_000, receiver.bytesReceived);
        });
    }

    @Test
    void theSecondProbeRepeatsTheNextOldestPacketNotABarePing() {
        // The server's 2,000-byte response leaves in two 1-RTT packets; both are lost and from
        // then on nothing from the client reaches the server. If the second probe of each PTO were
        // a bare PING (or the oldest packet again), every round would repeat only the first packet
        // and the second one's bytes would never arrive (RFC 9002 §6.2.4: probes may carry
        // previously sent data). Seen against Kwik's client (issue #6).
        serverProbesAloneDeliverTheResponse(14, 2_000, 2, 500);
    }

    @Test
    void aProbeDoesNotRepeatAnAckOfTheServersFlightOnceItIsStale() {
        // The client's Handshake ACK (with its Finished) is lost, and for 3 s nothing gets through
        // either way. Handshake probes repeat unconfirmed ACK state (issue #6: quiche's bare PING
        // probes learn of lost packets only from our ACKs), but not the ack-eliciting packets of
        // the server's flight once they arrived more than an RTT and more than kInitialRtt (333 ms)
        // less an RTT before: a server taking its first RTT sample from such an ACK counts the
        // whole wait (RFC 9002 §5.3; quiche took 9.4 s). With the path back, the handshake
        // completes without them.
        Scenario scenario = new Scenario(15, Scenario.delay(10), Scenario.config(), Scenario.config());
        List<String> handshakePacketsAfterCut = new ArrayList<>();
        long[] cutAt = {Long.MAX_VALUE};
        long reopenAt = 3 * SECONDS;
        scenario.client.connection().setTracer(new ConnectionTracer() {
            @Override
            public void packetSent(long timeNanos, PacketType type, long packetNumber, int sizeBytes,
                    List<Frame> frames) {
                boolean stale = cutAt[0] != Long.MAX_VALUE
                        && timeNanos - cutAt[0] > dev.jquic.core.recovery.RttEstimator.DEFAULT_INITIAL_RTT_NANOS;
                if (type == PacketType.HANDSHAKE && stale && timeNanos < reopenAt) {
                    boolean ack = frames.stream().anyMatch(frame -> frame instanceof AckFrame);
                    handshakePacketsAfterCut.add("#" + packetNumber + (ack ? " with ACK" : " without ACK"));
                }
            }
        });
        // The client's second datagram carries its Handshake ACK and Finished: drop it and cut the
        // path both ways from then on, until 3 s.
        scenario.network.intercept(Scenario.CLIENT, Scenario.SERVER, (d, s, t) -> {
            if (s >= 1 && cutAt[0] == Long.MAX_VALUE) {
                cutAt[0] = t;
            }
            return s >= 1 && t < reopenAt ? null : d;
        });
        scenario.network.intercept(Scenario.SERVER, Scenario.CLIENT,
                (d, s, t) -> t > cutAt[0] && t < reopenAt ? null : d);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runFor(reopenAt);
            assertTrue(cutAt[0] < Long.MAX_VALUE, "the client sent its Finished");
            assertFalse(handshakePacketsAfterCut.isEmpty(), "the client probed in the Handshake space 333 ms on");
            assertTrue(handshakePacketsAfterCut.stream().allMatch(packet -> packet.endsWith("without ACK")),
                    "no Handshake probe repeats the stale ACK: " + handshakePacketsAfterCut);
            scenario.network.runUntil(scenario::bothEstablished, 20 * SECONDS);
            assertTrue(scenario.bothEstablished(), "established once the path is back");
        });
    }

    @Test
    void aServerWaitingForTheClientsFinishedProbesWithAnAckAndBacksOff() {
        // The client's Finished never reaches the server (a man in the middle strips the CRYPTO
        // frame from its Handshake packets), its ACK of the server's flight does. The server has
        // nothing in flight, yet it must not just wait for a Finished that only the client's PTO
        // would bring again: it probes in the Handshake space with an ACK of the client's packets,
        // from which a client declares a lost Finished lost (RFC 9002 §6.1). Kwik's client once
        // stopped probing here and the connection idled out (issue #6). The probes back off, so
        // the stalled handshake costs a few of them.
        ConnectionConfig config = ConnectionConfig.builder().maxIdleTimeoutMillis(30_000).build();
        Scenario scenario = new Scenario(16, Scenario.delay(10), config, config);
        int[] finishedStripped = new int[1];
        FrameRewriter clientPackets = FrameRewriter.forClientPackets(packet -> {
            if (packet.type() == PacketType.HANDSHAKE) {
                List<Frame> frames = packet.frames();
                for (int i = 0; i < frames.size(); i++) {
                    if (frames.get(i) instanceof CryptoFrame crypto) {
                        frames.set(i, new PaddingFrame(crypto.encodedLength()));
                        finishedStripped[0]++;
                    }
                }
            }
        });
        scenario.network.intercept(Scenario.CLIENT, Scenario.SERVER, clientPackets);
        List<Long> probeTimes = new ArrayList<>();
        List<String> probesWithoutAck = new ArrayList<>();
        FrameRewriter serverPackets = clientPackets.forServerPackets(8, packet -> {
            if (packet.type() == PacketType.HANDSHAKE
                    && packet.frames().stream().anyMatch(frame -> frame instanceof PingFrame)) {
                if (probeTimes.isEmpty() || probeTimes.get(probeTimes.size() - 1) != packet.nowNanos()) {
                    probeTimes.add(packet.nowNanos());
                }
                if (packet.frames().stream().noneMatch(frame -> frame instanceof AckFrame)) {
                    probesWithoutAck.add("#" + packet.packetNumber() + " " + packet.frames());
                }
            }
        });
        scenario.network.intercept(Scenario.SERVER, Scenario.CLIENT, serverPackets);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runFor(10 * SECONDS);
            assertTrue(finishedStripped[0] >= 1, "the client's Finished was stripped");
            assertFalse(scenario.server.connection().state().isEstablished(), "no Finished, no handshake");
            assertEquals(List.of(), probesWithoutAck, "every probe carries an ACK");
            // Each PTO sends two probe datagrams, the second a quarter period after the first.
            List<Long> timeouts = new ArrayList<>();
            for (int i = 0; i < probeTimes.size(); i += 2) {
                timeouts.add(probeTimes.get(i));
                if (i + 1 < probeTimes.size()) {
                    long pairGap = probeTimes.get(i + 1) - probeTimes.get(i);
                    long toNext = i + 2 < probeTimes.size() ? probeTimes.get(i + 2) - probeTimes.get(i + 1) : Long.MAX_VALUE;
                    assertTrue(pairGap > 0 && pairGap < toNext, "the second probe of a PTO comes before the next PTO: "
                            + probeTimes);
                }
            }
            assertTrue(timeouts.size() >= 3, "the waiting server probed: " + probeTimes);
            // Backed off: every gap longer than the one before (the PTO doubles while the RTT
            // estimate settles), so 10 s hold a handful of timeouts, not one per PTO (~60 ms here).
            for (int i = 2; i < timeouts.size(); i++) {
                long gap = timeouts.get(i) - timeouts.get(i - 1);
                long before = timeouts.get(i - 1) - timeouts.get(i - 2);
                assertTrue(gap > before, "probe times " + probeTimes);
            }
            assertTrue(timeouts.size() <= 10, "probe times " + probeTimes);
        });
    }

    @Test
    void serverProbesRepeatTheLostResponseAlongWithAnUnacknowledgedHandshakeDone() {
        // The server's first 1-RTT datagram (HANDSHAKE_DONE with the server's first stream bytes)
        // is lost and nothing from the client reaches the server afterwards. HANDSHAKE_DONE alone in
        // one probe and a bare PING in the other would never deliver the stream bytes: the
        // probes must repeat the oldest unacknowledged packet's frames too (RFC 9002 §6.2.4).
        // Seen against Kwik's client through 30 % corruption (issue #6).
        Scenario scenario = serverProbesAloneDeliverTheResponse(13, 1_000, 1, 1_000);
        assertEquals(ConnectionState.CONFIRMED, scenario.client.connection().state());
    }

    /**
     * The server sends {@code bytes} on one stream; its first {@code lostDatagrams} short-header
     * datagrams longer than {@code minLength} are lost, and from then on nothing from the client
     * reaches the server, so no ACK tells it what was lost: its probes alone must deliver every byte.
     */
    private static Scenario serverProbesAloneDeliverTheResponse(long seed, int bytes, int lostDatagrams,
            int minLength) {
        ConnectionConfig config = ConnectionConfig.builder().maxIdleTimeoutMillis(30_000).build();
        Scenario scenario = new Scenario(seed, Scenario.delay(10), config, config);
        TransferApp sender = new TransferApp(1, bytes, 0);
        TransferApp receiver = new TransferApp(0, bytes, 1);
        scenario.server.application(sender);
        scenario.client.application(receiver);
        int[] dropped = new int[1];
        scenario.network.intercept(Scenario.SERVER, Scenario.CLIENT, (d, s, t) -> {
            boolean shortHeader = (d.byteAt(0) & 0x80) == 0;
            if (dropped[0] < lostDatagrams && shortHeader && d.length() > minLength) {
                dropped[0]++;
                return null;
            }
            return d;
        });
        scenario.network.intercept(Scenario.CLIENT, Scenario.SERVER,
                (d, s, t) -> dropped[0] == lostDatagrams ? null : d);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(receiver::receivedAll, 10 * SECONDS);
            assertEquals(lostDatagrams, dropped[0], "the server's stream datagrams dropped");
            assertEquals(List.of(), receiver.failures);
            assertEquals(bytes, receiver.bytesReceived);
        });
        return scenario;
    }

    @Test
    void bothSidesEndByIdleTimeoutWhenThePathGoesSilentAfterTheHandshake() {
        ConnectionConfig config = ConnectionConfig.builder().maxIdleTimeoutMillis(IDLE_TIMEOUT_MILLIS).build();
        Scenario scenario = new Scenario(7, Scenario.delay(10), config, config);
        LifecycleRecorder clientLife = new LifecycleRecorder();
        LifecycleRecorder serverLife = new LifecycleRecorder();
        scenario.client.application(clientLife);
        scenario.server.application(serverLife);
        boolean[] silent = new boolean[1];
        scenario.network.intercept(Scenario.CLIENT, Scenario.SERVER, (d, s, t) -> silent[0] ? null : d);
        scenario.network.intercept(Scenario.SERVER, Scenario.CLIENT, (d, s, t) -> silent[0] ? null : d);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(() -> scenario.bothEstablished()
                    && scenario.client.connection().state() == ConnectionState.CONFIRMED, 5 * SECONDS);
            // Let the last ACKs and NEW_CONNECTION_IDs through, then cut the path.
            scenario.network.runFor(200 * MILLIS);
            silent[0] = true;
            long silentFrom = scenario.network.nowNanos();
            scenario.network.runUntil(() -> clientLife.terminated() && serverLife.terminated(), 60 * SECONDS);
            for (QuicNode node : new QuicNode[] {scenario.client, scenario.server}) {
                LifecycleRecorder life = node == scenario.client ? clientLife : serverLife;
                assertEquals(ConnectionState.CLOSED, node.connection().state(), node.address().toString());
                assertEquals(CloseReason.Origin.IDLE_TIMEOUT, node.connection().closeReason().origin());
                assertEquals(1, life.closedEvents);
                assertEquals(1, life.terminatedEvents);
                long closeAfter = life.terminatedAtNanos - silentFrom;
                // RFC 9000 §10.1: max(idle timeout, 3 PTO) after the last activity (at most the
                // silence start, at least the idle timeout before it ends: PTOs restart the timer
                // at most once after the last packet received).
                long pto = 3 * node.connection().stats().smoothedRttNanos();
                System.out.printf("%s: idle close %.1f ms after the path went silent%n", node.address(),
                        closeAfter / 1e6);
                assertTrue(closeAfter >= IDLE_TIMEOUT_MILLIS * MILLIS - 200 * MILLIS,
                        "closed too early: " + closeAfter + " ns");
                assertTrue(closeAfter <= IDLE_TIMEOUT_MILLIS * MILLIS + 500 * MILLIS + pto,
                        "closed too late: " + closeAfter + " ns");
            }
            // Nothing is scheduled any more: no hang, no timer.
            assertEquals(Long.MAX_VALUE, scenario.client.nextTimeoutNanos());
            assertEquals(Long.MAX_VALUE, scenario.server.nextTimeoutNanos());
            assertTrue(scenario.network.idle());
        });
    }

    @Test
    void bothSidesEndByIdleTimeoutWhenThePathGoesSilentMidTransfer() {
        // Data in flight both ways: probe timeouts keep firing with backoff, yet the idle timer
        // (restarted only by the first ack-eliciting packet after a receipt) still ends it.
        ConnectionConfig config = ConnectionConfig.builder().maxIdleTimeoutMillis(IDLE_TIMEOUT_MILLIS).build();
        Scenario scenario = new Scenario(9, Scenario.delay(10), config, config);
        TransferApp clientTransfer = new TransferApp(1, 8 * 1024 * 1024, 1);
        TransferApp serverTransfer = new TransferApp(1, 8 * 1024 * 1024, 1);
        LifecycleRecorder clientLife = new LifecycleRecorder(clientTransfer);
        LifecycleRecorder serverLife = new LifecycleRecorder(serverTransfer);
        scenario.client.application(clientLife);
        scenario.server.application(serverLife);
        boolean[] silent = new boolean[1];
        scenario.network.intercept(Scenario.CLIENT, Scenario.SERVER, (d, s, t) -> silent[0] ? null : d);
        scenario.network.intercept(Scenario.SERVER, Scenario.CLIENT, (d, s, t) -> silent[0] ? null : d);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(() -> clientTransfer.bytesReceived > 1024 * 1024
                    && serverTransfer.bytesReceived > 1024 * 1024, 10 * SECONDS);
            silent[0] = true;
            long silentFrom = scenario.network.nowNanos();
            scenario.network.runUntil(() -> clientLife.terminated() && serverLife.terminated(), 60 * SECONDS);
            for (QuicNode node : new QuicNode[] {scenario.client, scenario.server}) {
                LifecycleRecorder life = node == scenario.client ? clientLife : serverLife;
                assertEquals(CloseReason.Origin.IDLE_TIMEOUT, node.connection().closeReason().origin());
                assertEquals(ConnectionState.CLOSED, node.connection().state());
                long closeAfter = life.terminatedAtNanos - silentFrom;
                System.out.printf("%s: idle close %.1f ms after the path went silent mid-transfer (%d PTOs)%n",
                        node.address(), closeAfter / 1e6, node.connection().stats().ptoCount());
                assertTrue(node.connection().stats().ptoCount() > 0);
                // The last packet arrived at most a round trip before the silence.
                assertTrue(closeAfter >= IDLE_TIMEOUT_MILLIS * MILLIS - 20 * MILLIS, "closed after " + closeAfter);
                assertTrue(closeAfter <= IDLE_TIMEOUT_MILLIS * MILLIS + 100 * MILLIS, "closed after " + closeAfter);
            }
            assertEquals(Long.MAX_VALUE, scenario.client.nextTimeoutNanos());
            assertEquals(Long.MAX_VALUE, scenario.server.nextTimeoutNanos());
        });
    }

    @Test
    void aClientWhoseServerNeverAnswersEndsByIdleTimeout() {
        ConnectionConfig config = ConnectionConfig.builder().maxIdleTimeoutMillis(IDLE_TIMEOUT_MILLIS).build();
        Scenario scenario = new Scenario(8, Scenario.delay(10), config, config);
        LifecycleRecorder clientLife = new LifecycleRecorder();
        scenario.client.application(clientLife);
        scenario.network.intercept(Scenario.CLIENT, Scenario.SERVER, (d, s, t) -> null);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(clientLife::terminated, 60 * SECONDS);
            assertNull(scenario.server.connection());
            assertEquals(ConnectionState.CLOSED, scenario.client.connection().state());
            assertEquals(CloseReason.Origin.IDLE_TIMEOUT, scenario.client.connection().closeReason().origin());
            assertFalse(scenario.client.connection().isHandshakeComplete());
            // No RTT sample: the PTO is the initial one (333 ms + 4 x 166.5 ms + 25 ms max_ack_delay
            // = 1,024 ms), and the idle timeout waits for the third backed-off probe (at 1, 3 and
            // 7 PTO) and one more PTO for its answer: max(2 s idle, 8 PTO = 8.192 s) after the
            // first Initial.
            long closedAt = clientLife.terminatedAtNanos;
            System.out.printf("unanswered client: idle close at %.1f ms%n", closedAt / 1e6);
            assertEquals(8 * 1_024 * MILLIS, closedAt, "closed at " + closedAt);
            assertTrue(scenario.network.idle());
        });
    }
}
