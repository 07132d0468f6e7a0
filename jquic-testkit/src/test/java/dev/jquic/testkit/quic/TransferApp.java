package dev.jquic.testkit.quic;

import dev.jquic.core.connection.Connection;
import dev.jquic.core.connection.ConnectionEvent;
import dev.jquic.core.frame.StreamDirection;
import dev.jquic.core.stream.StreamEvent;
import dev.jquic.core.stream.StreamManager;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A test application: once the handshake completes it opens {@code streamsToOpen} bidirectional
 * streams and sends {@code bytesPerStream} bytes of a deterministic pattern on each, then FIN;
 * it reads every stream the peer opens and checks each byte against the same pattern, counting
 * streams received completely. Mismatches are recorded, not thrown (the network would swallow
 * nothing, but a test should see every failure at the end).
 */
final class TransferApp implements QuicNode.Application {

    private final int streamsToOpen;
    private final long bytesPerStream;
    private final int chunkBytes;
    private final List<Long> sendingStreams = new ArrayList<>();
    private final java.util.LinkedHashSet<Long> streamsStillWriting = new java.util.LinkedHashSet<>();
    private final Map<Long, Long> sentOffsets = new HashMap<>();
    private final Map<Long, Long> receivedOffsets = new HashMap<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private boolean opened;
    /** Streams received to their end, or reset by the peer. */
    int streamsCompletelyReceived;
    int streamsResetByPeer;
    long bytesReceived;
    private final java.util.Set<Long> abandoned = new java.util.HashSet<>();
    final List<String> failures = new ArrayList<>();
    long completedAtNanos = -1;
    long expectedIncomingStreams;

    TransferApp(int streamsToOpen, long bytesPerStream, long expectedIncomingStreams) {
        this.streamsToOpen = streamsToOpen;
        this.bytesPerStream = bytesPerStream;
        this.expectedIncomingStreams = expectedIncomingStreams;
        this.chunkBytes = 16 * 1024;
    }

    /** The byte at {@code offset} of stream {@code streamId}. */
    static byte patternByte(long streamId, long offset) {
        long x = offset * 0x9E3779B97F4A7C15L + streamId * 0xBF58476D1CE4E5B9L;
        return (byte) (x >>> 56 ^ offset);
    }

    boolean receivedAll() {
        return streamsCompletelyReceived == expectedIncomingStreams;
    }

    boolean sentAll() {
        if (sendingStreams.size() < streamsToOpen) {
            return false;
        }
        for (long id : sendingStreams) {
            if (sentOffsets.get(id) < bytesPerStream && !abandoned.contains(id)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void onEvent(QuicNode node, ConnectionEvent event, long nowNanos) {
        if (event instanceof ConnectionEvent.Stream stream && stream.event() instanceof StreamEvent.Readable readable) {
            read(node.connection(), readable.streamId(), nowNanos);
        } else if (event instanceof ConnectionEvent.Stream stream
                && stream.event() instanceof StreamEvent.PeerOpened peerOpened) {
            read(node.connection(), peerOpened.streamId(), nowNanos);
        } else if (event instanceof ConnectionEvent.Stream stream
                && stream.event() instanceof StreamEvent.PeerReset reset) {
            onPeerReset(reset.streamId(), nowNanos);
        }
    }

    /** RFC 9000 §3.2: the sender abandoned the stream; it ends here, its bytes so far checked. */
    private void onPeerReset(long streamId, long nowNanos) {
        if (receivedOffsets.getOrDefault(streamId, 0L) < 0) {
            return;
        }
        receivedOffsets.put(streamId, -1L);
        streamsCompletelyReceived++;
        streamsResetByPeer++;
        if (receivedAll()) {
            completedAtNanos = nowNanos;
        }
    }

    /** Stops writing stream {@code streamId} and resets it (RFC 9000 §3.1, RESET_STREAM). */
    void reset(Connection connection, long streamId, long applicationErrorCode) {
        if (abandoned.add(streamId)) {
            streamsStillWriting.remove(streamId);
            connection.resetStream(streamId, applicationErrorCode);
        }
    }

    /** The streams this side opened, in order. */
    List<Long> sendingStreams() {
        return List.copyOf(sendingStreams);
    }

    /** Bytes handed to stream {@code streamId} so far. */
    long sentOffset(long streamId) {
        return sentOffsets.getOrDefault(streamId, 0L);
    }

    @Override
    public void afterInput(QuicNode node, long nowNanos) {
        Connection connection = node.connection();
        if (connection == null || !connection.state().isEstablished()) {
            return;
        }
        if (!opened) {
            opened = true;
            for (int i = 0; i < streamsToOpen; i++) {
                long id = connection.openStream(StreamDirection.BIDIRECTIONAL);
                if (id == StreamManager.NO_STREAM) {
                    failures.add("could not open stream " + i);
                    break;
                }
                sendingStreams.add(id);
                streamsStillWriting.add(id);
                sentOffsets.put(id, 0L);
            }
        }
        for (java.util.Iterator<Long> unfinished = streamsStillWriting.iterator(); unfinished.hasNext();) {
            long id = unfinished.next();
            long offset = sentOffsets.get(id);
            ByteBuffer pending = pendingChunks.get(id);
            while (offset < bytesPerStream) {
                if (pending == null || !pending.hasRemaining()) {
                    // Generate the next chunk once; a chunk the stream did not take waits here.
                    int length = (int) Math.min(chunkBytes, bytesPerStream - offset);
                    pending = ByteBuffer.allocate(length);
                    for (int i = 0; i < length; i++) {
                        pending.put(patternByte(id, offset + i));
                    }
                    pending.flip();
                    pendingChunks.put(id, pending);
                }
                int accepted = connection.write(id, pending);
                offset += accepted;
                if (pending.hasRemaining()) {
                    break;
                }
            }
            sentOffsets.put(id, offset);
            if (offset == bytesPerStream && finished.add(id)) {
                connection.finish(id);
                unfinished.remove();
            }
        }
    }

    private final Map<Long, ByteBuffer> pendingChunks = new HashMap<>();
    private final java.util.Set<Long> finished = new java.util.HashSet<>();

    private void read(Connection connection, long streamId, long nowNanos) {
        long offset = receivedOffsets.getOrDefault(streamId, 0L);
        if (offset < 0) {
            return;
        }
        if (connection.streams().isResetByPeer(streamId)) {
            // A reset stream reads -1 too, which is no FIN.
            connection.streams().resetSeen(streamId);
            onPeerReset(streamId, nowNanos);
            return;
        }
        while (true) {
            readBuffer.clear();
            int read = connection.read(streamId, readBuffer);
            if (read == -1) {
                if (offset != bytesPerStreamExpected()) {
                    failures.add("stream " + streamId + " ended at " + offset);
                }
                streamsCompletelyReceived++;
                receivedOffsets.put(streamId, -1L);
                if (receivedAll()) {
                    completedAtNanos = nowNanos;
                }
                return;
            }
            if (read == 0) {
                break;
            }
            readBuffer.flip();
            for (int i = 0; i < read; i++) {
                byte expected = patternByte(streamId, offset + i);
                if (readBuffer.get(i) != expected && failures.size() < 10) {
                    failures.add("stream " + streamId + " byte " + (offset + i) + " differs");
                }
            }
            offset += read;
            bytesReceived += read;
        }
        receivedOffsets.put(streamId, offset);
    }

    long peerBytesPerStream = -1;

    private long bytesPerStreamExpected() {
        return peerBytesPerStream >= 0 ? peerBytesPerStream : bytesPerStream;
    }
}
