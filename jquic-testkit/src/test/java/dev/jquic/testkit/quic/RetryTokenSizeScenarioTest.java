package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.testkit.net.SeedReporting;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Retry's token travels in every later Initial of the client (RFC 9000 §17.2.5.2), which must
 * still fit a 1200-byte datagram (§14.1) with room for CRYPTO data. The server's first datagram
 * is replaced by a forged Retry with a valid integrity tag (found by {@code DatagramFuzzTest}: a
 * 1,200-byte token made the client's packet assembly overflow and close with INTERNAL_ERROR).
 */
class RetryTokenSizeScenarioTest {

    private static byte[] retryFields(int tokenLength) {
        byte[] fields = new byte[2 + 8 + tokenLength];
        fields[1] = 8;
        Arrays.fill(fields, 2, 10, (byte) 0x5a);
        Arrays.fill(fields, 10, fields.length, (byte) 0x7e);
        return fields;
    }

    /** Runs a handshake whose first server datagram is a forged Retry; returns the client's datagrams. */
    private static List<byte[]> runWithForgedRetry(Scenario scenario, int tokenLength) {
        List<byte[]> clientDatagrams = new ArrayList<>();
        scenario.network.intercept(Scenario.CLIENT, Scenario.SERVER, (datagram, sequence, now) -> {
            clientDatagrams.add(datagram.payload());
            return datagram;
        });
        scenario.network.intercept(Scenario.SERVER, Scenario.CLIENT, (datagram, sequence, now) -> sequence == 0
                ? datagram.withPayload(ForgedPackets.retry(clientDatagrams.get(0), retryFields(tokenLength)))
                : datagram);
        return clientDatagrams;
    }

    @Test
    void aRetryWhoseTokenCannotFitAnInitialIsDiscardedAndTheHandshakeGoesOn() {
        Scenario scenario = new Scenario(31, Scenario.delay(10), Scenario.config(), Scenario.config());
        List<byte[]> clientDatagrams = runWithForgedRetry(scenario, 1_150);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runUntil(scenario::bothEstablished, 10 * Scenario.SECONDS);
            assertTrue(scenario.bothEstablished(), "the client ignored the Retry and completed its handshake");
            assertTrue(scenario.client.connection().stats().packetsDropped() >= 1, "the Retry was dropped");
            for (byte[] datagram : clientDatagrams) {
                if ((datagram[0] & 0xb0) == 0x80) { // long header: an Initial or Handshake packet first
                    assertEquals(0, ForgedPackets.header(datagram).token().remaining(), "no token adopted");
                }
            }
            assertNull(scenario.client.connection().closeReason());
        });
    }

    @Test
    void aLongTokenThatStillFitsIsCarriedInFullSizedInitials() {
        Scenario scenario = new Scenario(32, Scenario.delay(10), Scenario.config(), Scenario.config());
        List<byte[]> clientDatagrams = runWithForgedRetry(scenario, 1_000);
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            scenario.network.runFor(3 * Scenario.SECONDS);
            assertTrue(clientDatagrams.size() >= 2, "the client sent Initials after the Retry");
            byte[] afterRetry = clientDatagrams.get(1);
            assertEquals(1_000, ForgedPackets.header(afterRetry).token().remaining(), "the token is carried");
            assertEquals(1_200, afterRetry.length, "in a datagram of the minimum size (RFC 9000 §14.1)");
            ConnectionFrameFuzzTest.assertNoInternalError("client", scenario.client.connection());
        });
    }
}
