package dev.jquic.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole transition table of RFC 9000 §3.2, every state × every event. */
class ReceiveStreamStateTest {

    /**
     * Rows: states; columns: RECEIVE_STREAM, RECEIVE_STREAM_WITH_FIN, RECEIVE_ALL_DATA,
     * RECEIVE_RESET_STREAM, APP_READ_ALL_DATA, APP_READ_RESET. "-" = rejected.
     */
    private static final Map<ReceiveStreamState, String[]> TABLE = Map.of(
            ReceiveStreamState.RECV,
            new String[] {"RECV", "SIZE_KNOWN", "-", "RESET_RECVD", "-", "-"},
            ReceiveStreamState.SIZE_KNOWN,
            new String[] {"SIZE_KNOWN", "SIZE_KNOWN", "DATA_RECVD", "RESET_RECVD", "-", "-"},
            ReceiveStreamState.DATA_RECVD,
            new String[] {"DATA_RECVD", "DATA_RECVD", "-", "DATA_RECVD", "DATA_READ", "-"},
            ReceiveStreamState.RESET_RECVD,
            new String[] {"RESET_RECVD", "RESET_RECVD", "-", "RESET_RECVD", "-", "RESET_READ"},
            ReceiveStreamState.DATA_READ,
            new String[] {"DATA_READ", "DATA_READ", "-", "DATA_READ", "-", "-"},
            ReceiveStreamState.RESET_READ,
            new String[] {"RESET_READ", "RESET_READ", "-", "RESET_READ", "-", "-"});

    @Test
    void everyStateAndEventMatchesTheTable() {
        assertEquals(ReceiveStreamState.values().length, TABLE.size());
        for (ReceiveStreamState state : ReceiveStreamState.values()) {
            String[] row = TABLE.get(state);
            assertEquals(ReceiveStreamEvent.values().length, row.length);
            for (ReceiveStreamEvent event : ReceiveStreamEvent.values()) {
                String expected = row[event.ordinal()];
                ReceiveStreamState actual = state.next(event);
                assertEquals(expected, actual == null ? "-" : actual.name(), state + " on " + event);
                assertEquals(!expected.equals("-"), state.allows(event), state + " allows " + event);
            }
        }
    }

    @Test
    void peerFramesAreNeverRejected() {
        for (ReceiveStreamState state : ReceiveStreamState.values()) {
            assertTrue(state.allows(ReceiveStreamEvent.RECEIVE_STREAM), state.name());
            assertTrue(state.allows(ReceiveStreamEvent.RECEIVE_STREAM_WITH_FIN), state.name());
            assertTrue(state.allows(ReceiveStreamEvent.RECEIVE_RESET_STREAM), state.name());
        }
    }

    @Test
    void terminalStatesOnlyAbsorbPeerFrames() {
        for (ReceiveStreamState state : ReceiveStreamState.values()) {
            if (state.isTerminal()) {
                for (ReceiveStreamEvent event : ReceiveStreamEvent.values()) {
                    ReceiveStreamState next = state.next(event);
                    assertTrue(next == null || next == state, state + " on " + event);
                }
            }
        }
        assertTrue(ReceiveStreamState.RECV.needsFlowControlUpdates());
        assertFalse(ReceiveStreamState.SIZE_KNOWN.needsFlowControlUpdates());
    }

    @Test
    void dataAndResetPathsOfTheDiagram() {
        ReceiveStreamState state = ReceiveStreamState.RECV
                .next(ReceiveStreamEvent.RECEIVE_STREAM)
                .next(ReceiveStreamEvent.RECEIVE_STREAM_WITH_FIN)
                .next(ReceiveStreamEvent.RECEIVE_ALL_DATA)
                .next(ReceiveStreamEvent.APP_READ_ALL_DATA);
        assertEquals(ReceiveStreamState.DATA_READ, state);
        state = ReceiveStreamState.SIZE_KNOWN
                .next(ReceiveStreamEvent.RECEIVE_RESET_STREAM)
                .next(ReceiveStreamEvent.APP_READ_RESET);
        assertEquals(ReceiveStreamState.RESET_READ, state);
    }
}
