package dev.jquic.core.stream;

/**
 * One stream's state inside {@link StreamManager}: the sending part (RFC 9000 §3.1) and the
 * receiving part (§3.2), each {@code null} when the stream's direction lacks it, plus the
 * bookkeeping the manager needs to schedule frames and coalesce events.
 *
 * <p>Not thread-safe: confined to the connection's owner thread.
 */
final class ManagedStream {
    final long streamId;
    final boolean peerInitiated;

    // ---- sending part (null for a peer's unidirectional stream)
    final SendBuffer sendBuffer;
    final SendCredit sendCredit;
    SendStreamState sendState;
    long resetErrorCode;
    long resetFinalSize;

    // ---- receiving part (null for our unidirectional stream)
    final ReceiveAssembler receiver;
    ReceiveStreamState receiveState;
    long stopSendingErrorCode;
    /** The application called stopSending: incoming data is discarded. */
    boolean stopSendingRequested;

    // ---- scheduling
    boolean inSendQueue;
    boolean inControlQueue;
    boolean waitingForConnectionCredit;
    boolean maxStreamDataDue;
    boolean streamDataBlockedDue;
    boolean resetDue;
    boolean stopSendingDue;
    boolean closed;

    // ---- event coalescing
    boolean readableQueued;
    boolean writableQueued;
    /*
     * The stream's Readable and Writable events, made once and queued again and again: they are
     * immutable values, and a bulk transfer queues one per packet (ConnectionTransferBenchmark).
     */
    private StreamEvent.Readable readableEvent;
    private StreamEvent.Writable writableEvent;
    /** A write was refused or short: tell the application when space frees up. */
    boolean writeWanted;

    ManagedStream(long streamId, boolean peerInitiated, SendBuffer sendBuffer, SendCredit sendCredit,
            ReceiveAssembler receiver) {
        this.streamId = streamId;
        this.peerInitiated = peerInitiated;
        this.sendBuffer = sendBuffer;
        this.sendCredit = sendCredit;
        this.sendState = sendBuffer == null ? null : SendStreamState.READY;
        this.receiver = receiver;
        this.receiveState = receiver == null ? null : ReceiveStreamState.RECV;
    }

    boolean canSend() {
        return sendBuffer != null;
    }

    boolean canReceive() {
        return receiver != null;
    }

    /** Moves the sending part; events not allowed in the current state change nothing. */
    void sendEvent(SendStreamEvent event) {
        SendStreamState next = sendState.next(event);
        if (next != null) {
            sendState = next;
        }
    }

    /** Moves the receiving part; events not allowed in the current state change nothing. */
    void receiveEvent(ReceiveStreamEvent event) {
        ReceiveStreamState next = receiveState.next(event);
        if (next != null) {
            receiveState = next;
        }
    }

    /** The highest offset flow control lets new data reach, given the connection's credit. */
    long flowLimitOffset(SendCredit connectionCredit) {
        return Math.min(sendCredit.limit(), sendBuffer.sendOffset() + connectionCredit.available());
    }

    boolean sendPartDone() {
        return sendBuffer == null || sendState.isTerminal();
    }

    /**
     * The receiving part needs nothing more: the application read everything or learned of the
     * reset, or it stopped reading and the final size (hence all flow-control accounting) is known.
     * A peer's reset alone does not end it: the application must see it first, which keeps a peer
     * from cycling streams (and queued events) faster than the application looks.
     */
    boolean receivePartDone() {
        return receiver == null || receiveState.isTerminal()
                || (stopSendingRequested && receiver.finalSize() >= 0);
    }

    StreamEvent.Readable readableEvent() {
        if (readableEvent == null) {
            readableEvent = new StreamEvent.Readable(streamId);
        }
        return readableEvent;
    }

    StreamEvent.Writable writableEvent() {
        if (writableEvent == null) {
            writableEvent = new StreamEvent.Writable(streamId);
        }
        return writableEvent;
    }
}
