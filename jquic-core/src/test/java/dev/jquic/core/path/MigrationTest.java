package dev.jquic.core.path;

import static dev.jquic.core.path.PathValidationTest.CLIENT;
import static dev.jquic.core.path.PathValidationTest.MS;
import static dev.jquic.core.path.PathValidationTest.PTO;
import static dev.jquic.core.path.PathValidationTest.SERVER;
import static dev.jquic.core.path.PathValidationTest.SERVER_PATH;
import static dev.jquic.core.path.PathValidationTest.SERVER_REBOUND_PATH;
import static dev.jquic.core.path.PathValidationTest.validatedServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.frame.PathChallengeFrame;
import dev.jquic.core.frame.PathResponseFrame;
import dev.jquic.core.types.EndpointRole;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** RFC 9000 §9: server reaction to peer address changes and client-initiated migration. */
class MigrationTest {

    private static final NetworkPath CLIENT_PATH = TestAddress.mirror(SERVER_PATH);
    private static final NetworkPath SERVER_NEW_HOST_PATH = TestAddress.path(SERVER, new TestAddress("cellular", 7));

    private static List<PendingPathFrame> drain(PathManager manager, long nowNanos) {
        List<PendingPathFrame> frames = new ArrayList<>();
        PendingPathFrame frame;
        while ((frame = manager.pollFrame(nowNanos)) != null) {
            frames.add(frame);
        }
        return frames;
    }

    private static PendingPathFrame challengeOn(List<PendingPathFrame> frames, NetworkPath path) {
        for (PendingPathFrame frame : frames) {
            if (frame.path().equals(path) && frame.frame() instanceof PathChallengeFrame) {
                return frame;
            }
        }
        throw new AssertionError("no challenge on " + path + " in " + frames);
    }

    @Test
    void natRebindingSwitchesAtOnceValidatesAndKeepsCongestionStateForPortChange() {
        PathManager server = validatedServer();
        server.onDatagramReceived(SERVER_REBOUND_PATH, 1200);
        server.onNonProbingPacket(SERVER_REBOUND_PATH, 0);

        // RFC 9000 §9.3: send to the new address at once, limited by anti-amplification until validated.
        assertEquals(SERVER_REBOUND_PATH, server.activePath());
        assertFalse(server.isActivePathValidated());
        assertEquals(3600, server.sendAllowance(SERVER_REBOUND_PATH));
        assertEquals(new PathEvent.ActivePathChanged(SERVER_PATH, SERVER_REBOUND_PATH, false), server.pollEvent());

        List<PendingPathFrame> frames = drain(server, 0);
        PendingPathFrame newPathChallenge = challengeOn(frames, SERVER_REBOUND_PATH);
        // RFC 9000 §9.3.3: the previously active path is validated too.
        challengeOn(frames, SERVER_PATH);
        assertEquals(2, frames.size());

        long data = ((PathChallengeFrame) newPathChallenge.frame()).data();
        server.onPathResponse(SERVER_REBOUND_PATH, new PathResponseFrame(data), 20 * MS);
        assertTrue(server.isActivePathValidated());
        assertEquals(Long.MAX_VALUE, server.sendAllowance(SERVER_REBOUND_PATH));
        assertEquals(new PathEvent.PathValidated(SERVER_REBOUND_PATH), server.pollEvent());

        // The old binding is gone: its re-validation times out, the active path stays.
        long giveUp = server.nextDeadlineNanos(PTO);
        while (giveUp != Long.MAX_VALUE) {
            server.onTimeout(giveUp, PTO);
            drain(server, giveUp);
            giveUp = server.nextDeadlineNanos(PTO);
        }
        assertEquals(new PathEvent.PathValidationFailed(SERVER_PATH), server.pollEvent());
        assertNull(server.pollEvent());
        assertEquals(SERVER_REBOUND_PATH, server.activePath());
        assertTrue(server.isActivePathValidated());
    }

    @Test
    void migrationToAnotherHostAsksForCongestionControlReset() {
        PathManager server = validatedServer();
        server.onDatagramReceived(SERVER_NEW_HOST_PATH, 1200);
        server.onNonProbingPacket(SERVER_NEW_HOST_PATH, 0);
        assertEquals(new PathEvent.ActivePathChanged(SERVER_PATH, SERVER_NEW_HOST_PATH, true), server.pollEvent());
    }

