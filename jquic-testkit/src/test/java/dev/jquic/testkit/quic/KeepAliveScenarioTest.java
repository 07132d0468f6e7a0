package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.connection.CloseReason;
import dev.jquic.core.connection.ConnectionConfig;
import dev.jquic.core.connection.ConnectionState;
import dev.jquic.testkit.net.SeedReporting;
import org.junit.jupiter.api.Test;

/**
 * Keep-alive: an idle connection whose endpoints send PINGs more often than the idle timeout
 * (RFC 9000 §10.1.2) stays open; without them it ends by idle timeout (§10.1).
 */
class KeepAliveScenarioTest {

    private static final long MILLIS = Scenario.MILLIS;
    private static final long SECONDS = Scenario.SECONDS;
    private static final long IDLE_TIMEOUT_MILLIS = 1_000;

    @Test
    void keepAliveHoldsAnIdleConnectionOpenForTenIdleTimeouts() {
        // Only the client keeps the connection alive: its PINGs, and the server's ACKs of them,
        // restart both idle timers.
        ConnectionConfig client = ConnectionConfig.builder().maxIdleTimeoutMillis(IDLE_TIMEOUT_MILLIS)
                .keepAliveIntervalMillis(IDLE_TIMEOUT_MILLIS / 3).build();
        ConnectionConfig server = ConnectionConfig.builder().maxIdleTimeoutMillis(IDLE_TIMEOUT_MILLIS).build();
        Scenario scenario = new Scenario(61, Scenario.delay(10), client, server);
        LifecycleRecorder clientLife = new LifecycleRecorder();
        LifecycleRecorder serverLife = new LifecycleRecorder();
        scenario.client.application(clientLife);
        scenario.server.application(serverLife);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(scenario::bothEstablished, 5 * SECONDS);
            long datagramsBefore = scenario.client.connection().stats().datagramsSent();
            scenario.network.runFor(10 * IDLE_TIMEOUT_MILLIS * MILLIS);
            assertEquals(ConnectionState.CONFIRMED, scenario.client.connection().state());
            assertEquals(ConnectionState.CONFIRMED, scenario.server.connection().state());
            assertEquals(-1, clientLife.closedAtNanos);
            assertEquals(-1, serverLife.closedAtNanos);
            long pings = scenario.client.connection().stats().datagramsSent() - datagramsBefore;
            System.out.printf("keep-alive: %d client datagrams in %d ms of idleness%n", pings,
                    10 * IDLE_TIMEOUT_MILLIS);
            // About one PING per interval: enough to keep it open, not a flood.
            assertTrue(pings >= 20 && pings <= 60, "client datagrams " + pings);
            // Stopping the traffic both ways ends it by idle timeout after all.
            scenario.network.intercept(Scenario.CLIENT, Scenario.SERVER, (d, s, t) -> null);
            scenario.network.intercept(Scenario.SERVER, Scenario.CLIENT, (d, s, t) -> null);
            long silentFrom = scenario.network.nowNanos();
            scenario.network.runUntil(() -> clientLife.terminated() && serverLife.terminated(),
                    silentFrom + 5 * SECONDS);
            assertEquals(CloseReason.Origin.IDLE_TIMEOUT, scenario.client.connection().closeReason().origin());
            assertEquals(CloseReason.Origin.IDLE_TIMEOUT, scenario.server.connection().closeReason().origin());
        });
    }

    @Test
    void withoutKeepAliveAnIdleConnectionClosesByIdleTimeoutPromptly() {
        ConnectionConfig config = ConnectionConfig.builder().maxIdleTimeoutMillis(IDLE_TIMEOUT_MILLIS).build();
        Scenario scenario = new Scenario(62, Scenario.delay(10), config, config);
        LifecycleRecorder clientLife = new LifecycleRecorder();
        LifecycleRecorder serverLife = new LifecycleRecorder();
        scenario.client.application(clientLife);
        scenario.server.application(serverLife);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            long established = scenario.network.runUntil(scenario::bothEstablished, 5 * SECONDS);
            scenario.network.runUntil(() -> clientLife.terminated() && serverLife.terminated(),
                    established + 10 * IDLE_TIMEOUT_MILLIS * MILLIS);
            for (QuicNode node : new QuicNode[] {scenario.client, scenario.server}) {
                LifecycleRecorder life = node == scenario.client ? clientLife : serverLife;
                assertEquals(CloseReason.Origin.IDLE_TIMEOUT, node.connection().closeReason().origin());
                assertEquals(ConnectionState.CLOSED, node.connection().state());
                long after = life.terminatedAtNanos - established;
                System.out.printf("no keep-alive: %s closed %.1f ms after the handshake%n", node.address(),
                        after / 1e6);
                // The last packets (HANDSHAKE_DONE, ACKs) are within a round trip or two of the
                // handshake; the idle timeout runs from them.
                assertTrue(after >= IDLE_TIMEOUT_MILLIS * MILLIS
                        && after <= IDLE_TIMEOUT_MILLIS * MILLIS + 100 * MILLIS, "closed " + after + " ns later");
            }
            // The handshake had completed: a closed connection still says so.
            assertTrue(scenario.client.connection().isHandshakeComplete());
        });
    }
}
