package dev.jquic.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole transition table of RFC 9000 §3.1, every state × every event. */
class SendStreamStateTest {

    /**
     * Rows: states in declaration order; columns: SEND_STREAM, SEND_STREAM_WITH_FIN,
     * SEND_RESET_STREAM, RECEIVE_ALL_ACKS, RECEIVE_RESET_ACK. "-" = rejected.
     */
    private static final Map<SendStreamState, String[]> TABLE = Map.of(
            SendStreamState.READY, new String[] {"SEND", "DATA_SENT", "RESET_SENT", "-", "-"},
            SendStreamState.SEND, new String[] {"SEND", "DATA_SENT", "RESET_SENT", "-", "-"},
            SendStreamState.DATA_SENT, new String[] {"DATA_SENT", "DATA_SENT", "RESET_SENT", "DATA_RECVD", "-"},
            SendStreamState.RESET_SENT, new String[] {"-", "-", "RESET_SENT", "RESET_SENT", "RESET_RECVD"},
            SendStreamState.DATA_RECVD, new String[] {"-", "-", "-", "-", "-"},
            SendStreamState.RESET_RECVD, new String[] {"-", "-", "-", "-", "-"});

    @Test
    void everyStateAndEventMatchesTheTable() {
        assertEquals(SendStreamState.values().length, TABLE.size());
        for (SendStreamState state : SendStreamState.values()) {
            String[] row = TABLE.get(state);
            assertEquals(SendStreamEvent.values().length, row.length);
            for (SendStreamEvent event : SendStreamEvent.values()) {
                String expected = row[event.ordinal()];
                SendStreamState actual = state.next(event);
                assertEquals(expected, actual == null ? "-" : actual.name(), state + " on " + event);
                assertEquals(!expected.equals("-"), state.allows(event), state + " allows " + event);
            }
        }
    }

    @Test
    void terminalStatesAllowNothing() {
        for (SendStreamState state : SendStreamState.values()) {
            boolean anyAllowed = false;
            for (SendStreamEvent event : SendStreamEvent.values()) {
                anyAllowed |= state.allows(event);
            }
            assertEquals(!state.isTerminal(), anyAllowed, state.name());
        }
        assertTrue(SendStreamState.DATA_SENT.canSendData());
        assertFalse(SendStreamState.RESET_SENT.canSendData());
    }

    @Test
    void normalAndResetPathsOfTheDiagram() {
        SendStreamState state = SendStreamState.READY;
        state = state.next(SendStreamEvent.SEND_STREAM);
        state = state.next(SendStreamEvent.SEND_STREAM_WITH_FIN);
        state = state.next(SendStreamEvent.RECEIVE_ALL_ACKS);
        assertEquals(SendStreamState.DATA_RECVD, state);

        state = SendStreamState.READY.next(SendStreamEvent.SEND_RESET_STREAM).next(SendStreamEvent.RECEIVE_RESET_ACK);
        assertEquals(SendStreamState.RESET_RECVD, state);
    }
}
