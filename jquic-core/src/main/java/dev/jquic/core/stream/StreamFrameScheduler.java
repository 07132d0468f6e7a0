package dev.jquic.core.stream;

import dev.jquic.core.codec.VarInt;
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
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The sending half of {@link StreamManager}: decides which frames go into the next packet
 * (control frames, then STREAM frames round-robin across streams, RFC 9000 §2.3) and applies
 * their acknowledgement or loss (§13.3: only lost data and the latest flow-control values are
 * sent again). Streams wait in queues, so a call costs nothing for idle streams and allocates only
 * the frames it returns (and the views of their data).
 *
 * <p>Not thread-safe: confined to the connection's owner thread.
 */
final class StreamFrameScheduler {

    /** Stream payload bytes sent again after a loss (statistics). */
    long bytesRetransmitted;
    private static final StreamDirection[] DIRECTIONS = StreamDirection.values();

    private final StreamManager manager;
    private final StreamIdRules rules;
    /** Streams that may have data or a FIN to send, in round-robin order. */
    private final ArrayDeque<ManagedStream> sendQueue = new ArrayDeque<>();
    /** Streams with a stream-specific control frame due. */
    private final ArrayDeque<ManagedStream> controlQueue = new ArrayDeque<>();
    /** Streams with new data that only the connection's credit (MAX_DATA) holds back. */
    private final ArrayDeque<ManagedStream> connectionBlocked = new ArrayDeque<>();
    private boolean maxDataDue;
    private final boolean[] maxStreamsDue = new boolean[2];

    private ByteBuffer out;
    private int budget;
    private List<Frame> sent;

    StreamFrameScheduler(StreamManager manager, StreamIdRules rules) {
        this.manager = manager;
        this.rules = rules;
    }

    void queueData(ManagedStream stream) {
        if (!stream.inSendQueue && !stream.closed && stream.sendState.canSendData()) {
            stream.inSendQueue = true;
            sendQueue.add(stream);
        }
    }

    void queueControl(ManagedStream stream) {
        if (!stream.inControlQueue && !stream.closed) {
            stream.inControlQueue = true;
            controlQueue.add(stream);
        }
    }

    void connectionCreditRaised() {
        ManagedStream stream;
        while ((stream = connectionBlocked.poll()) != null) {
            stream.waitingForConnectionCredit = false;
            queueData(stream);
        }
    }

    boolean wantsToSend() {
        if (maxDataDue || manager.connectionWindow.shouldSendUpdate() || !controlQueue.isEmpty() || dataBlockedDue()) {
            return true;
        }
        for (StreamDirection direction : DIRECTIONS) {
            if (maxStreamsDue[direction.ordinal()] || rules.remote(direction).shouldSendMaxStreams()
                    || streamsBlockedDue(direction)) {
                return true;
            }
        }
        // The head of the queue usually has data: answer without an iterator (called per datagram).
        ManagedStream head = sendQueue.peek();
        if (head != null && canSendNow(head)) {
            return true;
        }
        for (ManagedStream stream : sendQueue) {
            if (canSendNow(stream)) {
                return true;
            }
        }
        return false;
    }

    private boolean canSendNow(ManagedStream stream) {
        return !stream.closed && stream.sendState.canSendData()
                && stream.sendBuffer.hasDataToSend(stream.flowLimitOffset(manager.connectionCredit));
    }

    int writeFrames(ByteBuffer out, int maxBytes, List<Frame> sentFrames, long nowNanos, long smoothedRttNanos) {
        int start = out.position();
        this.out = out;
        this.budget = start + Math.min(maxBytes, out.remaining());
        this.sent = sentFrames;
        try {
            if (writeControlFrames(nowNanos, smoothedRttNanos)) {
                writeStreamFrames();
                if (dataBlockedDue() && put(new DataBlockedFrame(manager.connectionCredit.limit()))) {
                    manager.connectionCredit.blockedFrameSent();
                }
            }
            return out.position() - start;
        } finally {
            this.out = null;
            this.sent = null;
        }
    }

    /** @return whether every due control frame fit */
    private boolean writeControlFrames(long nowNanos, long smoothedRttNanos) {
        ReceiveWindow connectionWindow = manager.connectionWindow;
        if (connectionWindow.shouldSendUpdate()) {
            connectionWindow.advanceLimit(nowNanos, smoothedRttNanos);
            maxDataDue = true;
        }
        if (maxDataDue) {
            if (!put(new MaxDataFrame(connectionWindow.limit()))) {
                return false;
            }
            maxDataDue = false;
        }
        for (StreamDirection direction : DIRECTIONS) {
            RemoteStreamLimit remote = rules.remote(direction);
            if (remote.shouldSendMaxStreams()) {
                remote.advanceLimit();
                maxStreamsDue[direction.ordinal()] = true;
            }
            if (maxStreamsDue[direction.ordinal()]) {
                if (!put(new MaxStreamsFrame(direction, remote.limit()))) {
                    return false;
                }
                maxStreamsDue[direction.ordinal()] = false;
            }
            if (streamsBlockedDue(direction)) {
                if (!put(new StreamsBlockedFrame(direction, rules.local(direction).limit()))) {
                    return false;
                }
                rules.local(direction).blockedFrameSent();
            }
        }
        if (dataBlockedDue()) {
            if (!put(new DataBlockedFrame(manager.connectionCredit.limit()))) {
                return false;
            }
            manager.connectionCredit.blockedFrameSent();
        }
        ManagedStream stream;
        while ((stream = controlQueue.peek()) != null) {
            if (!stream.closed && !writeStreamControl(stream, nowNanos, smoothedRttNanos)) {
                return false;
            }
            controlQueue.poll();
            stream.inControlQueue = false;
        }
        return true;
    }

