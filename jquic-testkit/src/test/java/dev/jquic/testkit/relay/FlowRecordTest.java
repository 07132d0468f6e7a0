package dev.jquic.testkit.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FlowRecordTest {

    @Test
    void summaryCountsEachDirectionAndListsImpairmentsByPosition() {
        FlowRecord flow = new FlowRecord();
        long first = flow.received(RelayDirection.TO_SERVER);
        flow.corrupted(RelayDirection.TO_SERVER, first, 1200, 4711);
        flow.received(RelayDirection.TO_SERVER);
        long reply = flow.received(RelayDirection.TO_CLIENT);
        flow.dropped(RelayDirection.TO_CLIENT, reply, 1200);
        assertEquals(0, first);
        assertEquals(0, reply);
        assertEquals("to server 2 received, 0 dropped, 1 corrupted; to client 1 received, 1 dropped, 0 corrupted;"
                + " impairments: s#0 1200 B bit 4711 (byte 588), c#0 1200 B dropped", flow.summary());
    }

    private static FlowRecord droppedToClient(int count) {
        FlowRecord flow = new FlowRecord();
        for (int i = 0; i < count; i++) {
            flow.dropped(RelayDirection.TO_CLIENT, flow.received(RelayDirection.TO_CLIENT), 100);
        }
        return flow;
    }

    private static String expectedDrops(int from, int to) {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < to; i++) {
            text.append(i == from ? "" : ", ").append("c#").append(i).append(" 100 B dropped");
        }
        return text.toString();
    }

    @Test
    void listsTheFirstAndTheLastImpairmentsAndCountsTheMiddle() {
        int kept = FlowRecord.KEPT_EVENTS;
        int total = 2 * kept + 5;
        String summary = droppedToClient(total).summary();
        assertEquals("to server 0 received, 0 dropped, 0 corrupted; to client " + total + " received, " + total
                + " dropped, 0 corrupted; impairments: " + expectedDrops(0, kept) + ", ... 5 more ..., "
                + expectedDrops(kept + 5, total), summary);
    }

    @Test
    void listsEveryImpairmentUpToTwiceTheKeptCount() {
        int total = 2 * FlowRecord.KEPT_EVENTS;
        assertTrue(droppedToClient(total).summary().endsWith("impairments: " + expectedDrops(0, total)));
        assertTrue(droppedToClient(FlowRecord.KEPT_EVENTS + 1).summary()
                .endsWith("impairments: " + expectedDrops(0, FlowRecord.KEPT_EVENTS + 1)));
    }

    @Test
    void aFlowWithoutImpairmentsSaysNone() {
        FlowRecord flow = new FlowRecord();
        flow.received(RelayDirection.TO_SERVER);
        assertTrue(flow.summary().endsWith("impairments: none"), flow.summary());
    }
}