    @Test
    void failedValidationOfTheNewPathRevertsToTheLastValidatedPath() {
        PathManager server = validatedServer();
        server.onDatagramReceived(SERVER_NEW_HOST_PATH, 1200);
        server.onNonProbingPacket(SERVER_NEW_HOST_PATH, 0);
        assertEquals(SERVER_NEW_HOST_PATH, server.activePath());
        List<PendingPathFrame> frames = drain(server, 0);
        // The legitimate client answers on the original path (a spurious migration, RFC 9000 §9.3.2).
        long oldData = ((PathChallengeFrame) challengeOn(frames, SERVER_PATH).frame()).data();
        server.onPathResponse(SERVER_PATH, new PathResponseFrame(oldData), 30 * MS);
        assertEquals(new PathEvent.ActivePathChanged(SERVER_PATH, SERVER_NEW_HOST_PATH, true), server.pollEvent());
        assertEquals(new PathEvent.PathValidated(SERVER_PATH), server.pollEvent());

        long now = 0;
        while (server.nextDeadlineNanos(PTO) != Long.MAX_VALUE) {
            now = server.nextDeadlineNanos(PTO);
            server.onTimeout(now, PTO);
            drain(server, now);
        }
        assertEquals(PathManager.validationTimeoutNanos(PTO), now);
        assertEquals(new PathEvent.PathValidationFailed(SERVER_NEW_HOST_PATH), server.pollEvent());
        assertEquals(new PathEvent.ActivePathChanged(SERVER_NEW_HOST_PATH, SERVER_PATH, true), server.pollEvent());
        assertNull(server.pollEvent());
        assertEquals(SERVER_PATH, server.activePath());
        assertTrue(server.isActivePathValidated());
    }

    /**
     * Found by ChaosScenarioTest (seed 1585): a 2.2 s outage after a migration failed both the new
     * path's validation and the old path's re-validation (§9.3.3). The server stayed on the new
     * path, unvalidated for good, held by the anti-amplification limit, while the client waited for
     * data: both idled out. With no validated path to revert to, the active path is validated again.
     */
    @Test
    void failedValidationWithoutAnyValidatedPathStartsAnotherOnTheActivePath() {
        PathManager server = validatedServer();
        server.onDatagramReceived(SERVER_NEW_HOST_PATH, 1200);
        server.onNonProbingPacket(SERVER_NEW_HOST_PATH, 0);
        server.pollEvent();
        List<PathEvent> events = new ArrayList<>();
        List<PendingPathFrame> frames = List.of();
        long now = 0;
        PathEvent newPathFailed = new PathEvent.PathValidationFailed(SERVER_NEW_HOST_PATH);
        for (int timeouts = 0; timeouts < 20 && !events.contains(newPathFailed); timeouts++) {
            now = server.nextDeadlineNanos(PTO);
            server.onTimeout(now, PTO);
            frames = drain(server, now);
            for (PathEvent event = server.pollEvent(); event != null; event = server.pollEvent()) {
                events.add(event);
            }
        }
        assertTrue(events.contains(newPathFailed), events.toString());
        assertTrue(events.contains(new PathEvent.PathValidationFailed(SERVER_PATH)), events.toString());
        assertEquals(PathManager.validationTimeoutNanos(PTO), now);
        assertEquals(SERVER_NEW_HOST_PATH, server.activePath());
        assertFalse(server.isActivePathValidated());
        // A new attempt: a fresh challenge at once, and a new validation timer.
        PendingPathFrame challenge = challengeOn(frames, SERVER_NEW_HOST_PATH);
        assertEquals(now + PTO, server.nextDeadlineNanos(PTO));
        server.onPathResponse(SERVER_NEW_HOST_PATH, new PathResponseFrame(
                ((PathChallengeFrame) challenge.frame()).data()), now + 10);
        assertTrue(server.isActivePathValidated());
    }

    @Test
    void higherPacketOnTheOriginalPathMovesBackWithoutRevalidation() {
        PathManager server = validatedServer();
        server.onDatagramReceived(SERVER_NEW_HOST_PATH, 1200);
        server.onNonProbingPacket(SERVER_NEW_HOST_PATH, 0);
        server.onNonProbingPacket(SERVER_PATH, MS);
        assertEquals(SERVER_PATH, server.activePath());
        assertTrue(server.isActivePathValidated());
        // Unpolled changes are merged: from the original path back to it.
        assertEquals(new PathEvent.ActivePathChanged(SERVER_PATH, SERVER_PATH, true), server.pollEvent());
    }

    @Test
    void serverPathIsNotValidatedUntilHandshakeOrChallenge() {
        PathManager server = new PathManager(SERVER_PATH, EndpointRole.SERVER, new SplittableRandom(1));
        assertFalse(server.isActivePathValidated());
        server.validateActivePath();
        assertTrue(server.isActivePathValidated());
    }

