package dev.jquic.core.path;

import static dev.jquic.core.path.PathValidationTest.PTO;
import static dev.jquic.core.path.PathValidationTest.SERVER;
import static dev.jquic.core.path.PathValidationTest.SERVER_PATH;
import static dev.jquic.core.path.PathValidationTest.validatedServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.frame.PathChallengeFrame;
import dev.jquic.core.frame.PathResponseFrame;
import dev.jquic.core.types.EndpointRole;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** Client migration over a link that drops arbitrary path frames always ends, in exactly one outcome. */
class LossyValidationPropertiesTest {

    @Property(tries = 300)
    void validationEndsInExactlyOneOutcome(@ForAll @Size(max = 12) List<Boolean> drops, @ForAll long seed) {
        PathManager server = validatedServer();
        NetworkPath clientPath = TestAddress.mirror(SERVER_PATH);
        PathManager client = new PathManager(clientPath, EndpointRole.CLIENT, new SplittableRandom(seed));
        NetworkPath wifi = TestAddress.path(new TestAddress("wifi", 3), SERVER);
        long start = 5_000_000_000L;
        client.startMigration(wifi, start);
        long now = start;
        int sent = 0;
        int challenges = 0;
        int rounds = 0;
        while (true) {
            assertTrue(++rounds < 100, "validation never ended");
            boolean progress = true;
            while (progress) {
                progress = false;
                for (PathManager[] pair : new PathManager[][] {{client, server}, {server, client}}) {
                    PendingPathFrame frame;
                    while ((frame = pair[0].pollFrame(now)) != null) {
                        progress = true;
                        if (pair[0] == client && frame.frame() instanceof PathChallengeFrame) {
                            challenges++;
                        }
                        boolean dropped = sent < drops.size() && drops.get(sent);
                        sent++;
                        if (dropped) {
                            continue;
                        }
                        NetworkPath arrivedOn = TestAddress.mirror(frame.path());
                        pair[1].onDatagramReceived(arrivedOn, PathManager.MIN_PROBING_DATAGRAM_SIZE);
                        if (frame.frame() instanceof PathChallengeFrame challenge) {
                            pair[1].onPathChallenge(arrivedOn, challenge);
                        } else {
                            pair[1].onPathResponse(arrivedOn, (PathResponseFrame) frame.frame(), now);
                        }
                    }
                }
            }
            long deadline = client.nextDeadlineNanos(PTO);
            if (deadline == Long.MAX_VALUE) {
                break;
            }
            now = Math.max(now, deadline);
            client.onTimeout(now, PTO);
        }
        assertTrue(challenges <= PathManager.MAX_CHALLENGE_ATTEMPTS);
        assertTrue(now - start <= PathManager.validationTimeoutNanos(PTO));
        PathEvent first = client.pollEvent();
        if (client.isValidated(wifi)) {
            assertEquals(new PathEvent.PathValidated(wifi), first);
            assertEquals(new PathEvent.ActivePathChanged(clientPath, wifi, true), client.pollEvent());
            assertEquals(wifi, client.activePath());
        } else {
            assertEquals(new PathEvent.PathValidationFailed(wifi), first);
            assertEquals(clientPath, client.activePath());
            assertTrue(drops.stream().filter(Boolean::booleanValue).count() >= challenges,
                    "a failure needs every exchange broken");
        }
        assertNull(client.pollEvent());
    }
}
