package dev.jquic.core.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jquic.core.types.ConnectionId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The routing table behaves like a map with first-owner-wins puts, for any sequence of operations. */
class ConnectionIdTablePropertiesTest {

    @Property(tries = 200)
    void behavesLikeAMap(@ForAll @Size(max = 400) List<@IntRange(min = 0, max = 2999) Integer> operations,
            @ForAll long seed) {
        ConnectionIdTable table = new ConnectionIdTable(new SplittableRandom(seed), 10_000);
        Map<ConnectionId, Long> model = new HashMap<>();
        for (int operation : operations) {
            // A small key space (100 IDs) so that puts, removes and lookups meet.
            int key = operation % 100;
            ConnectionId id = ConnectionId.of(new byte[] {(byte) key, 1, 2, 3, 4, 5, 6, (byte) (key >> 4)});
            long handle = operation / 1000;
            switch (operation / 100 % 3) {
                case 0 -> assertEquals(model.putIfAbsent(id, handle) == null, table.put(id, handle));
                case 1 -> assertEquals(model.remove(id, handle), table.remove(id, handle));
                default -> assertEquals(model.getOrDefault(id, ConnectionIdTable.ABSENT), table.get(id));
            }
            assertEquals(model.size(), table.size());
        }
    }
}
