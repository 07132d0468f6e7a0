package dev.jquic.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SentPacketTallyTest {

    @Test
    void sumsOpenConnectionsLiveAndClosedOnesOnceWithoutKeepingThem() {
        Map<String, Long> live = new HashMap<>();
        SentPacketTally<String> tally = new SentPacketTally<>(live::get);
        live.put("a", 3L);
        live.put("b", 5L);
        tally.opened("a");
        tally.opened("b");
        assertEquals(8, tally.total());

        live.put("a", 4L);
        tally.closed("a", 7);
        tally.closed("a", 100); // a second close report is ignored
        assertEquals(1, tally.openConnections());
        assertEquals(7 + 5, tally.total());

        tally.closed("never opened", 50);
        assertEquals(12, tally.total());
    }
}