    /** @return whether all of the stream's due control frames fit */
    private boolean writeStreamControl(ManagedStream stream, long nowNanos, long smoothedRttNanos) {
        if (stream.maxStreamDataDue) {
            ReceiveWindow window = stream.receiver.window();
            if (stream.receiveState.needsFlowControlUpdates() && !stream.receiver.isDiscarding()) {
                if (window.shouldSendUpdate()) {
                    window.advanceLimit(nowNanos, smoothedRttNanos);
                    // The connection window keeps ahead of a stream window that auto-tuning grew.
                    manager.connectionWindow.growWindowTo(window.window() + window.window() / 2);
                }
                if (!put(new MaxStreamDataFrame(stream.streamId, window.limit()))) {
                    return false;
                }
            }
            stream.maxStreamDataDue = false;
        }
        if (stream.streamDataBlockedDue) {
            if (stream.sendState.canSendData() && stream.sendCredit.needsBlockedFrame()) {
                if (!put(new StreamDataBlockedFrame(stream.streamId, stream.sendCredit.limit()))) {
                    return false;
                }
                stream.sendCredit.blockedFrameSent();
            }
            stream.streamDataBlockedDue = false;
        }
        if (stream.resetDue) {
            if (!put(new ResetStreamFrame(stream.streamId, stream.resetErrorCode, stream.resetFinalSize))) {
                return false;
            }
            stream.resetDue = false;
        }
        if (stream.stopSendingDue) {
            if (peerMaySend(stream)) {
                if (!put(new StopSendingFrame(stream.streamId, stream.stopSendingErrorCode))) {
                    return false;
                }
            }
            stream.stopSendingDue = false;
        }
        return true;
    }

    /** STREAM frames, one chunk per stream in turn, until the budget or the queue runs out. */
    private void writeStreamFrames() {
        SendCredit connectionCredit = manager.connectionCredit;
        ManagedStream stream;
        while ((stream = sendQueue.peek()) != null) {
            if (stream.closed || !stream.sendState.canSendData()) {
                dequeue(stream);
                continue;
            }
            SendBuffer buffer = stream.sendBuffer;
            long flowLimit = stream.flowLimitOffset(connectionCredit);
            if (!buffer.hasDataToSend(flowLimit)) {
                dequeue(stream);
                noteBlocked(stream, flowLimit);
                continue;
            }
            int room = budget - out.position();
            // Lost ranges and a bare FIN lie at or below sendOffset, so this bounds the real header.
            int headerBound = 1 + VarInt.encodedLength(stream.streamId) + VarInt.encodedLength(buffer.sendOffset())
                    + VarInt.encodedLength(Math.max(room, 0));
            if (room < headerBound) {
                return;
            }
            StreamChunk chunk = buffer.nextChunk(room - headerBound, flowLimit);
            if (chunk == null) {
                return; // only data is left and no byte of it fits
            }
            if (!chunk.retransmission()) {
                stream.sendCredit.consume(chunk.length());
                connectionCredit.consume(chunk.length());
            } else {
                bytesRetransmitted += chunk.length();
            }
            StreamFrame frame = new StreamFrame(stream.streamId, chunk.offset(), chunk.data(), chunk.fin());
            frame.encode(out);
            sent.add(frame);
            stream.sendEvent(chunk.fin() ? SendStreamEvent.SEND_STREAM_WITH_FIN : SendStreamEvent.SEND_STREAM);
            sendQueue.poll();
            long newFlowLimit = stream.flowLimitOffset(connectionCredit);
            if (buffer.hasDataToSend(newFlowLimit)) {
                sendQueue.add(stream);
            } else {
                stream.inSendQueue = false;
                noteBlocked(stream, newFlowLimit);
            }
        }
    }

    private void dequeue(ManagedStream stream) {
        sendQueue.poll();
        stream.inSendQueue = false;
    }

    /** New data waits on flow control: queue STREAM_DATA_BLOCKED, or wait for MAX_DATA (RFC 9000 §4.1). */
    private void noteBlocked(ManagedStream stream, long flowLimit) {
        if (!stream.sendBuffer.isBlockedBy(flowLimit)) {
            return;
        }
        if (stream.sendBuffer.sendOffset() >= stream.sendCredit.limit()) {
            if (stream.sendCredit.needsBlockedFrame()) {
                stream.streamDataBlockedDue = true;
                queueControl(stream);
            }
        } else if (!stream.waitingForConnectionCredit) {
            stream.waitingForConnectionCredit = true;
            connectionBlocked.add(stream);
        }
    }

