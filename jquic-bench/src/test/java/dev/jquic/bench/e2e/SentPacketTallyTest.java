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

    @Test
    void aConnectionClosingWhileTheTotalIsReadCountsOnceWithItsFinalFigure() {
        Map<String, Long> live = new HashMap<>();
        SentPacketTally<String>[] tally = new SentPacketTally[1];
        tally[0] = new SentPacketTally<>(connection -> {
            long count = live.get(connection);
            if (connection.equals("closing")) {
                tally[0].closed("closing", count + 2); // its loop closes it while the total is read
            }
            return count;
        });
        live.put("closing", 10L);
        live.put("staying", 1L);
        tally[0].opened("closing");
        tally[0].opened("staying");
        assertEquals(12 + 1, tally[0].total());
        assertEquals(13, tally[0].total());
    }
}
