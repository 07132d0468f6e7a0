package dev.jquic.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.testkit.relay.RelayConfig;
import dev.jquic.testkit.relay.UdpRelay;
import java.time.Duration;

/**
 * The {@code amplificationlimit} case shared by every suite: the server has a long certificate
 * chain, the relay holds the client's second flight (its datagrams with a Handshake packet) for
 * {@link #HOLD}, and until the first Handshake packet reaches the server (which validates the
 * client's address) the server may send at most three times what it received (RFC 9000 §8.1).
 */
final class AmplificationLimitCase {

    /** CA certificates after the leaf: about 10 KB of chain with it, more than 3 client Initials. */
    static final int INTERMEDIATES = 12;
    static final Duration HOLD = Duration.ofMillis(500);

    private AmplificationLimitCase() {
    }

    static RelayConfig relayConfig() {
        return RelayConfig.builder(Impaired.SEED).holdClientHandshake(HOLD).build();
    }

    /** Asserts the limit on what the relay saw before validation, and notes the numbers in the matrix. */
    static void check(UdpRelay relay, TestCertificates chain, Class<?> suite) throws Exception {
        UdpRelay.AddressValidationWindow window = relay.addressValidationWindow()
                .orElseThrow(() -> new AssertionError("no client Handshake packet reached the server; " + relay));
        assertTrue(window.heldDatagrams() > 0, "the client's second flight was held: " + window);
        long allowance = 3 * window.clientBytes();
        assertTrue(chain.chainBytes() > allowance, "the " + chain.chainBytes() + "-byte chain does not fit in 3x the "
                + window.clientBytes() + " bytes received, so the limit had to hold the server back: " + window);
        assertTrue(window.serverBytes() > 0, "the server answered before validation: " + window);
        assertTrue(window.serverBytes() <= allowance, "RFC 9000 §8.1: before validation the server sent "
                + window.serverBytes() + " bytes for " + window.clientBytes() + " received (limit " + allowance + ")");
        InteropMatrix.note(suite, "amplificationlimit", String.format("%,d B sent for %,d B received before "
                + "validation; %,d B chain", window.serverBytes(), window.clientBytes(), chain.chainBytes()));
    }
}
