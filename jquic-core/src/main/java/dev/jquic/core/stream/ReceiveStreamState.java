package dev.jquic.core.stream;

import static dev.jquic.core.stream.ReceiveStreamEvent.APP_READ_ALL_DATA;
import static dev.jquic.core.stream.ReceiveStreamEvent.APP_READ_RESET;
import static dev.jquic.core.stream.ReceiveStreamEvent.RECEIVE_ALL_DATA;
import static dev.jquic.core.stream.ReceiveStreamEvent.RECEIVE_RESET_STREAM;
import static dev.jquic.core.stream.ReceiveStreamEvent.RECEIVE_STREAM;
import static dev.jquic.core.stream.ReceiveStreamEvent.RECEIVE_STREAM_WITH_FIN;

/**
 * States of the receiving part of a stream (RFC 9000 §3.2, Figure 3), with the transition table
 * spelled out below. {@link #next} returns the target state, or {@code null} when the event is
 * not allowed in this state; an illegal transition is reported, never thrown.
 *
 * <pre>
 * Recv --Recv STREAM + FIN--> Size Known --Recv All Data--> Data Recvd --App Read All Data--> Data Read
 * Recv, Size Known --Recv RESET_STREAM--> Reset Recvd --App Read Reset--> Reset Read
 * </pre>
 *
 * Frames from the peer are never illegal: a STREAM, STREAM_DATA_BLOCKED or RESET_STREAM frame
 * that changes nothing (retransmissions, frames after all data or a reset) is a self-loop. The
 * figure's two optional arrows are not taken: a RESET_STREAM after all data has arrived is ignored
 * (the application still reads the data), and once reset the data is discarded, so "all data
 * received" cannot follow. Events raised by our own bookkeeping (all data received, the
 * application read everything or the reset) are rejected where they cannot happen.
 * Data Read and Reset Read are terminal.
 */
public enum ReceiveStreamState {
    RECV,
    SIZE_KNOWN,
    DATA_RECVD,
    RESET_RECVD,
    DATA_READ,
    RESET_READ;

    private static final ReceiveStreamState[][] TRANSITIONS =
            new ReceiveStreamState[values().length][ReceiveStreamEvent.values().length];

    static {
        allow(RECV, RECEIVE_STREAM, RECV);
        allow(RECV, RECEIVE_STREAM_WITH_FIN, SIZE_KNOWN);
        allow(RECV, RECEIVE_RESET_STREAM, RESET_RECVD);

        allow(SIZE_KNOWN, RECEIVE_STREAM, SIZE_KNOWN);
        allow(SIZE_KNOWN, RECEIVE_STREAM_WITH_FIN, SIZE_KNOWN);
        allow(SIZE_KNOWN, RECEIVE_ALL_DATA, DATA_RECVD);
        allow(SIZE_KNOWN, RECEIVE_RESET_STREAM, RESET_RECVD);

        allow(DATA_RECVD, RECEIVE_STREAM, DATA_RECVD);
        allow(DATA_RECVD, RECEIVE_STREAM_WITH_FIN, DATA_RECVD);
        allow(DATA_RECVD, RECEIVE_RESET_STREAM, DATA_RECVD);
        allow(DATA_RECVD, APP_READ_ALL_DATA, DATA_READ);

        allow(RESET_RECVD, RECEIVE_STREAM, RESET_RECVD);
        allow(RESET_RECVD, RECEIVE_STREAM_WITH_FIN, RESET_RECVD);
        allow(RESET_RECVD, RECEIVE_RESET_STREAM, RESET_RECVD);
        allow(RESET_RECVD, APP_READ_RESET, RESET_READ);

        allow(DATA_READ, RECEIVE_STREAM, DATA_READ);
        allow(DATA_READ, RECEIVE_STREAM_WITH_FIN, DATA_READ);
        allow(DATA_READ, RECEIVE_RESET_STREAM, DATA_READ);

        allow(RESET_READ, RECEIVE_STREAM, RESET_READ);
        allow(RESET_READ, RECEIVE_STREAM_WITH_FIN, RESET_READ);
        allow(RESET_READ, RECEIVE_RESET_STREAM, RESET_READ);
    }

    private static void allow(ReceiveStreamState from, ReceiveStreamEvent event, ReceiveStreamState to) {
        TRANSITIONS[from.ordinal()][event.ordinal()] = to;
    }

    /** The state after {@code event}, or {@code null} if the event is illegal in this state. */
    public ReceiveStreamState next(ReceiveStreamEvent event) {
        return TRANSITIONS[ordinal()][event.ordinal()];
    }

    /** Whether {@code event} is legal in this state. */
    public boolean allows(ReceiveStreamEvent event) {
        return next(event) != null;
    }

    /** Data Read and Reset Read: the application is done with the stream (RFC 9000 §3.2). */
    public boolean isTerminal() {
        return this == DATA_READ || this == RESET_READ;
    }

    /** Recv only: in Size Known and later no MAX_STREAM_DATA is needed (RFC 9000 §3.2). */
    public boolean needsFlowControlUpdates() {
        return this == RECV;
    }
}
