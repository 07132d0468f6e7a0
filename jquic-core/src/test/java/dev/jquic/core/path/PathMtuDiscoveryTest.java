package dev.jquic.core.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.path.PathMtuDiscovery.State;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** RFC 9000 §14.3 / RFC 8899: the DPLPMTUD state machine on its own. */
class PathMtuDiscoveryTest {

    private static final long SECOND = 1_000_000_000L;

    private long nextPacketNumber = 100;

    /** Sends the due probe and returns its packet number. */
    private long sendProbe(PathMtuDiscovery mtu) {
        int size = mtu.probeSizeBytes();
        assertTrue(size > 0, "a probe is due");
        long packetNumber = nextPacketNumber++;
        mtu.onProbeSent(packetNumber, size);
        assertTrue(mtu.isProbe(packetNumber));
        assertEquals(0, mtu.probeSizeBytes(), "one probe outstanding at a time");
        return packetNumber;
    }

    /** Runs the search against a path carrying at most {@code pathMaxBytes}; returns probes sent. */
    private int converge(PathMtuDiscovery mtu, int pathMaxBytes) {
        int probes = 0;
        while (mtu.probeSizeBytes() > 0) {
            int size = mtu.probeSizeBytes();
            long packetNumber = sendProbe(mtu);
            probes++;
            if (size <= pathMaxBytes) {
                mtu.onPacketAcknowledged(packetNumber, size, 0);
            } else {
                mtu.onPacketLost(packetNumber, size, 0);
            }
            assertTrue(mtu.maxDatagramSizeBytes(0) <= Math.max(PathMtuDiscovery.BASE_PLPMTU, pathMaxBytes),
                    "never above what the path carries");
            assertTrue(probes < 200, "the search terminates");
        }
        return probes;
    }

    @Test
    void disabledUntilTheHandshakeIsConfirmedThenProbesTheCeilingFirst() {
        PathMtuDiscovery mtu = new PathMtuDiscovery(1452);
        assertEquals(State.DISABLED, mtu.state());
        assertEquals(0, mtu.probeSizeBytes(), "RFC 9000 §14.3.1: no probe before confirmation");
        assertEquals(1200, mtu.maxDatagramSizeBytes(0));
        mtu.start(0);
        assertEquals(State.SEARCHING, mtu.state());
        assertEquals(1452, mtu.probeSizeBytes());
        long probe = sendProbe(mtu);
        mtu.onPacketAcknowledged(probe, 1452, 0);
        assertEquals(1452, mtu.maxDatagramSizeBytes(0));
        assertEquals(State.SEARCH_COMPLETE, mtu.state());
        assertEquals(0, mtu.probeSizeBytes());
    }

    @Test
    void aCeilingOf1200DisablesDiscovery() {
        PathMtuDiscovery mtu = new PathMtuDiscovery(1200);
        mtu.start(0);
        assertEquals(State.DISABLED, mtu.state());
        assertEquals(0, mtu.probeSizeBytes());
        assertEquals(1200, mtu.maxDatagramSizeBytes(0));
    }

    @Test
    void thePeersMaxUdpPayloadSizeCapsTheSearch() {
        PathMtuDiscovery mtu = new PathMtuDiscovery(9000);
        mtu.onPeerMaxUdpPayloadSize(1300);
        mtu.start(0);
        assertEquals(1300, mtu.ceilingBytes());
        assertEquals(1300, mtu.probeSizeBytes());
        converge(mtu, 9000);
        assertEquals(1300, mtu.maxDatagramSizeBytes(0));
    }

    @Test
    void peerValuesOutsideTheRangeAreClamped() {
        PathMtuDiscovery mtu = new PathMtuDiscovery(1452);
        mtu.onPeerMaxUdpPayloadSize(Long.MAX_VALUE);
        assertEquals(1452, mtu.ceilingBytes());
        mtu.onPeerMaxUdpPayloadSize(5);
        assertEquals(1200, mtu.ceilingBytes());
    }

    @Test
    void aSizeFailsOnlyAfterMaxProbesLostProbes() {
        PathMtuDiscovery mtu = new PathMtuDiscovery(1500);
        mtu.start(0);
        for (int i = 0; i < PathMtuDiscovery.MAX_PROBES; i++) {
            assertEquals(1500, mtu.probeSizeBytes(), "probe " + (i + 1) + " repeats the size");
            long probe = sendProbe(mtu);
            mtu.onPacketLost(probe, 1500, 0);
        }
        assertEquals(1350, mtu.probeSizeBytes(), "then the midpoint of 1200..1500");
        assertEquals(3, mtu.probesLost());
        assertEquals(1200, mtu.maxDatagramSizeBytes(0));
    }

