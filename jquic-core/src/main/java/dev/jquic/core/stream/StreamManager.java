package dev.jquic.core.stream;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.frame.DataBlockedFrame;
import dev.jquic.core.frame.Frame;
import dev.jquic.core.frame.MaxDataFrame;
import dev.jquic.core.frame.MaxStreamDataFrame;
import dev.jquic.core.frame.MaxStreamsFrame;
import dev.jquic.core.frame.ResetStreamFrame;
import dev.jquic.core.frame.StopSendingFrame;
import dev.jquic.core.frame.StreamDataBlockedFrame;
import dev.jquic.core.frame.StreamDirection;
import dev.jquic.core.frame.StreamFrame;
import dev.jquic.core.frame.StreamsBlockedFrame;
import dev.jquic.core.types.EndpointRole;
import dev.jquic.core.types.StreamId;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The set of streams of one connection (RFC 9000 §2-§4): opens streams within the peer's
 * MAX_STREAMS and accepts the peer's within ours, moves application data through each stream's
 * {@link SendBuffer} and {@link ReceiveAssembler}, enforces and grants flow control at stream and
 * connection level, and turns all of it into frames for the packet builder
 * ({@link #writeFrames}) and {@link StreamEvent}s for the application.
 *
 * <p>Receiving is in {@link StreamManager}; building frames, with acknowledgement and loss, is
 * delegated to {@link StreamFrameScheduler}. Not thread-safe: confined to the connection's owner thread.
 */
public final class StreamManager {
    /** Returned by {@link #openStream} when the peer's MAX_STREAMS forbids opening another stream. */
    public static final long NO_STREAM = -1;

    private final StreamLimits local;
    private final StreamIdRules rules;
    final Map<Long, ManagedStream> streams = new HashMap<>();
    final SendCredit connectionCredit = new SendCredit(0);
    final ReceiveWindow connectionWindow;
    final ArrayDeque<StreamEvent> events = new ArrayDeque<>();
    private final StreamFrameScheduler scheduler;
    private long peerMaxStreamDataBidiLocal;
    private long peerMaxStreamDataBidiRemote;
    private long peerMaxStreamDataUni;
    private final boolean[] streamsAvailableWanted = new boolean[2];

    public StreamManager(EndpointRole localRole, StreamLimits local) {
        this.local = local;
        this.rules = new StreamIdRules(localRole, 0, 0, local.initialMaxStreamsBidi(), local.initialMaxStreamsUni());
        this.connectionWindow = new ReceiveWindow(local.initialMaxData(), local.maxConnectionWindow());
        this.scheduler = new StreamFrameScheduler(this, rules);
    }

    /**
     * The peer's transport parameters arrived (RFC 9000 §18.2). Before this, every send limit is 0.
     * Limits only grow: streams already open get the larger credit.
     */
    public void onPeerLimits(long initialMaxData, long initialMaxStreamDataBidiLocal, long initialMaxStreamDataBidiRemote,
            long initialMaxStreamDataUni, long initialMaxStreamsBidi, long initialMaxStreamsUni) {
        peerMaxStreamDataBidiLocal = initialMaxStreamDataBidiLocal;
        peerMaxStreamDataBidiRemote = initialMaxStreamDataBidiRemote;
        peerMaxStreamDataUni = initialMaxStreamDataUni;
        if (connectionCredit.raiseLimit(initialMaxData)) {
            scheduler.connectionCreditRaised();
        }
        raiseStreamCount(StreamDirection.BIDIRECTIONAL, initialMaxStreamsBidi);
        raiseStreamCount(StreamDirection.UNIDIRECTIONAL, initialMaxStreamsUni);
        for (ManagedStream stream : streams.values()) {
            if (stream.canSend() && stream.sendCredit.raiseLimit(peerSendLimit(stream.streamId))) {
                scheduler.queueData(stream);
            }
        }
    }

    // ------------------------------------------------------------------ application side

    /**
     * Opens a stream of ours (RFC 9000 §2.1, §4.6).
     *
     * @return its ID, or {@link #NO_STREAM} if the peer's MAX_STREAMS forbids (a STREAMS_BLOCKED
     *         is then queued, and {@link StreamEvent.StreamsAvailable} follows a raise)
     */
    public long openStream(StreamDirection direction) {
        LocalStreamCredit credit = rules.local(direction);
        long streamId = credit.open();
        if (streamId < 0) {
            streamsAvailableWanted[direction.ordinal()] = true;
            return NO_STREAM;
        }
        createStream(streamId, false);
        return streamId;
    }

    /**
     * Copies as much of {@code source} into the stream's send buffer as it has room for; flow
     * control is applied when sending. A short write is followed by {@link StreamEvent.Writable}.
     *
     * @return bytes accepted (0 when the buffer is full)
     * @throws IllegalStateException after {@link #finish}, {@link #resetStream} or the peer's STOP_SENDING
     */
    public int write(long streamId, ByteBuffer source) {
        ManagedStream stream = sendingStream(streamId, "write to");
        if (stream == null || !stream.sendState.canSendData() || stream.resetDue
                || stream.sendState == SendStreamState.RESET_SENT) {
            throw new IllegalStateException("stream " + streamId + " was reset or closed");
        }
        if (stream.sendBuffer.isFinished()) {
            throw new IllegalStateException("stream " + streamId + " already finished");
        }
        int wanted = source.remaining();
        int accepted = stream.sendBuffer.write(source);
        if (accepted < wanted) {
            stream.writeWanted = true;
        }
        if (accepted > 0) {
            scheduler.queueData(stream);
        }
        return accepted;
    }

    /** Ends the stream after the data written so far (RFC 9000 §3.1); repeating it changes nothing. */
    public void finish(long streamId) {
        ManagedStream stream = sendingStream(streamId, "finish");
        if (stream == null || !stream.sendState.canSendData()) {
            return;
        }
        stream.sendBuffer.finish();
        scheduler.queueData(stream);
    }

    /**
     * Abandons sending (RFC 9000 §3.1): unsent data is discarded and RESET_STREAM is queued with
     * the final size sent so far. Does nothing once the sending part was reset or fully acknowledged.
     */
    public void resetStream(long streamId, long applicationErrorCode) {
        requireVarInt(applicationErrorCode);
        ManagedStream stream = sendingStream(streamId, "reset");
        if (stream != null) {
            resetSendingPart(stream, applicationErrorCode);
        }
    }

    /**
     * Asks the peer to stop sending (RFC 9000 §3.5): STOP_SENDING is queued and incoming data is
     * discarded from now on. Does nothing once all data arrived or the peer reset the stream.
     */
    public void stopSending(long streamId, long applicationErrorCode) {
        requireVarInt(applicationErrorCode);
        ManagedStream stream = receivingStream(streamId, "stop reading");
        if (stream == null || stream.stopSendingRequested) {
            return;
        }
        stream.stopSendingRequested = true;
        if (stream.receiveState == ReceiveStreamState.RECV || stream.receiveState == ReceiveStreamState.SIZE_KNOWN) {
            // RFC 9000 §3.5: STOP_SENDING only makes sense while the peer may still send.
            stream.stopSendingErrorCode = applicationErrorCode;
            stream.stopSendingDue = true;
            scheduler.queueControl(stream);
        }
        long released = stream.receiver.discard();
        connectionWindow.consume(released);
        maybeClose(stream);
    }

    /**
     * Reads in-order bytes. Reading frees flow-control credit (MAX_STREAM_DATA / MAX_DATA follow).
     *
     * @return bytes read (0 if none are ready), or -1 once everything up to the FIN was read, or
     *         when the peer reset the stream ({@link StreamEvent.PeerReset} tells why), the
     *         application stopped reading, or the stream is already closed
     */
    public int read(long streamId, ByteBuffer destination) {
        ManagedStream stream = receivingStream(streamId, "read from");
        if (stream == null) {
            return -1;
        }
        if (stream.receiveState == ReceiveStreamState.RESET_RECVD) {
            stream.receiveEvent(ReceiveStreamEvent.APP_READ_RESET);
            maybeClose(stream);
            return -1;
        }
        if (stream.receiver.isDiscarding()) {
            return -1;
        }
        int count = stream.receiver.read(destination);
        if (count > 0) {
            connectionWindow.consume(count);
            if (stream.receiveState.needsFlowControlUpdates() && stream.receiver.window().shouldSendUpdate()) {
                stream.maxStreamDataDue = true;
                scheduler.queueControl(stream);
            }
        } else if (count < 0) {
            stream.receiveEvent(ReceiveStreamEvent.APP_READ_ALL_DATA);
            maybeClose(stream);
        }
        return count;
    }

    /** Bytes {@link #write} accepts now (0 once finished, reset or closed). */
    public long writableBytes(long streamId) {
        ManagedStream stream = sendingStream(streamId, "query");
        if (stream == null || !stream.sendState.canSendData() || stream.resetDue) {
            return 0;
        }
        return stream.sendBuffer.writableBytes();
    }

    /** Bytes {@link #read} can deliver now. */
    public long readableBytes(long streamId) {
        ManagedStream stream = receivingStream(streamId, "query");
        return stream == null ? 0 : stream.receiver.readableBytes();
    }

    /** Whether the stream exists and is not yet closed. */
    public boolean isOpen(long streamId) {
        return streams.containsKey(streamId);
    }

    /** Stream payload bytes sent again after being declared lost (RFC 9000 §13.3). */
    public long bytesRetransmitted() {
        return scheduler.bytesRetransmitted;
    }

    public int openStreamCount() {
        return streams.size();
    }

    public long streamsOpenedLocally() {
        return rules.local(StreamDirection.BIDIRECTIONAL).openedCount()
                + rules.local(StreamDirection.UNIDIRECTIONAL).openedCount();
    }

    public long streamsOpenedByPeer() {
        return rules.remote(StreamDirection.BIDIRECTIONAL).openedCount()
                + rules.remote(StreamDirection.UNIDIRECTIONAL).openedCount();
    }

    /** The next event for the application, or {@code null}. */
    public StreamEvent pollEvent() {
        StreamEvent event = events.poll();
        if (event instanceof StreamEvent.Readable readable) {
            ManagedStream stream = streams.get(readable.streamId());
            if (stream != null) {
                stream.readableQueued = false;
            }
        } else if (event instanceof StreamEvent.Writable writable) {
            ManagedStream stream = streams.get(writable.streamId());
            if (stream != null) {
                stream.writableQueued = false;
            }
        }
        // A PeerReset ends nothing here: events may be polled in batches ahead of the application
        // (the endpoint does), and a stream closed now would be gone before the application saw it
        // opened. The application ends the receiving part with resetSeen, or by reading.
        return event;
    }

    /**
     * The application learned of the peer's reset: RFC 9000 §3.2 "App Read RST", which ends the
     * receiving part. Does nothing unless the stream is open and reset by the peer.
     */
    public void resetSeen(long streamId) {
        ManagedStream stream = receivingStream(streamId, "acknowledge the reset of");
        if (stream != null && stream.receiveState == ReceiveStreamState.RESET_RECVD) {
            stream.receiveEvent(ReceiveStreamEvent.APP_READ_RESET);
            maybeClose(stream);
        }
    }

    /** Whether the peer reset the stream's sending part (RESET_STREAM received); false once closed. */
    public boolean isResetByPeer(long streamId) {
        ManagedStream stream = streams.get(streamId);
        return stream != null && stream.receiver != null
                && (stream.receiveState == ReceiveStreamState.RESET_RECVD
                        || stream.receiveState == ReceiveStreamState.RESET_READ);
    }

    // ------------------------------------------------------------------ frames from the peer

    /**
     * A STREAM frame (RFC 9000 §19.8).
     *
     * @return whether the frame only repeated what had arrived before (a retransmission, or a
     *     frame for a stream already closed)
     */
    public boolean onStreamFrame(StreamFrame frame) throws QuicProtocolException {
        ManagedStream stream = incoming(frame.streamId(), IncomingStreamFrame.STREAM);
        if (stream == null) {
            return true; // RFC 9000 §3.2: a closed stream's frames are retransmissions: ignore them
        }
        boolean repeated = stream.receiver.holdsAll(frame.offset(), frame.endOffset(), frame.fin());
        long advance = stream.receiver.receive(frame);
        chargeConnection(stream, advance);
        stream.receiveEvent(frame.fin() ? ReceiveStreamEvent.RECEIVE_STREAM_WITH_FIN : ReceiveStreamEvent.RECEIVE_STREAM);
        if (stream.receiver.isAllDataReceived()) {
            stream.receiveEvent(ReceiveStreamEvent.RECEIVE_ALL_DATA);
        }
        if (stream.receiver.isDiscarding()) {
            maybeClose(stream);
        } else if (stream.receiver.readableBytes() > 0 || stream.receiver.isAllDataReceived()) {
            queueReadable(stream);
        }
        return repeated;
    }

    /** A RESET_STREAM frame (RFC 9000 §19.4): the peer abandoned its sending part. */
    public void onResetStream(ResetStreamFrame frame) throws QuicProtocolException {
        ManagedStream stream = incoming(frame.streamId(), IncomingStreamFrame.RESET_STREAM);
        if (stream == null) {
            return;
        }
        boolean resettable = stream.receiveState == ReceiveStreamState.RECV
                || stream.receiveState == ReceiveStreamState.SIZE_KNOWN;
        // RFC 9000 §4.5: the final size is checked against data received (FINAL_SIZE_ERROR).
        long advance = stream.receiver.reset(frame.finalSize());
        chargeConnection(stream, advance);
        if (!resettable) {
            return; // all data arrived already (the application reads it) or a repeated reset
        }
        stream.receiveEvent(ReceiveStreamEvent.RECEIVE_RESET_STREAM);
        connectionWindow.consume(stream.receiver.discard());
        stream.stopSendingDue = false;
        stream.maxStreamDataDue = false;
        events.add(new StreamEvent.PeerReset(stream.streamId, frame.applicationErrorCode(), frame.finalSize()));
        maybeClose(stream);
    }

    /** A STOP_SENDING frame (RFC 9000 §19.5): we reset our sending part with the peer's code (§3.5). */
    public void onStopSending(StopSendingFrame frame) throws QuicProtocolException {
        ManagedStream stream = incoming(frame.streamId(), IncomingStreamFrame.STOP_SENDING);
        if (stream == null || !stream.sendState.canSendData() || stream.resetDue) {
            return;
        }
        events.add(new StreamEvent.PeerStopSending(stream.streamId, frame.applicationErrorCode()));
        // RFC 9000 §3.5: an endpoint that receives STOP_SENDING MUST send RESET_STREAM in Ready or Send.
        resetSendingPart(stream, frame.applicationErrorCode());
    }

    /** A MAX_DATA frame (RFC 9000 §19.9). */
    public void onMaxData(MaxDataFrame frame) {
        if (connectionCredit.raiseLimit(frame.maximumData())) {
            scheduler.connectionCreditRaised();
        }
    }

    /** A MAX_STREAM_DATA frame (RFC 9000 §19.10). */
    public void onMaxStreamData(MaxStreamDataFrame frame) throws QuicProtocolException {
        ManagedStream stream = incoming(frame.streamId(), IncomingStreamFrame.MAX_STREAM_DATA);
        if (stream != null && stream.sendCredit.raiseLimit(frame.maximumStreamData())) {
            scheduler.queueData(stream);
        }
    }

    /**
     * A MAX_STREAMS frame (RFC 9000 §19.11). Values above 2^60 (FRAME_ENCODING_ERROR) are rejected
     * by the frame decoder; a {@link MaxStreamsFrame} cannot hold one.
     */
    public void onMaxStreams(MaxStreamsFrame frame) throws QuicProtocolException {
        raiseStreamCount(frame.direction(), frame.maximumStreams());
    }

    /** A DATA_BLOCKED frame (RFC 9000 §19.12): informational; our MAX_DATA follows consumption. */
    public void onDataBlocked(DataBlockedFrame frame) {
        // Nothing to do: the connection window is raised as the application reads.
    }

    /** A STREAM_DATA_BLOCKED frame (RFC 9000 §19.13): checked (it may open streams), else informational. */
    public void onStreamDataBlocked(StreamDataBlockedFrame frame) throws QuicProtocolException {
        incoming(frame.streamId(), IncomingStreamFrame.STREAM_DATA_BLOCKED);
    }

    /**
     * A STREAMS_BLOCKED frame (RFC 9000 §19.14): informational; MAX_STREAMS follows closing streams.
     * Values above 2^60 (FRAME_ENCODING_ERROR) are rejected by the frame decoder.
     */
    public void onStreamsBlocked(StreamsBlockedFrame frame) throws QuicProtocolException {
        // Nothing to do: RemoteStreamLimit returns credit as the peer's streams close.
    }

    // ------------------------------------------------------------------ sending

    /** Whether {@link #writeFrames} has something to write: control frames, or data/FIN within flow control. */
    public boolean wantsToSend() {
        return scheduler.wantsToSend();
    }

    /**
     * Writes frames into {@code out} at its position, at most {@code maxBytes}: control frames
     * first, then STREAM frames (lost ranges before new data), round-robin across streams. Each
     * frame written is added to {@code sentFrames}; hand them back through {@link #onFrameAcked} /
     * {@link #onFrameLost}. {@code nowNanos} and {@code smoothedRttNanos} drive window auto-tuning.
     *
     * <p>A STREAM frame's data is a view of the send buffer, valid only until this call returns (the
     * bytes are already encoded into {@code out}); acknowledgement and loss use only its stream,
     * offset, length and FIN. Allocates only the frame records (and, per STREAM frame, the data view
     * and a {@link StreamChunk}). May return 0 while {@link #wantsToSend()} holds when
     * {@code maxBytes} is too small for the next due frame.
     *
     * @return bytes written
     */
    public int writeFrames(ByteBuffer out, int maxBytes, List<Frame> sentFrames, long nowNanos, long smoothedRttNanos) {
        return scheduler.writeFrames(out, maxBytes, sentFrames, nowNanos, smoothedRttNanos);
    }

    /** A frame from {@link #writeFrames} was acknowledged; other frame types are ignored. */
    public void onFrameAcked(Frame frame) {
        scheduler.onFrameAcked(frame);
    }

    /** A frame from {@link #writeFrames} was declared lost: what it carried is queued again (RFC 9000 §13.3). */
    public void onFrameLost(Frame frame) {
        scheduler.onFrameLost(frame);
    }

    // ------------------------------------------------------------------ internals shared with the scheduler

    /** Whether a StreamsAvailable event is owed for {@code direction} once the limit allows. */
    boolean streamsBlockedWanted(StreamDirection direction) {
        return streamsAvailableWanted[direction.ordinal()];
    }

    /** Removes the stream once both parts are finished (RFC 9000 §3.3), returning stream credit (§4.6). */
    void maybeClose(ManagedStream stream) {
        if (stream.closed || !stream.sendPartDone() || !stream.receivePartDone()) {
            return;
        }
        stream.closed = true;
        streams.remove(stream.streamId);
        if (stream.peerInitiated) {
            rules.remote(StreamIdRules.directionOf(stream.streamId)).streamClosed();
        }
        events.add(new StreamEvent.StreamClosed(stream.streamId));
    }

    void queueWritable(ManagedStream stream) {
        if (stream.writeWanted && !stream.writableQueued && stream.sendBuffer.writableBytes() > 0) {
            stream.writeWanted = false;
            stream.writableQueued = true;
            events.add(stream.writableEvent());
        }
    }

    private void queueReadable(ManagedStream stream) {
        if (!stream.readableQueued) {
            stream.readableQueued = true;
            events.add(stream.readableEvent());
        }
    }

    private void resetSendingPart(ManagedStream stream, long applicationErrorCode) {
        if (!stream.sendState.canSendData() || stream.resetDue) {
            return;
        }
        stream.resetErrorCode = applicationErrorCode;
        stream.resetFinalSize = stream.sendBuffer.discard();
        stream.sendEvent(SendStreamEvent.SEND_RESET_STREAM);
        stream.resetDue = true;
        stream.streamDataBlockedDue = false;
        scheduler.queueControl(stream);
    }

    private void raiseStreamCount(StreamDirection direction, long maximumStreams) {
        if (rules.local(direction).raiseLimit(maximumStreams) && streamsAvailableWanted[direction.ordinal()]
                && rules.local(direction).canOpen()) {
            streamsAvailableWanted[direction.ordinal()] = false;
            events.add(new StreamEvent.StreamsAvailable(direction));
        }
    }

    /** Charges a stream's advance at the connection level (RFC 9000 §4.1), released at once if discarding. */
    private void chargeConnection(ManagedStream stream, long advance) throws QuicProtocolException {
        connectionWindow.receiveMore(advance);
        if (stream.receiver.isDiscarding()) {
            connectionWindow.consume(advance);
        }
    }

    /** Checks a peer frame's stream ID, opens implied peer streams; returns the stream or null if closed. */
    private ManagedStream incoming(long streamId, IncomingStreamFrame kind) throws QuicProtocolException {
        long lowestNew = rules.checkIncoming(streamId, kind);
        if (lowestNew >= 0) {
            // RFC 9000 §3.2: opening a stream opens all lower-numbered streams of the same type.
            for (long id = lowestNew; id <= streamId; id += 4) {
                createStream(id, true);
                events.add(new StreamEvent.PeerOpened(id));
            }
        }
        return streams.get(streamId);
    }

    private void createStream(long streamId, boolean peerInitiated) {
        boolean bidirectional = StreamId.isBidirectional(streamId);
        SendBuffer sendBuffer = null;
        SendCredit sendCredit = null;
        if (bidirectional || !peerInitiated) {
            sendBuffer = new SendBuffer(local.sendBufferBytesPerStream(), local.maxRangesPerStream());
            sendCredit = new SendCredit(peerSendLimit(streamId));
        }
        ReceiveAssembler receiver = null;
        if (bidirectional || peerInitiated) {
            long initialWindow = !bidirectional ? local.initialMaxStreamDataUni()
                    : peerInitiated ? local.initialMaxStreamDataBidiRemote() : local.initialMaxStreamDataBidiLocal();
            receiver = new ReceiveAssembler(new ReceiveWindow(initialWindow, local.maxStreamWindow()),
                    local.maxRangesPerStream());
        }
        streams.put(streamId, new ManagedStream(streamId, peerInitiated, sendBuffer, sendCredit, receiver));
    }

    /** The peer's initial MAX_STREAM_DATA for a stream we send on (RFC 9000 §18.2). */
    private long peerSendLimit(long streamId) {
        if (StreamId.isUnidirectional(streamId)) {
            return peerMaxStreamDataUni;
        }
        // The peer's "bidi_local" covers streams the peer opened; "bidi_remote" covers ours.
        return rules.isLocallyInitiated(streamId) ? peerMaxStreamDataBidiRemote : peerMaxStreamDataBidiLocal;
    }

    private ManagedStream sendingStream(long streamId, String action) {
        checkApplicationStream(streamId, action);
        if (!rules.canSendOn(streamId)) {
            throw new IllegalArgumentException("cannot " + action + " receive-only stream " + streamId);
        }
        return streams.get(streamId);
    }

    private ManagedStream receivingStream(long streamId, String action) {
        checkApplicationStream(streamId, action);
        if (!rules.canReceiveOn(streamId)) {
            throw new IllegalArgumentException("cannot " + action + " send-only stream " + streamId);
        }
        return streams.get(streamId);
    }

    /** The application may name only streams that were opened (by either side). */
    private void checkApplicationStream(long streamId, String action) {
        if (streamId < 0 || streamId > dev.jquic.core.codec.VarInt.MAX_VALUE) {
            throw new IllegalArgumentException("invalid stream ID " + streamId);
        }
        StreamDirection direction = StreamIdRules.directionOf(streamId);
        boolean opened = rules.isLocallyInitiated(streamId)
                ? rules.local(direction).isOpened(streamId)
                : StreamId.index(streamId) < rules.remote(direction).openedCount();
        if (!opened) {
            throw new IllegalArgumentException("cannot " + action + " stream " + streamId + ": not opened");
        }
    }

    private static void requireVarInt(long applicationErrorCode) {
        if (!dev.jquic.core.codec.VarInt.isValid(applicationErrorCode)) {
            throw new IllegalArgumentException("error code out of range 0..2^62-1: " + applicationErrorCode);
        }
    }
}
