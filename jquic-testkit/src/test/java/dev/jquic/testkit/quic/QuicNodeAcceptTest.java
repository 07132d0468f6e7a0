package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.testkit.net.Datagram;
import dev.jquic.testkit.net.SeedReporting;
import org.junit.jupiter.api.Test;

/** Regression: a server node must not create its connection from an Initial that does not authenticate. */
class QuicNodeAcceptTest {

    @Test
    void aCorruptedFirstInitialDoesNotPinTheServerToWrongInitialKeys() {
        Scenario scenario = new Scenario(71, Scenario.delay(10), Scenario.config(), Scenario.config());
        // Flip a bit of the Destination Connection ID (bytes 6..13) of the client's first datagram.
        scenario.network.intercept(Scenario.CLIENT, Scenario.SERVER, (datagram, sequence, nowNanos) -> {
            if (sequence != 0) {
                return datagram;
            }
            byte[] payload = datagram.payload().clone();
            payload[8] ^= 0x10;
            return new Datagram(datagram.source(), datagram.destination(), payload);
        });
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(scenario::bothEstablished, 10 * Scenario.SECONDS);
            assertTrue(scenario.bothEstablished(), "handshake did not complete");
        });
    }
}
