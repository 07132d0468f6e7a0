package dev.jquic.core.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Scenarios of {@link StreamManager} pairs: flow control, MAX_STREAMS, resets, scheduling, events (RFC 9000 §2-§4). */
class StreamManagerTest {

    private static List<StreamEvent> drain(StreamManager manager) {
        List<StreamEvent> events = new ArrayList<>();
        StreamEvent event;
        while ((event = manager.pollEvent()) != null) {
            events.add(event);
        }
        return events;
    }

    private static byte[] readAll(StreamManager manager, long streamId) {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        while (manager.read(streamId, buffer) > 0) {
            // keep reading
        }
        byte[] bytes = new byte[buffer.position()];
        buffer.flip().get(bytes);
        return bytes;
    }

    private static boolean anyOf(List<Frame> frames, Class<?> type) {
        return frames.stream().anyMatch(type::isInstance);
    }

    @Test
    void nothingIsSentBeforeThePeerLimitsAreKnown() {
        StreamManager manager = new StreamManager(dev.jquic.core.types.EndpointRole.CLIENT, StreamLimits.defaults());
        assertEquals(StreamManager.NO_STREAM, manager.openStream(StreamDirection.BIDIRECTIONAL));
        manager.onPeerLimits(1000, 1000, 1000, 1000, 1, 0);
        assertEquals(0, manager.openStream(StreamDirection.BIDIRECTIONAL));
        assertEquals(StreamManager.NO_STREAM, manager.openStream(StreamDirection.UNIDIRECTIONAL));
    }

    @Test
    void streamFlowControlBlocksThenMaxStreamDataUnblocks() throws QuicProtocolException {
        StreamPair pair = new StreamPair(StreamPair.smallLimits());
        long id = pair.client.openStream(StreamDirection.UNIDIRECTIONAL);
        assertEquals(2, id);
        byte[] data = new byte[6000];
        new java.util.Random(3).nextBytes(data);
        assertEquals(6000, pair.client.write(id, ByteBuffer.wrap(data)));
        pair.client.finish(id);
        List<Frame> all = new ArrayList<>();
        for (int i = 0; i < 10 && pair.client.wantsToSend(); i++) {
            all.addAll(pair.clientToServer());
        }
        // The server's uni window is 4 KiB: the client stops there and says so (RFC 9000 §4.1).
        assertTrue(all.contains(new StreamDataBlockedFrame(id, 4096)), all.toString());
        assertFalse(pair.client.wantsToSend());
        assertEquals(4096, pair.server.readableBytes(id));
        byte[] first = readAll(pair.server, id);
        assertEquals(4096, first.length);
        assertTrue(pair.server.wantsToSend());
        List<Frame> update = pair.serverToClient();
        assertTrue(anyOf(update, MaxStreamDataFrame.class), update.toString());
        pair.pump(20);
        byte[] rest = readAll(pair.server, id);
        byte[] got = new byte[first.length + rest.length];
        System.arraycopy(first, 0, got, 0, first.length);
        System.arraycopy(rest, 0, got, first.length, rest.length);
        assertArrayEquals(data, got);
        assertEquals(-1, pair.server.read(id, ByteBuffer.allocate(10)));
    }

    @Test
    void connectionFlowControlBlocksAcrossStreamsThenMaxDataUnblocks() throws QuicProtocolException {
        StreamLimits limits = new StreamLimits(6000, 4096, 4096, 4096, 10, 10, 64 * 1024, 32 * 1024, 8192, 64);
        StreamPair pair = new StreamPair(limits);
        long[] ids = new long[3];
        for (int i = 0; i < 3; i++) {
            ids[i] = pair.client.openStream(StreamDirection.UNIDIRECTIONAL);
            pair.client.write(ids[i], ByteBuffer.wrap(new byte[3000]));
        }
        List<Frame> all = new ArrayList<>();
        for (int i = 0; i < 20 && pair.client.wantsToSend(); i++) {
            all.addAll(pair.clientToServer());
        }
        long streamBytes = all.stream().filter(StreamFrame.class::isInstance)
                .mapToLong(frame -> ((StreamFrame) frame).length()).sum();
        assertEquals(6000, streamBytes);
        assertTrue(all.contains(new DataBlockedFrame(6000)), all.toString());
        for (long id : ids) {
            readAll(pair.server, id);
        }
        List<Frame> update = pair.serverToClient();
        assertTrue(update.stream().anyMatch(f -> f instanceof MaxDataFrame m && m.maximumData() > 6000), update.toString());
        pair.pump(20);
        int total = 0;
        for (long id : ids) {
            total += readAll(pair.server, id).length;
        }
        assertEquals(9000 - 6000, total);
    }