    @Test
    void lostProbesAreNotBlackHoleEvidence() {
        PathMtuDiscovery mtu = new PathMtuDiscovery(1452);
        mtu.start(0);
        long probe = sendProbe(mtu);
        mtu.onPacketAcknowledged(probe, 1452, 0);
        assertEquals(1452, mtu.maxDatagramSizeBytes(0));
        // A later raise search: its lost probes must not pull the size down.
        PathMtuDiscovery raised = new PathMtuDiscovery(9000, SECOND);
        raised.start(0);
        converge(raised, 1452);
        int found = raised.maxDatagramSizeBytes(0);
        raised.maxDatagramSizeBytes(2 * SECOND);
        for (int i = 0; i < 10 && raised.probeSizeBytes() > 0; i++) {
            long p = sendProbe(raised);
            raised.onPacketLost(p, 9000, 2 * SECOND);
        }
        assertEquals(found, raised.maxDatagramSizeBytes(2 * SECOND));
        assertEquals(0, raised.blackHolesDetected());
    }

    @Test
    void repeatedLossOfLargePacketsFallsBackToTheBaseAndSearchesAgainBelow() {
        PathMtuDiscovery mtu = new PathMtuDiscovery(1452);
        mtu.start(0);
        long probe = sendProbe(mtu);
        mtu.onPacketAcknowledged(probe, 1452, 0);
        for (int i = 0; i < PathMtuDiscovery.BLACK_HOLE_LOSS_THRESHOLD; i++) {
            assertEquals(1452, mtu.maxDatagramSizeBytes(0), "not before the threshold");
            mtu.onPacketLost(i, 1452, 0);
        }
        assertEquals(1200, mtu.maxDatagramSizeBytes(0), "RFC 8899 §4.3: black hole, back to BASE_PLPMTU");
        assertEquals(State.BASE, mtu.state());
        assertEquals(1, mtu.blackHolesDetected());
        assertEquals(0, mtu.probeSizeBytes(), "no probe until the base is confirmed");
        mtu.onPacketAcknowledged(50, 1200, 0);
        assertEquals(State.SEARCHING, mtu.state());
        assertEquals(1326, mtu.probeSizeBytes(), "the midpoint below the size that failed, 1200..1452");
        converge(mtu, 1300);
        int size = mtu.maxDatagramSizeBytes(0);
        assertTrue(size <= 1300 && size > 1300 - PathMtuDiscovery.SEARCH_GRANULARITY_BYTES, "found " + size);
    }

    @Test
    void largePacketsAcknowledgedInTheSameRoundClearTheSuspicion() {
        PathMtuDiscovery mtu = new PathMtuDiscovery(1452);
        mtu.start(0);
        long probe = sendProbe(mtu);
        mtu.onPacketAcknowledged(probe, 1452, 0);
        for (int i = 0; i < 10; i++) {
            mtu.onPacketLost(i, 1452, 0); // congestion losses, reported before the ACKs of one frame
        }
        mtu.onPacketAcknowledged(20, 1452, 0);
        assertEquals(1452, mtu.maxDatagramSizeBytes(0));
        assertEquals(0, mtu.blackHolesDetected());
    }

    @Test
    void smallPacketsGettingThroughDoNotClearTheSuspicion() {
        PathMtuDiscovery mtu = new PathMtuDiscovery(1452);
        mtu.start(0);
        long probe = sendProbe(mtu);
        mtu.onPacketAcknowledged(probe, 1452, 0);
        for (int i = 0; i < PathMtuDiscovery.BLACK_HOLE_LOSS_THRESHOLD; i++) {
            mtu.onPacketLost(i, 1452, 0);
            mtu.onPacketAcknowledged(100 + i, 300, 0);
        }
        assertEquals(1200, mtu.maxDatagramSizeBytes(0));
    }

    @Test
    void repeatedProbeTimeoutsMeanABlackHoleOnlyAboveTheBase() {
        PathMtuDiscovery mtu = new PathMtuDiscovery(1452);
        mtu.onProbeTimeout(5);
        assertEquals(0, mtu.blackHolesDetected(), "nothing to fall back from at the base");
        mtu.start(0);
        long probe = sendProbe(mtu);
        mtu.onPacketAcknowledged(probe, 1452, 0);
        mtu.onProbeTimeout(1);
        assertEquals(1452, mtu.maxDatagramSizeBytes(0));
        mtu.onProbeTimeout(PathMtuDiscovery.BLACK_HOLE_PTO_THRESHOLD);
        assertEquals(1200, mtu.maxDatagramSizeBytes(0));
        assertEquals(1, mtu.blackHolesDetected());
    }

