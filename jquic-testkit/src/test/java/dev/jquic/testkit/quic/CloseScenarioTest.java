package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.TransportError;
import dev.jquic.core.connection.CloseReason;
import dev.jquic.core.connection.ConnectionState;
import dev.jquic.testkit.net.SeedReporting;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 9000 §10.2: an application close by either endpoint. The closer enters the closing state
 * (§10.2.1), the peer the draining state (§10.2.2); both end CLOSED after about three PTOs. A
 * close during the handshake travels as a transport APPLICATION_ERROR (§10.2.3); a lost
 * CONNECTION_CLOSE is sent again when more packets arrive (§10.2.1).
 */
class CloseScenarioTest {

    private static final long MILLIS = Scenario.MILLIS;
    private static final long SECONDS = Scenario.SECONDS;
    private static final long APPLICATION_CODE = 0x1234;
    private static final String REASON = "done here";

    private static void assertClosesCleanly(long seed, boolean clientCloses) {
        Scenario scenario = new Scenario(seed, Scenario.delay(10), Scenario.config(), Scenario.config());
        LifecycleRecorder clientLife = new LifecycleRecorder();
        LifecycleRecorder serverLife = new LifecycleRecorder();
        scenario.client.application(clientLife);
        scenario.server.application(serverLife);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(() -> scenario.bothEstablished()
                    && scenario.client.connection().state() == ConnectionState.CONFIRMED, 5 * SECONDS);
            scenario.network.runFor(100 * MILLIS);
            QuicNode closer = clientCloses ? scenario.client : scenario.server;
            QuicNode peer = clientCloses ? scenario.server : scenario.client;
            LifecycleRecorder closerLife = clientCloses ? clientLife : serverLife;
            LifecycleRecorder peerLife = clientCloses ? serverLife : clientLife;
            long closedAt = scenario.network.nowNanos();
            long closerPto = pto(closer);
            long peerPto = pto(peer);
            closer.connection().close(APPLICATION_CODE, REASON, closedAt);
            assertEquals(ConnectionState.CLOSING, closer.connection().state());
            // Half a round trip later the peer has the CONNECTION_CLOSE and drains.
            scenario.network.runUntil(() -> peerLife.closedAtNanos >= 0, closedAt + 1 * SECONDS);
            assertEquals(ConnectionState.DRAINING, peer.connection().state());
            assertEquals(ConnectionState.CLOSING, closer.connection().state());
            assertEquals(closedAt + 10 * MILLIS, peerLife.closedAtNanos);
            CloseReason peerReason = peer.connection().closeReason();
            assertEquals(new CloseReason(CloseReason.Origin.PEER, APPLICATION_CODE, true, 0, REASON), peerReason);
            assertEquals(CloseReason.Origin.LOCAL, closer.connection().closeReason().origin());
            assertEquals(APPLICATION_CODE, closer.connection().closeReason().errorCode());
            scenario.network.runUntil(() -> closerLife.terminated() && peerLife.terminated(), closedAt + 10 * SECONDS);
            System.out.printf("close by %s: closer CLOSED after %.1f ms (3 PTO = %.1f ms), peer after %.1f ms"
                    + " (3 PTO = %.1f ms)%n", closer.address(), (closerLife.terminatedAtNanos - closedAt) / 1e6,
                    3 * closerPto / 1e6, (peerLife.terminatedAtNanos - peerLife.closedAtNanos) / 1e6,
                    3 * peerPto / 1e6);
            assertEquals(closedAt + 3 * closerPto, closerLife.terminatedAtNanos);
            assertEquals(peerLife.closedAtNanos + 3 * peerPto, peerLife.terminatedAtNanos);
            assertEquals(List.of(ConnectionState.CONFIRMED, ConnectionState.CLOSING, ConnectionState.CLOSED),
                    closerLife.states.subList(closerLife.states.indexOf(ConnectionState.CONFIRMED),
                            closerLife.states.size()));
            assertEquals(List.of(ConnectionState.CONFIRMED, ConnectionState.DRAINING, ConnectionState.CLOSED),
                    peerLife.states.subList(peerLife.states.indexOf(ConnectionState.CONFIRMED),
                            peerLife.states.size()));
            assertEquals(1, closerLife.closedEvents);
            assertEquals(1, peerLife.closedEvents);
            assertEquals(ConnectionState.CLOSED, closer.connection().state());
            assertEquals(ConnectionState.CLOSED, peer.connection().state());
            // No timer left after CLOSED: nothing keeps the simulation going.
            assertEquals(Long.MAX_VALUE, closer.nextTimeoutNanos());
            assertEquals(Long.MAX_VALUE, peer.nextTimeoutNanos());
        });
    }

    /** RFC 9002 §6.2.1 PTO without backoff: smoothed_rtt + max(4 rttvar, 1 ms) + max_ack_delay. */
    private static long pto(QuicNode node) {
        var stats = node.connection().stats();
        long maxAckDelayNanos = node.connection().peerTransportParameters().maxAckDelayMillis() * MILLIS;
        return stats.smoothedRttNanos() + Math.max(4 * stats.rttVariationNanos(), MILLIS) + maxAckDelayNanos;
    }

    @Test
    void clientCloseReachesTheServerWithItsCodeAndReason() {
        assertClosesCleanly(31, true);
    }

    @Test
    void serverCloseReachesTheClientWithItsCodeAndReason() {
        assertClosesCleanly(32, false);
    }

    @Test
    void clientCloseDuringTheHandshakeIsSentAsTransportApplicationError() {
        Scenario scenario = new Scenario(33, Scenario.delay(10), Scenario.config(), Scenario.config());
        LifecycleRecorder serverLife = new LifecycleRecorder();
        scenario.server.application(serverLife);
        // The null TLS server flight fits one datagram, completing the client's handshake at once:
        // the client closes right after sending its first Initial, while the server answers.
        LifecycleRecorder clientLife = new LifecycleRecorder();
        scenario.client.application(clientLife);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runFor(1 * MILLIS);
            scenario.client.connection().close(APPLICATION_CODE, "secret application reason",
                    scenario.network.nowNanos());
            scenario.network.runUntil(() -> clientLife.terminated() && serverLife.terminated(), 10 * SECONDS);
            assertFalse(scenario.client.connection().isHandshakeComplete());
            assertFalse(scenario.server.connection().isHandshakeComplete());
            // RFC 9000 §10.2.3: in Initial and Handshake packets the application close becomes a
            // transport APPLICATION_ERROR without the reason phrase.
            CloseReason seen = scenario.server.connection().closeReason();
            assertEquals(new CloseReason(CloseReason.Origin.PEER, TransportError.APPLICATION_ERROR.code(), false, 0,
                    ""), seen);
            assertEquals(new CloseReason(CloseReason.Origin.LOCAL, APPLICATION_CODE, true, 0,
                    "secret application reason"), scenario.client.connection().closeReason());
            assertEquals(ConnectionState.CLOSED, scenario.client.connection().state());
            assertEquals(ConnectionState.CLOSED, scenario.server.connection().state());
            assertTrue(serverLife.states.contains(ConnectionState.DRAINING));
            assertTrue(clientLife.states.contains(ConnectionState.CLOSING));
        });
    }

    @Test
    void serverCloseDuringTheHandshakeIsSentAsTransportApplicationError() {
        Scenario scenario = new Scenario(34, Scenario.delay(10), Scenario.config(), Scenario.config());
        LifecycleRecorder clientLife = new LifecycleRecorder();
        scenario.client.application(clientLife);
        LifecycleRecorder serverLife = new LifecycleRecorder(new QuicNode.Application() {
            @Override
            public void afterInput(QuicNode node, long nowNanos) {
                // Refuse the client right after its first Initial.
                if (node.connection().state() == ConnectionState.HANDSHAKING) {
                    node.connection().close(APPLICATION_CODE, "go away", nowNanos);
                }
            }
        });
        scenario.server.application(serverLife);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(() -> clientLife.terminated() && serverLife.terminated(), 10 * SECONDS);
            assertFalse(scenario.client.connection().isHandshakeComplete());
            assertEquals(new CloseReason(CloseReason.Origin.PEER, TransportError.APPLICATION_ERROR.code(), false, 0,
                    ""), scenario.client.connection().closeReason());
            assertEquals(ConnectionState.CLOSED, scenario.client.connection().state());
            assertEquals(ConnectionState.CLOSED, scenario.server.connection().state());
            // The client drained on the CONNECTION_CLOSE long before any idle timeout.
            assertTrue(clientLife.closedAtNanos <= 40 * MILLIS, "client closed at " + clientLife.closedAtNanos);
        });
    }

    @Test
    void aLostConnectionCloseIsSentAgainWhenMorePacketsArrive() {
        Scenario scenario = new Scenario(35, Scenario.delay(10), Scenario.config(), Scenario.config());
        LifecycleRecorder clientLife = new LifecycleRecorder();
        TransferApp serverTransfer = new TransferApp(1, 4 * 1024 * 1024, 0);
        LifecycleRecorder serverLife = new LifecycleRecorder(serverTransfer);
        scenario.client.application(clientLife);
        scenario.server.application(serverLife);
        long[] closeDatagramsDropped = new long[1];
        long[] clientDatagramsAfterClose = new long[1];
        boolean[] closing = new boolean[1];
        // Drop the first two datagrams the client sends once closing: its first CONNECTION_CLOSE
        // (and the first answer too), so only a later re-send can reach the server.
        scenario.network.intercept(Scenario.CLIENT, Scenario.SERVER, (datagram, sequence, nowNanos) -> {
            if (!closing[0]) {
                return datagram;
            }
            clientDatagramsAfterClose[0]++;
            if (closeDatagramsDropped[0] < 2) {
                closeDatagramsDropped[0]++;
                return null;
            }
            return datagram;
        });
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            // Close while the server is sending a long stream: its packets keep arriving.
            scenario.network.runUntil(() -> scenario.bothEstablished()
                    && scenario.client.connection().stats().bytesReceived() > 256 * 1024, 10 * SECONDS);
            long closedAt = scenario.network.nowNanos();
            closing[0] = true;
            scenario.client.connection().close(APPLICATION_CODE, REASON, closedAt);
            scenario.network.runUntil(() -> serverLife.closedAtNanos >= 0, closedAt + 5 * SECONDS);
            assertEquals(new CloseReason(CloseReason.Origin.PEER, APPLICATION_CODE, true, 0, REASON),
                    scenario.server.connection().closeReason());
            assertEquals(2, closeDatagramsDropped[0]);
            assertTrue(clientDatagramsAfterClose[0] >= 3, "re-sent " + clientDatagramsAfterClose[0]);
            System.out.printf("lost CONNECTION_CLOSE: server learned of the close %.1f ms later, after %d client"
                    + " datagrams%n", (serverLife.closedAtNanos - closedAt) / 1e6, clientDatagramsAfterClose[0]);
            // Within a few round trips, far from the 30 s idle timeout.
            assertTrue(serverLife.closedAtNanos - closedAt < 1 * SECONDS);
            scenario.network.runUntil(() -> clientLife.terminated() && serverLife.terminated(),
                    closedAt + 10 * SECONDS);
            // Rate-limited (RFC 9000 §10.2.1): far fewer answers than the packets that arrived.
            assertTrue(clientDatagramsAfterClose[0] < scenario.client.connection().stats().datagramsReceived() / 4,
                    "answers " + clientDatagramsAfterClose[0]);
        });
    }
}
