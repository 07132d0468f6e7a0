package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.connection.CloseReason;
import dev.jquic.core.connection.Connection;
import dev.jquic.core.types.PacketType;

/**
 * Coverage-guided fuzzing (Jazzer) of a whole connection: bytes a peer controls are appended as
 * frames to one of the client's Initial, Handshake or 1-RTT packets (re-protected by the
 * {@link FrameRewriter}, so they reach the server's frame handling) in a simulated handshake
 * and transfer. Whatever the bytes, neither side may hit a bug of its own: a connection that
 * closes itself names the peer's violation (RFC 9000 §20), never INTERNAL_ERROR, which is what
 * {@link Connection} turns an escaped RuntimeException into (DESIGN §7).
 *
 * <p>{@code mvn verify} runs the inputs in {@code ConnectionFrameFuzzTestInputs/}; fuzzing:
 * {@code JAZZER_FUZZ=1 mvn -pl jquic-testkit test -Dtest=ConnectionFrameFuzzTest -Djazzer.instrument=dev.jquic.**}
 * (without the last option Jazzer instruments only the test's own package).
 */
class ConnectionFrameFuzzTest {
    private static final PacketType[] CLIENT_PACKET_TYPES = {PacketType.INITIAL, PacketType.HANDSHAKE,
        PacketType.ONE_RTT};
    private static final int MAX_FRAME_BYTES = 1_000;

    @FuzzTest(maxDuration = "5m")
    void arbitraryFramesFromTheClientNeverCauseAnInternalError(FuzzedDataProvider data) {
        PacketType target = data.pickValue(CLIENT_PACKET_TYPES);
        int skip = data.consumeInt(0, 3); // which packet of that type: the first, second, ...
        byte[] frames = data.consumeBytes(MAX_FRAME_BYTES);
        if (frames.length == 0) {
            return;
        }
        Scenario scenario = new Scenario(1, Scenario.delay(10), Scenario.config(), Scenario.config());
        int[] seen = {0};
        scenario.network.intercept(Scenario.CLIENT, Scenario.SERVER, FrameRewriter.forClientPackets(packet -> {
            if (packet.type() == target && seen[0]++ == skip) {
                packet.appendRawBytes(frames);
            }
        }));
        transferAndAssertNoInternalError(scenario);
    }

    /**
     * Runs a small transfer each way for 3 s of virtual time, then checks that neither side
     * closed with INTERNAL_ERROR. Long enough for the handshake, the transfer and a close; the
     * outcome may be any of them, so the run has a fixed length rather than a condition.
     */
    static void transferAndAssertNoInternalError(Scenario scenario) {
        scenario.client.application(new TransferApp(1, 3_000, 1));
        scenario.server.application(new TransferApp(1, 3_000, 1));
        scenario.network.runFor(3 * Scenario.SECONDS);
        assertNoInternalError("server", scenario.server.connection());
        assertNoInternalError("client", scenario.client.connection());
    }

    static void assertNoInternalError(String side, Connection connection) {
        CloseReason reason = connection == null ? null : connection.closeReason();
        // Only a close this side decided: the fuzzed bytes may hold a CONNECTION_CLOSE frame
        // that names INTERNAL_ERROR itself (the peer's claim, not our bug).
        if (reason != null && reason.origin() == CloseReason.Origin.LOCAL && !reason.applicationError()) {
            assertNotEquals(TransportError.INTERNAL_ERROR.code(), reason.errorCode(), side + ": " + reason);
        }
    }
}
