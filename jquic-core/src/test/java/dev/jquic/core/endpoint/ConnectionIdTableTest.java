package dev.jquic.core.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.types.ConnectionId;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConnectionIdTableTest {

    @Test
    void putGetRemove() {
        ConnectionIdTable table = new ConnectionIdTable(new SplittableRandom(1), 100);
        ConnectionId id = ConnectionId.ofHex("0102030405060708");
        assertTrue(table.put(id, 7));
        assertEquals(7, table.get(id));
        assertFalse(table.put(id, 8), "an ID already routed is not taken over");
        assertEquals(7, table.get(id));
        ByteBuffer datagram = ByteBuffer.wrap(new byte[] {0x40, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertEquals(7, table.get(datagram, 1, 8));
        assertFalse(table.remove(id, 8), "only the owner removes its route");
        assertTrue(table.remove(id, 7));
        assertEquals(ConnectionIdTable.ABSENT, table.get(id));
        assertEquals(0, table.size());
    }

    @Test
    void emptyIdAndCapacityLimitAreRefused() {
        ConnectionIdTable table = new ConnectionIdTable(new SplittableRandom(2), 2);
        assertFalse(table.put(ConnectionId.EMPTY, 1));
        assertTrue(table.put(ConnectionId.ofHex("0000000000000001"), 1));
        assertTrue(table.put(ConnectionId.ofHex("0000000000000002"), 2));
        assertFalse(table.put(ConnectionId.ofHex("0000000000000003"), 3));
        assertEquals(2, table.size());
    }

    @Test
    void idsCollidingUnderAPlainHashStayWellSpread() {
        // IDs that differ only above the low bits an unkeyed table would use for its buckets.
        ConnectionIdTable table = new ConnectionIdTable(new SplittableRandom(3), 1 << 20);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[8];
            bytes[0] = (byte) (i >>> 8);
            bytes[1] = (byte) i;
            assertTrue(table.put(ConnectionId.of(bytes), i));
        }
        assertEquals(20_000, table.size());
        assertTrue(table.longestChain() <= 12, "longest chain " + table.longestChain());
        for (int i = 0; i < 20_000; i += 997) {
            byte[] bytes = new byte[8];
            bytes[0] = (byte) (i >>> 8);
            bytes[1] = (byte) i;
            assertEquals(i, table.get(ConnectionId.of(bytes)));
        }
    }
}