    private boolean put(Frame frame) {
        if (frame.encodedLength() > budget - out.position()) {
            return false;
        }
        frame.encode(out);
        sent.add(frame);
        return true;
    }

    private boolean dataBlockedDue() {
        return !connectionBlocked.isEmpty() && manager.connectionCredit.needsBlockedFrame();
    }

    private boolean streamsBlockedDue(StreamDirection direction) {
        return manager.streamsBlockedWanted(direction) && rules.local(direction).needsBlockedFrame();
    }

    private static boolean peerMaySend(ManagedStream stream) {
        return stream.receiveState == ReceiveStreamState.RECV || stream.receiveState == ReceiveStreamState.SIZE_KNOWN;
    }

    // ------------------------------------------------------------------ acknowledgement and loss

    void onFrameAcked(Frame frame) {
        if (frame instanceof StreamFrame streamFrame) {
            ManagedStream stream = manager.streams.get(streamFrame.streamId());
            if (stream == null || !stream.canSend()) {
                return;
            }
            stream.sendBuffer.onAcked(streamFrame.offset(), streamFrame.length(), streamFrame.fin());
            if (stream.sendState == SendStreamState.DATA_SENT && stream.sendBuffer.isAllDataAcked()) {
                stream.sendEvent(SendStreamEvent.RECEIVE_ALL_ACKS);
                manager.events.add(new StreamEvent.AllDataAcked(stream.streamId));
                manager.maybeClose(stream);
            } else if (stream.sendState.canSendData()) {
                manager.queueWritable(stream);
            }
        } else if (frame instanceof ResetStreamFrame reset) {
            ManagedStream stream = manager.streams.get(reset.streamId());
            if (stream != null && stream.canSend() && stream.sendState == SendStreamState.RESET_SENT) {
                stream.sendEvent(SendStreamEvent.RECEIVE_RESET_ACK);
                manager.maybeClose(stream);
            }
        }
    }

    void onFrameLost(Frame frame) {
        if (frame instanceof StreamFrame streamFrame) {
            ManagedStream stream = manager.streams.get(streamFrame.streamId());
            if (stream != null && stream.canSend() && stream.sendState.canSendData()) {
                stream.sendBuffer.onLost(streamFrame.offset(), streamFrame.length(), streamFrame.fin());
                queueData(stream);
            }
        } else if (frame instanceof ResetStreamFrame reset) {
            ManagedStream stream = manager.streams.get(reset.streamId());
            if (stream != null && stream.canSend() && stream.sendState == SendStreamState.RESET_SENT) {
                stream.resetDue = true;
                queueControl(stream);
            }
        } else if (frame instanceof StopSendingFrame stopSending) {
            ManagedStream stream = manager.streams.get(stopSending.streamId());
            if (stream != null && stream.canReceive() && peerMaySend(stream)) {
                stream.stopSendingDue = true;
                queueControl(stream);
            }
        } else if (frame instanceof MaxDataFrame maxData) {
            // RFC 9000 §13.3: only the most recent MAX_DATA value is resent.
            if (maxData.maximumData() == manager.connectionWindow.limit()) {
                maxDataDue = true;
            }
        } else if (frame instanceof MaxStreamDataFrame maxStreamData) {
            ManagedStream stream = manager.streams.get(maxStreamData.streamId());
            // RFC 9000 §13.3: MAX_STREAM_DATA is resent (latest value) until the Size Known state.
            if (stream != null && stream.canReceive() && stream.receiveState.needsFlowControlUpdates()
                    && maxStreamData.maximumStreamData() == stream.receiver.window().limit()) {
                stream.maxStreamDataDue = true;
                queueControl(stream);
            }
        } else if (frame instanceof MaxStreamsFrame maxStreams) {
            if (maxStreams.maximumStreams() == rules.remote(maxStreams.direction()).limit()) {
                maxStreamsDue[maxStreams.direction().ordinal()] = true;
            }
        } else if (frame instanceof DataBlockedFrame dataBlocked) {
            manager.connectionCredit.blockedFrameLost(dataBlocked.maximumData());
        } else if (frame instanceof StreamDataBlockedFrame streamDataBlocked) {
            ManagedStream stream = manager.streams.get(streamDataBlocked.streamId());
            if (stream != null && stream.canSend()) {
                stream.sendCredit.blockedFrameLost(streamDataBlocked.maximumStreamData());
                if (stream.sendState.canSendData() && stream.sendCredit.needsBlockedFrame()
                        && stream.sendBuffer.isBlockedBy(stream.sendCredit.limit())) {
                    stream.streamDataBlockedDue = true;
                    queueControl(stream);
                }
            }
        } else if (frame instanceof StreamsBlockedFrame streamsBlocked) {
            rules.local(streamsBlocked.direction()).blockedFrameLost(streamsBlocked.maximumStreams());
        }
    }
}
