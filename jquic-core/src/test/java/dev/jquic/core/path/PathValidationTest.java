package dev.jquic.core.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.frame.PathChallengeFrame;
import dev.jquic.core.frame.PathResponseFrame;
import dev.jquic.core.types.EndpointRole;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** RFC 9000 §8.2: PATH_CHALLENGE / PATH_RESPONSE exchanges, retries (§13.3) and giving up (§8.2.4). */
class PathValidationTest {

    static final long MS = 1_000_000L;
    static final long PTO = 100 * MS;
    static final TestAddress SERVER = new TestAddress("server", 443);
    static final TestAddress CLIENT = new TestAddress("client", 5000);
    static final TestAddress CLIENT_REBOUND = new TestAddress("client", 6000);
    static final NetworkPath SERVER_PATH = TestAddress.path(SERVER, CLIENT);
    static final NetworkPath SERVER_REBOUND_PATH = TestAddress.path(SERVER, CLIENT_REBOUND);

    static PathManager validatedServer() {
        PathManager server = new PathManager(SERVER_PATH, EndpointRole.SERVER, new SplittableRandom(7),
                TestAddress.SAME_HOST);
        server.onDatagramReceived(SERVER_PATH, 1200);
        server.validateActivePath();
        return server;
    }

    /** Delivers every frame {@code from} wants to send to {@code to}, and the replies back; returns frames moved. */
    static int exchange(PathManager from, PathManager to, long nowNanos) {
        int moved = 0;
        boolean progress = true;
        while (progress) {
            progress = deliverAll(from, to, nowNanos) + deliverAll(to, from, nowNanos) > 0;
            moved += progress ? 1 : 0;
        }
        return moved;
    }

    private static int deliverAll(PathManager from, PathManager to, long nowNanos) {
        return PathExchange.deliver(from, to, nowNanos);
    }

    @Test
    void challengeIsAnsweredOnItsPathWithTheSameData() {
        PathManager server = validatedServer();
        server.onPathChallenge(SERVER_PATH, new PathChallengeFrame(0x0123456789abcdefL));
        assertTrue(server.hasFramesToSend(0));
        PendingPathFrame response = server.pollFrame(0);
        assertEquals(new PendingPathFrame(SERVER_PATH, new PathResponseFrame(0x0123456789abcdefL)), response);
        // RFC 9000 §8.2.2: exactly one response per challenge.
        assertNull(server.pollFrame(0));
        assertFalse(server.hasFramesToSend(0));
    }

    @Test
    void responsesGoFirstThenChallenges() {
        PathManager client = new PathManager(TestAddress.mirror(SERVER_PATH), EndpointRole.CLIENT,
                new SplittableRandom(3));
        NetworkPath wifi = TestAddress.path(new TestAddress("wifi", 1), SERVER);
        client.startMigration(wifi, 0);
        client.onPathChallenge(TestAddress.mirror(SERVER_PATH), new PathChallengeFrame(42));
        assertInstanceOf(PathResponseFrame.class, client.pollFrame(0).frame());
        PendingPathFrame challenge = client.pollFrame(0);
        assertEquals(wifi, challenge.path());
        assertInstanceOf(PathChallengeFrame.class, challenge.frame());
        assertNull(client.pollFrame(0));
    }

    @Test
    void roundTripBetweenTwoManagersValidatesThePath() {
        PathManager server = validatedServer();
        PathManager client = new PathManager(TestAddress.mirror(SERVER_PATH), EndpointRole.CLIENT,
                new SplittableRandom(11));
        NetworkPath clientNewPath = TestAddress.path(CLIENT_REBOUND, SERVER);
        client.startMigration(clientNewPath, 0);
        assertEquals(TestAddress.mirror(SERVER_PATH), client.activePath(), "not switched before validation");

        assertTrue(exchange(client, server, 10 * MS) > 0);

        assertTrue(client.isValidated(clientNewPath));
        assertEquals(new PathEvent.PathValidated(clientNewPath), client.pollEvent());
        // Default same-host predicate: unequal addresses are different hosts, so RFC 9000 §9.4 reset.
        assertEquals(new PathEvent.ActivePathChanged(TestAddress.mirror(SERVER_PATH), clientNewPath, true),
                client.pollEvent());
        assertNull(client.pollEvent());
        assertEquals(clientNewPath, client.activePath());
        assertEquals(Long.MAX_VALUE, client.nextDeadlineNanos(PTO));
    }

