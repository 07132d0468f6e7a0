package dev.jquic.core.stream;

import static dev.jquic.core.stream.SendStreamEvent.RECEIVE_ALL_ACKS;
import static dev.jquic.core.stream.SendStreamEvent.RECEIVE_RESET_ACK;
import static dev.jquic.core.stream.SendStreamEvent.SEND_RESET_STREAM;
import static dev.jquic.core.stream.SendStreamEvent.SEND_STREAM;
import static dev.jquic.core.stream.SendStreamEvent.SEND_STREAM_WITH_FIN;

/**
 * States of the sending part of a stream (RFC 9000 §3.1, Figure 2), with the transition table
 * spelled out below. {@link #next} returns the target state, or {@code null} when the event is
 * not allowed in this state; an illegal transition is reported, never thrown.
 *
 * <pre>
 * Ready --Send STREAM / STREAM_DATA_BLOCKED--> Send --Send STREAM + FIN--> Data Sent --Recv All ACKs--> Data Recvd
 * Ready, Send, Data Sent --Send RESET_STREAM--> Reset Sent --Recv ACK--> Reset Recvd
 * </pre>
 *
 * Besides the diagram's arrows the table allows: Ready --Send STREAM + FIN--> Data Sent (the first
 * frame carries FIN, passing through Send); resending STREAM frames in Send and Data Sent and
 * RESET_STREAM in Reset Sent (self-loops); and all data becoming acknowledged in Reset Sent, which
 * changes nothing because only the acknowledgement of RESET_STREAM ends that state. Data Recvd and
 * Reset Recvd are terminal.
 */
public enum SendStreamState {
    READY,
    SEND,
    DATA_SENT,
    RESET_SENT,
    DATA_RECVD,
    RESET_RECVD;

    private static final SendStreamState[][] TRANSITIONS =
            new SendStreamState[values().length][SendStreamEvent.values().length];

    static {
        allow(READY, SEND_STREAM, SEND);
        allow(READY, SEND_STREAM_WITH_FIN, DATA_SENT);
        allow(READY, SEND_RESET_STREAM, RESET_SENT);

        allow(SEND, SEND_STREAM, SEND);
        allow(SEND, SEND_STREAM_WITH_FIN, DATA_SENT);
        allow(SEND, SEND_RESET_STREAM, RESET_SENT);

        allow(DATA_SENT, SEND_STREAM, DATA_SENT);
        allow(DATA_SENT, SEND_STREAM_WITH_FIN, DATA_SENT);
        allow(DATA_SENT, SEND_RESET_STREAM, RESET_SENT);
        allow(DATA_SENT, RECEIVE_ALL_ACKS, DATA_RECVD);

        allow(RESET_SENT, SEND_RESET_STREAM, RESET_SENT);
        allow(RESET_SENT, RECEIVE_ALL_ACKS, RESET_SENT);
        allow(RESET_SENT, RECEIVE_RESET_ACK, RESET_RECVD);
    }

    private static void allow(SendStreamState from, SendStreamEvent event, SendStreamState to) {
        TRANSITIONS[from.ordinal()][event.ordinal()] = to;
    }

    /** The state after {@code event}, or {@code null} if the event is illegal in this state. */
    public SendStreamState next(SendStreamEvent event) {
        return TRANSITIONS[ordinal()][event.ordinal()];
    }

    /** Whether {@code event} is legal in this state. */
    public boolean allows(SendStreamEvent event) {
        return next(event) != null;
    }

    /** Data Recvd and Reset Recvd: nothing more will be sent or acknowledged (RFC 9000 §3.1). */
    public boolean isTerminal() {
        return this == DATA_RECVD || this == RESET_RECVD;
    }

    /** Whether STREAM frames with new or resent data may still be sent. */
    public boolean canSendData() {
        return this == READY || this == SEND || this == DATA_SENT;
    }
}
