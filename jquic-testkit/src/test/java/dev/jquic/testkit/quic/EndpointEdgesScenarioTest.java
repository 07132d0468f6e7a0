package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.connection.CloseReason;
import dev.jquic.core.connection.ConnectionState;
import dev.jquic.core.types.StatelessResetToken;
import dev.jquic.testkit.net.Datagram;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Retry (RFC 9000 §8.1.2, §17.2.5) and stateless reset (§10.3) seen by a client connection. */
class EndpointEdgesScenarioTest {

    @Test
    void clientFollowsARetryAndTheConnectionIdsAreAuthenticated() {
        Scenario scenario = new Scenario(31, Scenario.delay(10), Scenario.config(), Scenario.config());
        scenario.server.requireRetry();
        TransferApp clientApp = new TransferApp(1, 100_000, 1);
        TransferApp serverApp = new TransferApp(1, 100_000, 1);
        scenario.client.application(clientApp);
        scenario.server.application(serverApp);
        scenario.network.runUntil(() -> clientApp.receivedAll() && serverApp.receivedAll(), 10 * Scenario.SECONDS);
        assertEquals(1, scenario.server.retriesSent());
        assertEquals(List.of(), clientApp.failures);
        // RFC 9000 §7.3: the client checked retry_source_connection_id against the Retry.
        assertTrue(scenario.client.connection().peerTransportParameters().retrySourceConnectionId().isPresent());
        assertEquals(ConnectionState.CONFIRMED, scenario.client.connection().state());
    }

    @Test
    void statelessResetWithTheRightTokenDrainsTheClientAndAWrongTokenDoesNot() {
        Scenario scenario = new Scenario(32, Scenario.delay(10), Scenario.config(), Scenario.config());
        scenario.network.runUntil(scenario::bothEstablished, 5 * Scenario.SECONDS);
        scenario.network.runFor(100 * Scenario.MILLIS);
        StatelessResetToken token = scenario.client.connection().peerTransportParameters().statelessResetToken()
                .orElseThrow();
        SplittableRandom random = new SplittableRandom(5);
        byte[] wrong = new byte[43];
        random.nextBytes(wrong);
        wrong[0] = (byte) (0x40 | wrong[0] & 0x3f);
        scenario.network.send(new Datagram(Scenario.SERVER, Scenario.CLIENT, wrong));
        scenario.network.runFor(50 * Scenario.MILLIS);
        assertEquals(ConnectionState.CONFIRMED, scenario.client.connection().state());

        byte[] reset = wrong.clone();
        System.arraycopy(token.toByteArray(), 0, reset, reset.length - 16, 16);
        scenario.network.send(new Datagram(Scenario.SERVER, Scenario.CLIENT, reset));
        scenario.network.runFor(10 * Scenario.MILLIS);
        CloseReason reason = scenario.client.connection().closeReason();
        assertEquals(CloseReason.Origin.STATELESS_RESET, reason.origin());
        assertEquals(ConnectionState.DRAINING, scenario.client.connection().state());
        scenario.network.runFor(5 * Scenario.SECONDS);
        assertEquals(ConnectionState.CLOSED, scenario.client.connection().state());
    }
}