    @Test
    void responseOnAnotherPathStillValidates() {
        PathManager client = new PathManager(TestAddress.mirror(SERVER_PATH), EndpointRole.CLIENT,
                new SplittableRandom(5));
        NetworkPath wifi = TestAddress.path(new TestAddress("wifi", 1), SERVER);
        client.startMigration(wifi, 0);
        PathChallengeFrame challenge = (PathChallengeFrame) client.pollFrame(0).frame();
        // RFC 9000 §8.2.2: the initiator must not require the response on the challenged path.
        client.onPathResponse(TestAddress.mirror(SERVER_PATH), new PathResponseFrame(challenge.data()), MS);
        assertTrue(client.isValidated(wifi));
        assertEquals(wifi, client.activePath());
    }

    @Test
    void wrongResponseDataIsIgnored() {
        PathManager client = new PathManager(TestAddress.mirror(SERVER_PATH), EndpointRole.CLIENT,
                new SplittableRandom(5));
        NetworkPath wifi = TestAddress.path(new TestAddress("wifi", 1), SERVER);
        client.startMigration(wifi, 0);
        PathChallengeFrame challenge = (PathChallengeFrame) client.pollFrame(0).frame();
        client.onPathResponse(wifi, new PathResponseFrame(challenge.data() ^ 1), MS);
        client.onPathResponse(wifi, new PathResponseFrame(0), MS);
        assertFalse(client.isValidated(wifi));
        assertNull(client.pollEvent());
        assertNotEquals(wifi, client.activePath());
        assertNotEquals(Long.MAX_VALUE, client.nextDeadlineNanos(PTO), "validation still pending");
    }

    @Test
    void challengesAreRetriedWithFreshDataThenValidationGivesUp() {
        PathManager client = new PathManager(TestAddress.mirror(SERVER_PATH), EndpointRole.CLIENT,
                new SplittableRandom(9));
        NetworkPath wifi = TestAddress.path(new TestAddress("wifi", 1), SERVER);
        long start = 1_000 * MS;
        client.startMigration(wifi, start);
        Set<Long> data = new HashSet<>();
        long now = start;
        int challenges = 0;
        while (true) {
            PendingPathFrame frame;
            while ((frame = client.pollFrame(now)) != null) {
                assertEquals(wifi, frame.path());
                data.add(((PathChallengeFrame) frame.frame()).data());
                challenges++;
            }
            long deadline = client.nextDeadlineNanos(PTO);
            if (deadline == Long.MAX_VALUE) {
                break;
            }
            assertTrue(deadline > now || challenges == 0, "deadline moves forward");
            now = deadline;
            client.onTimeout(now, PTO);
        }
        assertEquals(PathManager.MAX_CHALLENGE_ATTEMPTS, challenges);
        assertEquals(challenges, data.size(), "RFC 9000 §13.3: a different payload each time");
        // RFC 9000 §8.2.4: give up after max(3 PTO, 6 kInitialRtt).
        assertEquals(start + PathManager.validationTimeoutNanos(PTO), now);
        assertEquals(start + 6 * PathManager.INITIAL_RTT_NANOS, now);
        assertEquals(new PathEvent.PathValidationFailed(wifi), client.pollEvent());
        assertNull(client.pollEvent());
        assertFalse(client.isValidated(wifi));
        assertEquals(TestAddress.mirror(SERVER_PATH), client.activePath(), "never switched to the failed path");
    }

