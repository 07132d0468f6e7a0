package dev.jquic.core.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** RFC 9002 §7.7: rate N * cwnd / smoothed_rtt with N = 1.25 and a burst allowance. */
class PacerTest {

    private static final long MS = 1_000_000L;
    private static final int SIZE = 1200;
    private static final long WINDOW = 12_000;
    private static final long RTT = 100 * MS;

    @Test
    void rateFollowsTheFormula() {
        // 1.25 * 12000 B / 0.1 s = 150000 B/s: one 1200-byte packet every 8 ms.
        assertEquals(150_000.0, Pacer.rateBytesPerSecond(WINDOW, RTT), 1e-6);
    }

    @Test
    void initialBurstThenOnePacketPerInterval() {
        Pacer pacer = new Pacer(SIZE);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, pacer.nextSendTimeNanos(SIZE, WINDOW, RTT, 0), "burst packet " + i);
            pacer.onPacketSent(SIZE, WINDOW, RTT, 0);
        }
        assertEquals(8 * MS, pacer.nextSendTimeNanos(SIZE, WINDOW, RTT, 0));
        assertEquals(8 * MS, pacer.nextSendTimeNanos(SIZE, WINDOW, RTT, 3 * MS));
        assertEquals(8 * MS, pacer.nextSendTimeNanos(SIZE, WINDOW, RTT, 8 * MS));
        pacer.onPacketSent(SIZE, WINDOW, RTT, 8 * MS);
        assertEquals(16 * MS, pacer.nextSendTimeNanos(SIZE, WINDOW, RTT, 8 * MS));
        // A smaller packet needs proportionally less credit: 600 bytes take 4 ms.
        assertEquals(12 * MS, pacer.nextSendTimeNanos(SIZE / 2, WINDOW, RTT, 8 * MS));
    }

    @Test
    void creditIsCappedByTheBurst() {
        Pacer pacer = new Pacer(SIZE, 2);
        pacer.onPacketSent(SIZE, WINDOW, RTT, 0);
        pacer.onPacketSent(SIZE, WINDOW, RTT, 0);
        // A long idle period refills at most two packets.
        assertEquals(2L * SIZE, pacer.availableBytes(WINDOW, RTT, 10_000 * MS));
        pacer.onPacketSent(SIZE, WINDOW, RTT, 10_000 * MS);
        pacer.onPacketSent(SIZE, WINDOW, RTT, 10_000 * MS);
        assertEquals(10_008 * MS, pacer.nextSendTimeNanos(SIZE, WINDOW, RTT, 10_000 * MS));
    }

    @Test
    void burstNeverExceedsTheWindowNorFallsBelowOnePacket() {
        Pacer pacer = new Pacer(SIZE);
        assertEquals(2400, pacer.capacityBytes(2400));
        assertEquals(SIZE, pacer.capacityBytes(100));
        assertEquals(12_000, pacer.capacityBytes(1_000_000));
    }

    @Test
    void largerWindowPacesFaster() {
        Pacer pacer = new Pacer(SIZE, 1);
        pacer.onPacketSent(SIZE, 4 * WINDOW, RTT, 0);
        assertEquals(2 * MS, pacer.nextSendTimeNanos(SIZE, 4 * WINDOW, RTT, 0));
    }

    @Test
    void rejectsInvalidConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new Pacer(0));
        assertThrows(IllegalArgumentException.class, () -> new Pacer(SIZE, 0));
    }
}