    @Test
    void maxStreamsExhaustionSendsStreamsBlockedAndClosingStreamsRaiseIt() throws QuicProtocolException {
        StreamPair pair = new StreamPair(StreamPair.smallLimits()); // 3 concurrent streams each way
        for (int i = 0; i < 3; i++) {
            assertEquals(4L * i, pair.client.openStream(StreamDirection.BIDIRECTIONAL));
        }
        assertEquals(StreamManager.NO_STREAM, pair.client.openStream(StreamDirection.BIDIRECTIONAL));
        assertTrue(pair.client.wantsToSend());
        List<Frame> frames = pair.clientToServer();
        assertTrue(frames.contains(new StreamsBlockedFrame(StreamDirection.BIDIRECTIONAL, 3)), frames.toString());
        assertEquals(3, pair.client.openStreamCount());

        // Close stream 0 on both sides: each finishes its sending part and reads the other's FIN.
        pair.client.finish(0);
        pair.pump(5);
        assertEquals(-1, pair.server.read(0, ByteBuffer.allocate(1)));
        pair.server.finish(0);
        pair.pump(5);
        assertEquals(-1, pair.client.read(0, ByteBuffer.allocate(1)));
        pair.pump(5);
        assertFalse(pair.server.isOpen(0));
        assertFalse(pair.client.isOpen(0));
        assertTrue(drain(pair.server).contains(new StreamEvent.StreamClosed(0)));
        // RemoteStreamLimit returns credit in batches of half the concurrency (here 1).
        assertTrue(drain(pair.client).contains(new StreamEvent.StreamsAvailable(StreamDirection.BIDIRECTIONAL)));
        assertEquals(12, pair.client.openStream(StreamDirection.BIDIRECTIONAL));
    }

    @Test
    void resetStreamReachesThePeerWithItsCodeAndFinalSize() throws QuicProtocolException {
        StreamPair pair = new StreamPair(StreamPair.smallLimits());
        long id = pair.client.openStream(StreamDirection.BIDIRECTIONAL);
        pair.client.write(id, ByteBuffer.wrap(new byte[100]));
        pair.clientToServer();
        pair.client.write(id, ByteBuffer.wrap(new byte[50])); // never sent: discarded by the reset
        pair.client.resetStream(id, 77);
        assertEquals(0, pair.client.writableBytes(id));
        List<Frame> frames = pair.clientToServer();
        assertEquals(List.of(new ResetStreamFrame(id, 77, 100)), frames);
        List<StreamEvent> events = drain(pair.server);
        assertTrue(events.contains(new StreamEvent.PeerOpened(id)));
        assertTrue(events.contains(new StreamEvent.PeerReset(id, 77, 100)), events.toString());
        assertEquals(-1, pair.server.read(id, ByteBuffer.allocate(10)));
        // The server still owns its sending part; closing it closes the stream on both sides.
        pair.server.finish(id);
        pair.pump(5);
        assertEquals(-1, pair.client.read(id, ByteBuffer.allocate(10)));
        pair.pump(5);
        assertFalse(pair.client.isOpen(id));
        assertFalse(pair.server.isOpen(id));
    }

    @Test
    void aResetBeforeAnyDataOpensAUnidirectionalStreamAtThePeerAndReachesIt() throws QuicProtocolException {
        StreamPair pair = new StreamPair(StreamPair.smallLimits());
        long id = pair.client.openStream(StreamDirection.UNIDIRECTIONAL);
        pair.client.write(id, ByteBuffer.wrap(new byte[3])); // never sent: discarded by the reset
        pair.client.resetStream(id, 7);
        List<Frame> frames = pair.clientToServer();
        assertEquals(List.of(new ResetStreamFrame(id, 7, 0)), frames);
        List<StreamEvent> events = drain(pair.server);
        assertTrue(events.contains(new StreamEvent.PeerOpened(id)), events.toString());
        assertTrue(events.contains(new StreamEvent.PeerReset(id, 7, 0)), events.toString());
        assertEquals(-1, pair.server.read(id, ByteBuffer.allocate(10)));
    }