    @Test
    void aSearchStoppedBelowTheCeilingIsRetriedAfterTheRaiseTimer() {
        PathMtuDiscovery mtu = new PathMtuDiscovery(1452, 10 * SECOND);
        mtu.start(0);
        converge(mtu, 1400);
        assertEquals(State.SEARCH_COMPLETE, mtu.state());
        int found = mtu.maxDatagramSizeBytes(0);
        assertEquals(0, mtu.probeSizeBytes());
        assertEquals(found, mtu.maxDatagramSizeBytes(10 * SECOND - 1));
        assertEquals(0, mtu.probeSizeBytes(), "not before PMTU_RAISE_TIMER");
        mtu.maxDatagramSizeBytes(10 * SECOND);
        assertEquals(1452, mtu.probeSizeBytes(), "RFC 8899 §5.2: the raise timer probes the ceiling again");
        converge(mtu, 1452);
        assertEquals(1452, mtu.maxDatagramSizeBytes(20 * SECOND));
    }

    @Test
    void aCompletedSearchAtTheCeilingIsNeverRetried() {
        PathMtuDiscovery mtu = new PathMtuDiscovery(1452, SECOND);
        mtu.start(0);
        converge(mtu, 1500);
        mtu.maxDatagramSizeBytes(100 * SECOND);
        assertEquals(0, mtu.probeSizeBytes());
    }

    @Test
    void aPathChangeReturnsToTheBaseAndSearchesAgain() {
        PathMtuDiscovery mtu = new PathMtuDiscovery(1452);
        mtu.start(0);
        long probe = sendProbe(mtu);
        mtu.onPathChanged(0);
        assertFalse(mtu.isProbe(probe), "the old path's probe is forgotten");
        mtu.onPacketAcknowledged(probe, 1452, 0);
        assertEquals(1200, mtu.maxDatagramSizeBytes(0));
        assertEquals(1452, mtu.probeSizeBytes());
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new PathMtuDiscovery(1199));
        assertThrows(IllegalArgumentException.class, () -> new PathMtuDiscovery(65_528));
        assertThrows(IllegalArgumentException.class, () -> new PathMtuDiscovery(1452, 0));
        PathMtuDiscovery mtu = new PathMtuDiscovery(1452);
        assertThrows(IllegalStateException.class, () -> mtu.onProbeSent(1, 1452), "no probe due yet");
    }

    @Property(tries = 300)
    void theSearchConvergesBelowThePathMtuInBoundedProbes(
            @ForAll @IntRange(min = 1200, max = 65_527) int localMax,
            @ForAll @IntRange(min = 1200, max = 65_527) int peerMax,
            @ForAll @IntRange(min = 1200, max = 65_527) int pathMax) {
        PathMtuDiscovery mtu = new PathMtuDiscovery(localMax);
        mtu.onPeerMaxUdpPayloadSize(peerMax);
        mtu.start(0);
        int probes = converge(mtu, pathMax);
        int ceiling = Math.min(localMax, peerMax);
        int size = mtu.maxDatagramSizeBytes(0);
        int expectedBest = Math.min(ceiling, pathMax);
        assertTrue(size <= expectedBest, "size " + size + " above " + expectedBest);
        assertTrue(size > expectedBest - PathMtuDiscovery.SEARCH_GRANULARITY_BYTES || size == 1200,
                "size " + size + " far below " + expectedBest);
        // One success, or MAX_PROBES losses, per halving of a 64 KiB interval.
        assertTrue(probes <= PathMtuDiscovery.MAX_PROBES * 17, probes + " probes");
        assertEquals(0, mtu.blackHolesDetected());
    }

    @Property(tries = 200)
    void neverAboveTheCeilingWhateverIsReported(
            @ForAll @IntRange(min = 1200, max = 3000) int localMax,
            @ForAll @IntRange(min = 0, max = 1_000_000) int seed) {
        PathMtuDiscovery mtu = new PathMtuDiscovery(localMax, SECOND);
        mtu.start(0);
        java.util.random.RandomGenerator random = new java.util.SplittableRandom(seed);
        long now = 0;
        for (int step = 0; step < 300; step++) {
            now += random.nextLong(SECOND);
            int size = mtu.probeSizeBytes();
            switch (random.nextInt(5)) {
                case 0 -> {
                    if (size > 0) {
                        long p = sendProbe(mtu);
                        if (random.nextBoolean()) {
                            mtu.onPacketAcknowledged(p, size, now);
                        } else {
                            mtu.onPacketLost(p, size, now);
                        }
                    }
                }
                case 1 -> mtu.onPacketLost(random.nextLong(1000), 1200 + random.nextInt(2000), now);
                case 2 -> mtu.onPacketAcknowledged(random.nextLong(1000), 100 + random.nextInt(3000), now);
                case 3 -> mtu.onProbeTimeout(random.nextInt(4));
                default -> mtu.onPathChanged(now);
            }
            int current = mtu.maxDatagramSizeBytes(now);
            assertTrue(current >= 1200 && current <= localMax, "size " + current);
            int probe = mtu.probeSizeBytes();
            assertTrue(probe == 0 || (probe > current && probe <= localMax), "probe " + probe + " at " + current);
        }
    }
}
