package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.connection.ConnectionEvent;
import dev.jquic.core.connection.ConnectionState;
import org.junit.jupiter.api.Test;

class HandshakeScenarioTest {

    @Test
    void handshakeCompletesInOneRoundTripOnACleanLink() {
        Scenario scenario = new Scenario(1, Scenario.delay(10), Scenario.config(), Scenario.config());
        long completed = scenario.network.runUntil(scenario::bothEstablished, 5 * Scenario.SECONDS);
        // The client completes after one round trip (20 ms); the server half a round trip later.
        assertTrue(scenario.client.sawEvent(ConnectionEvent.HandshakeCompleted.class));
        assertEquals(ConnectionState.CONFIRMED, scenario.server.connection().state());
        assertNotNull(scenario.client.connection().peerTransportParameters());
        assertNotNull(scenario.server.connection().peerTransportParameters());
        assertEquals("test", scenario.client.connection().applicationProtocol());
        assertEquals("test", scenario.server.connection().applicationProtocol());
        assertTrue(completed <= 30 * Scenario.MILLIS, "both established at " + completed);
        scenario.network.runFor(100 * Scenario.MILLIS);
        assertEquals(ConnectionState.CONFIRMED, scenario.client.connection().state());
    }
}
