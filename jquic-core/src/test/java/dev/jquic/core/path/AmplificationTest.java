package dev.jquic.core.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.types.EndpointRole;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** RFC 9000 §8.1: an unvalidated path may be sent at most three times what was received on it. */
class AmplificationTest {

    private static final TestAddress SERVER = new TestAddress("server", 443);
    private static final TestAddress CLIENT = new TestAddress("client", 5000);
    private static final NetworkPath PATH = TestAddress.path(SERVER, CLIENT);

    private static PathManager server() {
        return new PathManager(PATH, EndpointRole.SERVER, new SplittableRandom(1));
    }

    @Test
    void allowanceIsThreeTimesReceivedMinusSent() {
        PathManager manager = server();
        assertFalse(manager.isActivePathValidated());
        assertEquals(0, manager.sendAllowance(PATH));
        manager.onDatagramReceived(PATH, 1200);
        assertEquals(3600, manager.sendAllowance(PATH));
        manager.onDatagramSent(PATH, 1000);
        assertEquals(2600, manager.sendAllowance(PATH));
        manager.onDatagramSent(PATH, 2600);
        assertEquals(0, manager.sendAllowance(PATH));
        assertTrue(manager.isAmplificationLimited(PATH));
        manager.onDatagramReceived(PATH, 100);
        assertEquals(300, manager.sendAllowance(PATH));
    }

    @Test
    void overspendingNeverGivesNegativeAllowance() {
        PathManager manager = server();
        manager.onDatagramReceived(PATH, 10);
        manager.onDatagramSent(PATH, 1200);
        assertEquals(0, manager.sendAllowance(PATH));
        manager.onDatagramReceived(PATH, 400);
        assertEquals(30, manager.sendAllowance(PATH));
    }

    @Test
    void validatedPathIsUnlimited() {
        PathManager manager = server();
        manager.onDatagramReceived(PATH, 1200);
        manager.validateActivePath();
        assertTrue(manager.isActivePathValidated());
        assertEquals(Long.MAX_VALUE, manager.sendAllowance(PATH));
        assertFalse(manager.isAmplificationLimited(PATH));
    }

    @Test
    void unknownPathHasNoAllowanceOnServer() {
        PathManager manager = server();
        NetworkPath other = TestAddress.path(SERVER, new TestAddress("elsewhere", 1));
        assertEquals(0, manager.sendAllowance(other));
        manager.onDatagramSent(other, 100);
        assertEquals(0, manager.sendAllowance(other));
    }

    @Test
    void clientIsOnlyLimitedByCongestionControl() {
        PathManager client = new PathManager(TestAddress.mirror(PATH), EndpointRole.CLIENT, new SplittableRandom(1));
        assertTrue(client.isActivePathValidated());
        assertEquals(Long.MAX_VALUE, client.sendAllowance(TestAddress.mirror(PATH)));
        assertEquals(Long.MAX_VALUE, client.sendAllowance(TestAddress.path(new TestAddress("wifi", 1), SERVER)));
    }

    @Test
    void hugeCountsSaturateInsteadOfOverflowing() {
        PathManager manager = server();
        for (int i = 0; i < 4; i++) {
            manager.onDatagramReceived(PATH, Integer.MAX_VALUE);
        }
        assertEquals(3L * 4 * Integer.MAX_VALUE, manager.sendAllowance(PATH));
    }

    /**
     * A sender that only ever sends what {@link PathManager#sendAllowance} allows never exceeds three times the
     * bytes received, for any interleaving of receives and (possibly oversized) send attempts.
     */
    @Property(tries = 500)
    void threeTimesReceivedIsNeverExceeded(
            @ForAll @Size(max = 300) List<@IntRange(min = -1500, max = 1500) Integer> operations) {
        PathManager manager = server();
        long received = 0;
        long sent = 0;
        for (int operation : operations) {
            if (operation >= 0) {
                manager.onDatagramReceived(PATH, operation);
                received += operation;
            } else {
                long wanted = -operation;
                long allowance = manager.sendAllowance(PATH);
                assertEquals(Math.max(0, 3 * received - sent), allowance);
                long size = Math.min(wanted, allowance);
                if (size > 0) {
                    manager.onDatagramSent(PATH, (int) size);
                    sent += size;
                }
            }
            assertTrue(sent <= 3 * received, "sent " + sent + " > 3 x " + received);
            assertTrue(manager.sendAllowance(PATH) >= 0);
        }
    }
}
