package dev.jquic.core.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** A discarded space's ring gives back its slots (RFC 9001 §4.9; issue 7's idle-connection memory). */
class SentPacketRingMemoryTest {

    @Test
    void clearShrinksTheRingToOneSlotAndItGrowsAgainIfUsed() {
        SentPacketRing<String> ring = new SentPacketRing<>();
        for (int pn = 0; pn < 100; pn++) {
            ring.add(new SentPacket<>(pn, pn, 1200, true, true, "p" + pn));
        }
        assertEquals(128, ring.capacity());
        ring.clear();
        assertEquals(1, ring.capacity());
        assertEquals(0, ring.size());
        assertEquals(0, ring.trackedCount());

        for (int pn = 200; pn < 203; pn++) {
            ring.add(new SentPacket<>(pn, pn, 1200, true, true, "p" + pn));
        }
        assertEquals(4, ring.capacity());
        assertEquals(3, ring.trackedCount());
        assertEquals(201, ring.packetNumberAt(1));
        assertEquals("p202", ring.remove(2, SentPacketRing.ACKNOWLEDGED).contents());
        assertNull(ring.packetAt(2));
    }
}
