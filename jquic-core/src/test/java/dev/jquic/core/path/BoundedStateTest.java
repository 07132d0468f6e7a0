package dev.jquic.core.path;

import static dev.jquic.core.path.PathValidationTest.PTO;
import static dev.jquic.core.path.PathValidationTest.SERVER;
import static dev.jquic.core.path.PathValidationTest.SERVER_PATH;
import static dev.jquic.core.path.PathValidationTest.validatedServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.frame.PathChallengeFrame;
import dev.jquic.core.frame.PathResponseFrame;
import dev.jquic.core.types.EndpointRole;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** A peer cannot make the manager hold unbounded state (RFC 9000 §8.2.2 lets excess challenges be dropped). */
class BoundedStateTest {

    @Test
    void millionChallengesKeepTheResponseQueueAtItsCap() {
        PathManager server = validatedServer();
        for (int i = 0; i < 1_000_000; i++) {
            server.onPathChallenge(SERVER_PATH, new PathChallengeFrame(i));
            assertTrue(server.pendingResponseCount(SERVER_PATH) <= PathManager.MAX_PENDING_RESPONSES_PER_PATH);
        }
        assertEquals(PathManager.MAX_PENDING_RESPONSES_PER_PATH, server.pendingResponseCount(SERVER_PATH));
        // The first challenges are answered, once each, in order; the rest were dropped.
        for (int i = 0; i < PathManager.MAX_PENDING_RESPONSES_PER_PATH; i++) {
            assertEquals(new PendingPathFrame(SERVER_PATH, new PathResponseFrame(i)), server.pollFrame(0));
        }
        assertNull(server.pollFrame(0));
    }

    @Test
    void challengesFromManyPathsKeepTrackedPathsAtTheCap() {
        PathManager server = validatedServer();
        for (int i = 0; i < 100_000; i++) {
            NetworkPath path = TestAddress.path(SERVER, new TestAddress("spoofed", i));
            server.onDatagramReceived(path, 1200);
            server.onPathChallenge(path, new PathChallengeFrame(i));
            assertTrue(server.trackedPathCount() <= PathManager.MAX_TRACKED_PATHS);
        }
        assertEquals(SERVER_PATH, server.activePath(), "the active path is never evicted");
        assertTrue(server.isActivePathValidated());
    }

    @Test
    void migrationTargetAndFallbackSurviveEviction() {
        PathManager client = new PathManager(TestAddress.mirror(SERVER_PATH), EndpointRole.CLIENT,
                new SplittableRandom(4));
        NetworkPath wifi = TestAddress.path(new TestAddress("wifi", 1), SERVER);
        client.startMigration(wifi, 0);
        PathChallengeFrame challenge = (PathChallengeFrame) client.pollFrame(0).frame();
        for (int i = 0; i < 50; i++) {
            client.onPathChallenge(TestAddress.path(new TestAddress("junk", i), SERVER), new PathChallengeFrame(i));
        }
        client.onPathResponse(wifi, new PathResponseFrame(challenge.data()), 1);
        assertEquals(wifi, client.activePath());
    }

    @Test
    void idleUnvalidatedPathsAreEvictedBeforePathsUnderValidation() {
        PathManager server = validatedServer();
        NetworkPath first = TestAddress.path(SERVER, new TestAddress("a", 1));
        server.onDatagramReceived(first, 1200);
        server.onNonProbingPacket(first, 0);
        // Tracked: SERVER_PATH (fallback), first (active, validating). Idle paths fill up and overflow.
        NetworkPath idle = TestAddress.path(SERVER, new TestAddress("c", 1));
        server.onDatagramReceived(idle, 1200);
        server.onDatagramReceived(TestAddress.path(SERVER, new TestAddress("d", 1)), 1200);
        server.onDatagramReceived(TestAddress.path(SERVER, new TestAddress("e", 1)), 1200);
        assertEquals(PathManager.MAX_TRACKED_PATHS, server.trackedPathCount());
        assertEquals(0, server.sendAllowance(idle), "the oldest idle path was evicted");
        assertEquals(3600, server.sendAllowance(first));
        assertEquals(first, server.activePath());
    }