    @Test
    void clientIgnoresNonProbingPacketsOnOtherPaths() {
        PathManager client = new PathManager(CLIENT_PATH, EndpointRole.CLIENT, new SplittableRandom(1));
        client.onNonProbingPacket(TestAddress.path(CLIENT, new TestAddress("other-server", 1)), 0);
        assertEquals(CLIENT_PATH, client.activePath());
        assertNull(client.pollEvent());
    }

    @Test
    void clientMigrationSwitchesOnlyOnceValidated() {
        PathManager server = validatedServer();
        PathManager client = new PathManager(CLIENT_PATH, EndpointRole.CLIENT, new SplittableRandom(2),
                TestAddress.SAME_HOST);
        NetworkPath wifi = TestAddress.path(new TestAddress("wifi", 9), SERVER);
        client.startMigration(wifi, 0);
        assertEquals(CLIENT_PATH, client.activePath());
        assertNull(client.pollEvent());

        // Challenge travels client → server on the new path; the server answers on that path.
        PathExchange.deliver(client, server, 0);
        assertEquals(SERVER_PATH, server.activePath(), "a probing packet does not migrate the server");
        PathExchange.deliver(server, client, 10 * MS);

        assertEquals(new PathEvent.PathValidated(wifi), client.pollEvent());
        assertEquals(new PathEvent.ActivePathChanged(CLIENT_PATH, wifi, true), client.pollEvent());
        assertEquals(wifi, client.activePath());

        // The client's first non-probing packet on the new path migrates the server (RFC 9000 §9.3).
        NetworkPath serverSide = TestAddress.mirror(wifi);
        server.onNonProbingPacket(serverSide, 20 * MS);
        assertEquals(serverSide, server.activePath());
        assertEquals(new PathEvent.ActivePathChanged(SERVER_PATH, serverSide, true), server.pollEvent());
        PathValidationTest.exchange(server, client, 30 * MS);
        assertTrue(server.isActivePathValidated());
        assertEquals(new PathEvent.PathValidated(serverSide), server.pollEvent());
    }

    @Test
    void immediateClientMigrationRevertsWhenValidationFails() {
        PathManager client = new PathManager(CLIENT_PATH, EndpointRole.CLIENT, new SplittableRandom(2));
        NetworkPath wifi = TestAddress.path(new TestAddress("wifi", 9), SERVER);
        client.migrateImmediately(wifi, 0);
        assertEquals(wifi, client.activePath());
        assertFalse(client.isActivePathValidated());
        assertEquals(new PathEvent.ActivePathChanged(CLIENT_PATH, wifi, true), client.pollEvent());
        long now = 0;
        while (client.nextDeadlineNanos(PTO) != Long.MAX_VALUE) {
            drain(client, now);
            now = client.nextDeadlineNanos(PTO);
            client.onTimeout(now, PTO);
        }
        assertEquals(new PathEvent.PathValidationFailed(wifi), client.pollEvent());
        assertEquals(new PathEvent.ActivePathChanged(wifi, CLIENT_PATH, true), client.pollEvent());
        assertEquals(CLIENT_PATH, client.activePath());
        assertTrue(client.isActivePathValidated());
    }

    @Test
    void aNewMigrationAbandonsThePendingOne() {
        PathManager client = new PathManager(CLIENT_PATH, EndpointRole.CLIENT, new SplittableRandom(2));
        NetworkPath wifi = TestAddress.path(new TestAddress("wifi", 9), SERVER);
        NetworkPath cellular = TestAddress.path(new TestAddress("cellular", 9), SERVER);
        client.startMigration(wifi, 0);
        long wifiData = ((PathChallengeFrame) client.pollFrame(0).frame()).data();
        client.startMigration(cellular, MS);
        assertEquals(cellular, client.pollFrame(MS).path());
        client.onPathResponse(wifi, new PathResponseFrame(wifiData), 2 * MS);
        assertFalse(client.isValidated(wifi), "abandoned validation no longer matches");
        assertEquals(CLIENT_PATH, client.activePath());
    }

    @Test
    void migratingToAnAlreadyValidatedPathSwitchesAtOnce() {
        PathManager client = new PathManager(CLIENT_PATH, EndpointRole.CLIENT, new SplittableRandom(2));
        NetworkPath wifi = TestAddress.path(new TestAddress("wifi", 9), SERVER);
        client.migrateImmediately(wifi, 0);
        client.startMigration(CLIENT_PATH, MS);
        assertEquals(CLIENT_PATH, client.activePath());
    }
}