    @Test
    void retriesAreSpacedByOnePto() {
        PathManager client = new PathManager(TestAddress.mirror(SERVER_PATH), EndpointRole.CLIENT,
                new SplittableRandom(9));
        NetworkPath wifi = TestAddress.path(new TestAddress("wifi", 1), SERVER);
        client.startMigration(wifi, 0);
        assertTrue(client.hasFramesToSend(0));
        client.pollFrame(0);
        assertFalse(client.hasFramesToSend(0));
        assertEquals(PTO, client.nextDeadlineNanos(PTO));
        client.onTimeout(PTO - 1, PTO);
        assertFalse(client.hasFramesToSend(PTO - 1), "not before the PTO");
        client.onTimeout(PTO, PTO);
        assertTrue(client.hasFramesToSend(PTO));
    }

    @Test
    void aLateResponseToAnEarlierChallengeStillValidates() {
        PathManager client = new PathManager(TestAddress.mirror(SERVER_PATH), EndpointRole.CLIENT,
                new SplittableRandom(13));
        NetworkPath wifi = TestAddress.path(new TestAddress("wifi", 1), SERVER);
        client.startMigration(wifi, 0);
        long first = ((PathChallengeFrame) client.pollFrame(0).frame()).data();
        client.onTimeout(PTO, PTO);
        client.pollFrame(PTO);
        client.onPathResponse(wifi, new PathResponseFrame(first), PTO + MS);
        assertTrue(client.isValidated(wifi));
    }

    @Test
    void timeoutUsesThreePtoWhenThatIsLonger() {
        long longPto = 1_000 * MS;
        assertEquals(3 * longPto, PathManager.validationTimeoutNanos(longPto));
    }

    @Test
    void challengeInAnUnexpandedDatagramTriggersASecondValidation() {
        PathManager server = validatedServer();
        server.onDatagramReceived(SERVER_REBOUND_PATH, 100);
        server.onNonProbingPacket(SERVER_REBOUND_PATH, 0);
        PendingPathFrame challenge = server.pollFrame(0);
        assertEquals(SERVER_REBOUND_PATH, challenge.path(), "the active path's challenge goes first");
        assertEquals(300, server.sendAllowance(SERVER_REBOUND_PATH), "too little to expand to 1200 bytes");
        server.onDatagramSent(SERVER_REBOUND_PATH, 300);
        server.onChallengeSentUnexpanded(SERVER_REBOUND_PATH);

        long data = ((PathChallengeFrame) challenge.frame()).data();
        server.onPathResponse(SERVER_REBOUND_PATH, new PathResponseFrame(data), 10 * MS);
        assertTrue(server.isActivePathValidated(), "the address is validated");
        // RFC 9000 §8.2.1: a second validation, now allowed to send a full 1200-byte datagram.
        PendingPathFrame second = server.pollFrame(10 * MS);
        assertEquals(SERVER_REBOUND_PATH, second.path());
        assertInstanceOf(PathChallengeFrame.class, second.frame());
        assertEquals(Long.MAX_VALUE, server.sendAllowance(SERVER_REBOUND_PATH));
        server.onPathResponse(SERVER_REBOUND_PATH,
                new PathResponseFrame(((PathChallengeFrame) second.frame()).data()), 20 * MS);
        assertTrue(server.isValidated(SERVER_REBOUND_PATH));
        assertNotEquals(Long.MAX_VALUE, server.nextDeadlineNanos(PTO),
                "the old path's re-validation (RFC 9000 §9.3.3) is still pending");
        assertEquals(new PathEvent.ActivePathChanged(SERVER_PATH, SERVER_REBOUND_PATH, false), server.pollEvent());
        assertEquals(new PathEvent.PathValidated(SERVER_REBOUND_PATH), server.pollEvent());
        assertNull(server.pollEvent(), "the two successes coalesce into one event");
    }
}