    @Test
    void evictingAPathUnderValidationReportsItsFailure() {
        PathManager server = validatedServer();
        NetworkPath[] hops = new NetworkPath[4];
        for (int i = 0; i < hops.length; i++) {
            hops[i] = TestAddress.path(SERVER, new TestAddress("hop", i));
            server.onDatagramReceived(hops[i], 1200);
            server.onNonProbingPacket(hops[i], i);
        }
        // SERVER_PATH stays as fallback; hops 0..2 were all being validated; the oldest of them made room.
        assertEquals(PathManager.MAX_TRACKED_PATHS, server.trackedPathCount());
        assertEquals(0, server.sendAllowance(hops[0]));
        boolean sawFailure = false;
        PathEvent event;
        while ((event = server.pollEvent()) != null) {
            sawFailure |= event.equals(new PathEvent.PathValidationFailed(hops[0]));
        }
        assertTrue(sawFailure);
        assertEquals(hops[3], server.activePath());
        assertTrue(server.isValidated(SERVER_PATH));
    }

    @Test
    void unpolledEventsStayBounded() {
        PathManager server = validatedServer();
        for (int i = 0; i < 10_000; i++) {
            NetworkPath path = TestAddress.path(SERVER, new TestAddress("hop", i));
            server.onDatagramReceived(path, 1200);
            server.onNonProbingPacket(path, i);
        }
        int events = 0;
        PathEvent last = null;
        PathEvent event;
        while ((event = server.pollEvent()) != null) {
            events++;
            if (event instanceof PathEvent.ActivePathChanged) {
                last = event;
            }
        }
        assertTrue(events <= PathEvents.MAX_PENDING_EVENTS, "events: " + events);
        assertEquals(new PathEvent.ActivePathChanged(SERVER_PATH,
                TestAddress.path(SERVER, new TestAddress("hop", 9_999)), true), last);
    }

    /**
     * Any sequence of peer inputs and timeouts keeps every bound, and a sender honouring
     * {@link PathManager#sendAllowance} never exceeds three times what it received on an unvalidated path.
     */
    @Property(tries = 300)
    void randomOperationsKeepBoundsAndTheAmplificationLimit(
            @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 7) Integer> operations,
            @ForAll @Size(min = 1, max = 200) List<@IntRange(min = 0, max = 5) Integer> pathIndexes,
            @ForAll long seed) {
        PathManager server = new PathManager(SERVER_PATH, EndpointRole.SERVER, new SplittableRandom(seed),
                TestAddress.SAME_HOST);
        long now = 0;
        long[] received = new long[6];
        long[] sent = new long[6];
        for (int i = 0; i < operations.size(); i++) {
            int index = pathIndexes.get(i % pathIndexes.size());
            NetworkPath path = TestAddress.path(SERVER, new TestAddress("peer" + index % 3, index));
            now += 7 * PathValidationTest.MS;
            switch (operations.get(i)) {
                case 0 -> {
                    server.onDatagramReceived(path, 300);
                    received[index] += 300;
                }
                case 1 -> server.onPathChallenge(path, new PathChallengeFrame(i));
                case 2 -> server.onNonProbingPacket(path, now);
                case 3 -> server.onPathResponse(path, new PathResponseFrame(i), now);
                case 4 -> server.onTimeout(now, PTO);
                case 5 -> server.validateActivePath();
                default -> {
                    PendingPathFrame frame = server.pollFrame(now);
                    if (frame != null) {
                        assertNotNull(frame.frame());
                        long allowance = server.sendAllowance(frame.path());
                        assertTrue(allowance > 0, "frame offered on a path without allowance");
                        int size = (int) Math.min(PathManager.MIN_PROBING_DATAGRAM_SIZE, allowance);
                        server.onDatagramSent(frame.path(), size);
                        int sentIndex = ((TestAddress) frame.path().remoteAddress()).port();
                        if (frame.path().equals(SERVER_PATH)) {
                            sentIndex = -1;
                        }
                        if (sentIndex >= 0 && !server.isValidated(frame.path())) {
                            sent[sentIndex] += size;
                            assertTrue(sent[sentIndex] <= 3 * received[sentIndex]);
                        }
                    }
                }
            }
            assertTrue(server.trackedPathCount() <= PathManager.MAX_TRACKED_PATHS);
            assertTrue(server.pendingResponseCount(path) <= PathManager.MAX_PENDING_RESPONSES_PER_PATH);
            assertNotNull(server.activePath());
            assertTrue(server.nextDeadlineNanos(PTO) > 0);
        }
    }
}