    @Test
    void aPeerResetUnidirectionalStreamStaysOpenUntilTheApplicationSawTheReset() throws QuicProtocolException {
        StreamPair pair = new StreamPair(StreamPair.smallLimits());
        long id = pair.client.openStream(StreamDirection.UNIDIRECTIONAL);
        pair.client.write(id, ByteBuffer.wrap(new byte[3]));
        pair.clientToServer();
        pair.client.resetStream(id, 7);
        pair.clientToServer();
        List<StreamEvent> events = drain(pair.server);
        assertTrue(events.contains(new StreamEvent.PeerOpened(id)), events.toString());
        assertTrue(events.contains(new StreamEvent.PeerReset(id, 7, 3)), events.toString());
        // Polling is not seeing: an endpoint drains events in batches ahead of the application.
        assertTrue(pair.server.isOpen(id), "closed before the application saw the stream");
        assertTrue(pair.server.isResetByPeer(id));
        pair.server.resetSeen(id);
        assertFalse(pair.server.isOpen(id), "the reset, once seen, ends the only part");
        assertTrue(drain(pair.server).contains(new StreamEvent.StreamClosed(id)));
    }

    @Test
    void stopSendingMakesThePeerResetWithTheSameCode() throws QuicProtocolException {
        StreamPair pair = new StreamPair(StreamPair.smallLimits());
        long id = pair.server.openStream(StreamDirection.UNIDIRECTIONAL);
        assertEquals(3, id);
        pair.server.write(id, ByteBuffer.wrap(new byte[10_000]));
        pair.serverToClient();
        drain(pair.client);
        pair.client.stopSending(id, 9);
        assertEquals(-1, pair.client.read(id, ByteBuffer.allocate(10)));
        List<Frame> frames = pair.clientToServer();
        assertTrue(frames.contains(new StopSendingFrame(id, 9)), frames.toString());
        List<StreamEvent> events = drain(pair.server);
        assertTrue(events.contains(new StreamEvent.PeerStopSending(id, 9)), events.toString());
        List<Frame> reply = pair.serverToClient();
        assertTrue(reply.stream().anyMatch(f -> f instanceof ResetStreamFrame r && r.applicationErrorCode() == 9), reply.toString());
        pair.pump(10);
        assertFalse(pair.server.isOpen(id));
        assertFalse(pair.client.isOpen(id));
        assertFalse(pair.server.wantsToSend());
    }

    @Test
    void lostResetStreamAndStopSendingAreSentAgainUntilAcked() throws QuicProtocolException {
        StreamPair pair = new StreamPair(StreamPair.smallLimits());
        long id = pair.client.openStream(StreamDirection.BIDIRECTIONAL);
        pair.client.resetStream(id, 5);
        pair.client.stopSending(id, 6);
        ByteBuffer packet = ByteBuffer.allocate(1200);
        List<Frame> sent = new ArrayList<>();
        pair.client.writeFrames(packet, 1200, sent, 0, StreamPair.RTT_NANOS);
        assertEquals(Set.of(new ResetStreamFrame(id, 5, 0), new StopSendingFrame(id, 6)), new HashSet<>(sent));
        assertFalse(pair.client.wantsToSend());
        sent.forEach(pair.client::onFrameLost);
        List<Frame> again = new ArrayList<>();
        pair.client.writeFrames(packet.clear(), 1200, again, 0, StreamPair.RTT_NANOS);
        assertEquals(new HashSet<>(sent), new HashSet<>(again));
    }

    @Test
    void lostMaxDataIsResentOnlyWhileItIsTheLatestValue() throws QuicProtocolException {
        StreamPair pair = new StreamPair(StreamPair.smallLimits());
        long id = pair.client.openStream(StreamDirection.UNIDIRECTIONAL);
        pair.client.write(id, ByteBuffer.wrap(new byte[4096]));
        pair.pump(10);
        readAll(pair.server, id);
        List<Frame> sent = new ArrayList<>();
        pair.server.writeFrames(ByteBuffer.allocate(1200), 1200, sent, 0, StreamPair.RTT_NANOS);
        MaxStreamDataFrame maxStreamData = (MaxStreamDataFrame) sent.stream()
                .filter(MaxStreamDataFrame.class::isInstance).findFirst().orElseThrow();
        sent.forEach(pair.server::onFrameLost);
        List<Frame> again = new ArrayList<>();
        pair.server.writeFrames(ByteBuffer.allocate(1200), 1200, again, 0, StreamPair.RTT_NANOS);
        assertTrue(again.contains(maxStreamData), again.toString());
        // A stale value (not the current limit) is not resent.
        pair.server.onFrameLost(new MaxStreamDataFrame(id, maxStreamData.maximumStreamData() - 1));
        pair.server.onFrameLost(new MaxDataFrame(1));
        assertFalse(pair.server.wantsToSend());
    }

