package dev.jquic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.QuicCloseReason;
import dev.jquic.QuicException;
import dev.jquic.core.connection.CloseReason;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mapping of core close reasons and the messages of failed handshakes. */
class CloseReasonsTest {

    private static final Duration TIMEOUT = Duration.ofMillis(750);

    @Test
    void originsMapOneToOneAndIdleTimeoutSaysSo() {
        QuicCloseReason idle = CloseReasons.of(new CloseReason(CloseReason.Origin.IDLE_TIMEOUT, 0, false, 0, ""),
                false, false, TIMEOUT);
        assertEquals(QuicCloseReason.Origin.IDLE_TIMEOUT, idle.origin());
        assertTrue(idle.reason().startsWith("idle timeout"), idle.reason());
        QuicCloseReason peer = CloseReasons.of(new CloseReason(CloseReason.Origin.PEER, 42, true, 0, "bye"),
                false, false, TIMEOUT);
        assertEquals(new QuicCloseReason(QuicCloseReason.Origin.PEER, 42, true, "bye"), peer);
        QuicCloseReason transport = CloseReasons.of(new CloseReason(CloseReason.Origin.LOCAL, 0x0a, false, 0, ""),
                false, false, TIMEOUT);
        assertEquals("PROTOCOL_VIOLATION", transport.reason());
    }

    @Test
    void aLocalCloseAfterTheHandshakeTimerIsAHandshakeTimeout() {
        QuicCloseReason reason = CloseReasons.of(new CloseReason(CloseReason.Origin.LOCAL, 0, true, 0, "x"), true,
                false, TIMEOUT);
        assertEquals(QuicCloseReason.Origin.HANDSHAKE_TIMEOUT, reason.origin());
        QuicException failure = CloseReasons.handshakeFailure(reason, "example.test:443", TIMEOUT, List.of("h3"));
        assertEquals("handshake with example.test:443 timed out after 750 ms (no QUIC server answering?)",
                failure.getMessage());
        assertEquals(reason, failure.closeReason());
    }

    @Test
    void anEndpointShutdownIsNamed() {
        QuicCloseReason reason = CloseReasons.of(new CloseReason(CloseReason.Origin.LOCAL, 0, true, 0,
                CloseReasons.ENDPOINT_CLOSED), false, true, TIMEOUT);
        assertEquals(QuicCloseReason.Origin.ENDPOINT_CLOSED, reason.origin());
    }

    @Test
    void tlsAlertsNameAlpnOrTheCertificate() {
        QuicCloseReason alpn = new QuicCloseReason(QuicCloseReason.Origin.PEER, 0x100 + 120, false, "");
        String alpnMessage = CloseReasons.handshakeFailure(alpn, "h:1", TIMEOUT, List.of("echo")).getMessage();
        assertTrue(alpnMessage.contains("ALPN") && alpnMessage.contains("[echo]"), alpnMessage);
        QuicCloseReason unknownCa = new QuicCloseReason(QuicCloseReason.Origin.LOCAL, 0x100 + 48, false, "no CA");
        String caMessage = CloseReasons.handshakeFailure(unknownCa, "h:1", TIMEOUT, List.of("echo")).getMessage();
        assertTrue(caMessage.contains("certificate rejected by this side (unknown_ca alert: no CA)"), caMessage);
        QuicCloseReason decode = new QuicCloseReason(QuicCloseReason.Origin.PEER, 0x100 + 50, false, "");
        String decodeMessage = CloseReasons.handshakeFailure(decode, "h:1", TIMEOUT, List.of("echo")).getMessage();
        assertTrue(decodeMessage.contains("TLS alert decode_error from the peer"), decodeMessage);
    }
}