    @Test
    void lostBlockedFramesAreSentAgainWhileStillBlocked() {
        StreamLimits limits = new StreamLimits(6000, 4096, 4096, 4096, 1, 1, 64 * 1024, 32 * 1024, 8192, 64);
        StreamManager client = new StreamManager(dev.jquic.core.types.EndpointRole.CLIENT, limits);
        client.onPeerLimits(6000, 4096, 4096, 4096, 1, 1);
        long first = client.openStream(StreamDirection.UNIDIRECTIONAL);
        long second = client.openStream(StreamDirection.BIDIRECTIONAL);
        assertEquals(StreamManager.NO_STREAM, client.openStream(StreamDirection.UNIDIRECTIONAL));
        client.write(first, ByteBuffer.wrap(new byte[5000]));
        List<Frame> blocked = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            if (!client.wantsToSend()) {
                if (client.writableBytes(second) == 0) {
                    break;
                }
                client.write(second, ByteBuffer.wrap(new byte[8192])); // the first is stream-blocked now
            }
            List<Frame> sent = new ArrayList<>();
            client.writeFrames(ByteBuffer.allocate(1200), 1200, sent, 0, StreamPair.RTT_NANOS);
            sent.stream().filter(f -> !(f instanceof StreamFrame)).forEach(blocked::add);
            sent.stream().filter(StreamFrame.class::isInstance).forEach(client::onFrameAcked);
        }
        assertTrue(blocked.contains(new StreamsBlockedFrame(StreamDirection.UNIDIRECTIONAL, 1)), blocked.toString());
        assertTrue(blocked.contains(new StreamDataBlockedFrame(first, 4096)), blocked.toString());
        assertTrue(blocked.contains(new DataBlockedFrame(6000)), blocked.toString());
        assertFalse(client.wantsToSend());
        blocked.forEach(client::onFrameLost);
        List<Frame> again = new ArrayList<>();
        client.writeFrames(ByteBuffer.allocate(1200), 1200, again, 0, StreamPair.RTT_NANOS);
        assertEquals(new HashSet<>(blocked), new HashSet<>(again));
        // Once the limits rise, a stale loss report queues nothing.
        client.onMaxData(new MaxDataFrame(7000));
        client.onFrameLost(new DataBlockedFrame(6000));
        List<Frame> after = new ArrayList<>();
        client.writeFrames(ByteBuffer.allocate(1200), 1200, after, 0, StreamPair.RTT_NANOS);
        assertFalse(after.contains(new DataBlockedFrame(6000)), after.toString());
    }

    @Test
    void smallStreamsShareOnePacketAndLargeOnesTakeTurns() throws QuicProtocolException {
        StreamPair pair = new StreamPair(StreamLimits.defaults());
        for (int i = 0; i < 3; i++) {
            long id = pair.client.openStream(StreamDirection.UNIDIRECTIONAL);
            pair.client.write(id, ByteBuffer.wrap(new byte[10]));
            pair.client.finish(id);
        }
        List<Frame> packet = pair.clientToServer();
        assertEquals(3, packet.stream().filter(f -> f instanceof StreamFrame s && s.fin()).count(), packet.toString());

        long[] big = new long[3];
        for (int i = 0; i < 3; i++) {
            big[i] = pair.client.openStream(StreamDirection.BIDIRECTIONAL);
            pair.client.write(big[i], ByteBuffer.wrap(new byte[100_000]));
        }
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            for (Frame frame : pair.clientToServer()) {
                if (frame instanceof StreamFrame s) {
                    seen.add(s.streamId());
                }
            }
        }
        assertEquals(Set.of(big[0], big[1], big[2]), seen);
    }

    @Test
    void readableIsCoalescedAndWritableFollowsAFullBuffer() throws QuicProtocolException {
        StreamPair pair = new StreamPair(StreamPair.smallLimits()); // 8 KiB send buffer
        long id = pair.client.openStream(StreamDirection.UNIDIRECTIONAL);
        assertEquals(8192, pair.client.write(id, ByteBuffer.wrap(new byte[10_000])));
        assertEquals(0, pair.client.writableBytes(id));
        for (int i = 0; i < 4; i++) {
            pair.clientToServer();
        }
        List<StreamEvent> serverEvents = drain(pair.server);
        assertEquals(List.of(new StreamEvent.PeerOpened(id), new StreamEvent.Readable(id)), serverEvents);
        List<StreamEvent> clientEvents = drain(pair.client);
        assertEquals(List.of(new StreamEvent.Writable(id)), clientEvents);
        assertTrue(pair.client.writableBytes(id) > 0);
        assertNull(pair.client.pollEvent());
    }

    @Test
    void allDataAckedAndStreamClosedEvents() throws QuicProtocolException {
        StreamPair pair = new StreamPair(StreamPair.smallLimits());
        long id = pair.client.openStream(StreamDirection.UNIDIRECTIONAL);
        pair.client.write(id, ByteBuffer.wrap(new byte[]{1, 2, 3}));
        pair.client.finish(id);
        pair.clientToServer();
        assertEquals(List.of(new StreamEvent.AllDataAcked(id), new StreamEvent.StreamClosed(id)), drain(pair.client));
        assertEquals(0, pair.client.openStreamCount());
        assertArrayEquals(new byte[]{1, 2, 3}, readAll(pair.server, id));
        assertEquals(-1, pair.server.read(id, ByteBuffer.allocate(1)));
        assertFalse(pair.server.isOpen(id));
        assertEquals(-1, pair.server.read(id, ByteBuffer.allocate(1))); // closed: still end of stream
    }

    @Test
    void aSingleStreamGrowsItsWindowByAutoTuning() throws QuicProtocolException {
        StreamPair pair = new StreamPair(StreamLimits.defaults());
        pair.nanosPerPacket = StreamPair.RTT_NANOS / 1000; // about 1000 packets per round trip
        long id = pair.client.openStream(StreamDirection.UNIDIRECTIONAL);
        byte[] chunk = new byte[256 * 1024];
        long totalRead = 0;
        long maxAdvertised = 0;
        for (int round = 0; round < 400; round++) {
            pair.client.write(id, ByteBuffer.wrap(chunk));
            for (int i = 0; i < 200 && pair.client.wantsToSend(); i++) {
                pair.clientToServer();
            }
            totalRead += readAll(pair.server, id).length;
            for (Frame frame : pair.serverToClient()) {
                if (frame instanceof MaxStreamDataFrame m) {
                    maxAdvertised = m.maximumStreamData();
                }
            }
        }
        assertTrue(totalRead > 10_000_000, "read " + totalRead);
        // Windows start at 512 KiB; auto-tuning keeps several MiB of credit ahead of the reader.
        assertTrue(maxAdvertised - totalRead > 4 * 1024 * 1024, "credit ahead " + (maxAdvertised - totalRead));
    }

    @Test
    void maxStreamsBeyondTwoToTheSixtyIsAFrameEncodingError() {
        ByteBuffer bytes = ByteBuffer.allocate(9);
        bytes.put((byte) 0x12);
        dev.jquic.core.codec.VarInt.write(bytes, (1L << 60) + 1);
        bytes.flip();
        QuicProtocolException error = org.junit.jupiter.api.Assertions.assertThrows(QuicProtocolException.class,
                () -> dev.jquic.core.frame.FrameDecoder.decodeAll(bytes, dev.jquic.core.types.PacketType.ONE_RTT));
        assertEquals(dev.jquic.core.codec.TransportError.FRAME_ENCODING_ERROR.code(), error.errorCode());
        // Values up to 2^60 are applied.
        StreamManager manager = new StreamManager(dev.jquic.core.types.EndpointRole.CLIENT, StreamLimits.defaults());
        try {
            manager.onMaxStreams(new MaxStreamsFrame(StreamDirection.UNIDIRECTIONAL, 1L << 60));
        } catch (QuicProtocolException e) {
            throw new AssertionError(e);
        }
        assertEquals(2, manager.openStream(StreamDirection.UNIDIRECTIONAL));
    }
}
