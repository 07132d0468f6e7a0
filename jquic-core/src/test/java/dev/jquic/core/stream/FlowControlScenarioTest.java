package dev.jquic.core.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.frame.DataBlockedFrame;
import dev.jquic.core.frame.MaxDataFrame;
import dev.jquic.core.frame.MaxStreamDataFrame;
import dev.jquic.core.frame.StreamDataBlockedFrame;
import dev.jquic.core.frame.StreamFrame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One stream over a simulated path, driven the way the connection will drive these pieces:
 * stream- and connection-level credit on the sender, windows on the receiver, MAX_STREAM_DATA /
 * MAX_DATA and the blocked frames as frame records, one batch per round trip (RFC 9000 §4).
 */
class FlowControlScenarioTest {
    private static final long STREAM_ID = 0;
    private static final long RTT_NANOS = 20_000_000L;
    private static final int PACKET_PAYLOAD = 1200;

    @Test
    void oneStreamGrowsItsWindowsToFillAFatPipe() throws QuicProtocolException {
        byte[] stream = new byte[3_000_000];
        new Random(7).nextBytes(stream);
        ByteBuffer source = ByteBuffer.wrap(stream);

        SendBuffer sendBuffer = new SendBuffer(1 << 22, 1024);
        SendCredit streamCredit = new SendCredit(16 * 1024);
        SendCredit connectionCredit = new SendCredit(32 * 1024);

        ReceiveWindow streamWindow = new ReceiveWindow(16 * 1024, 1 << 20);
        ReceiveWindow connectionWindow = new ReceiveWindow(32 * 1024, 2 << 20);
        ReceiveAssembler assembler = new ReceiveAssembler(streamWindow, 1024);
        ByteBuffer received = ByteBuffer.allocate(stream.length);

        long now = 0;
        List<Long> bytesPerRoundTrip = new ArrayList<>();
        int blockedFrames = 0;
        while (!assembler.isAllDataRead()) {
            // Sender: write, then send as much as both credits allow, one round trip's worth.
            if (!sendBuffer.isFinished()) {
                sendBuffer.write(source);
                if (!source.hasRemaining()) {
                    sendBuffer.finish();
                }
            }
            List<StreamFrame> inFlight = new ArrayList<>();
            long sentThisRound = 0;
            while (true) {
                long flowLimit = Math.min(streamCredit.limit(), sendBuffer.sendOffset() + connectionCredit.available());
                int maxPayload = PACKET_PAYLOAD - StreamFrame.overhead(STREAM_ID, sendBuffer.sendOffset(), PACKET_PAYLOAD);
                StreamChunk chunk = sendBuffer.nextChunk(maxPayload, flowLimit);
                if (chunk == null) {
                    break;
                }
                if (!chunk.retransmission()) {
                    streamCredit.consume(chunk.length());
                    connectionCredit.consume(chunk.length());
                }
                sentThisRound += chunk.length();
                inFlight.add(new StreamFrame(STREAM_ID, chunk.offset(), chunk.data(), chunk.fin()));
            }
            if (sendBuffer.isBlockedBy(Math.min(streamCredit.limit(), sendBuffer.sendOffset() + connectionCredit.available()))) {
                if (streamCredit.needsBlockedFrame()) {
                    StreamDataBlockedFrame blocked = new StreamDataBlockedFrame(STREAM_ID, streamCredit.limit());
                    assertEquals(streamCredit.limit(), blocked.maximumStreamData());
                    streamCredit.blockedFrameSent();
                    blockedFrames++;
                }
                if (connectionCredit.needsBlockedFrame()) {
                    new DataBlockedFrame(connectionCredit.limit());
                    connectionCredit.blockedFrameSent();
                    blockedFrames++;
                }
            }
            bytesPerRoundTrip.add(sentThisRound);
            now += RTT_NANOS / 2;

            // Receiver: take the frames, read everything, send window updates.
            for (StreamFrame frame : inFlight) {
                connectionWindow.receiveMore(assembler.receive(frame));
                sendBuffer.onAcked(frame.offset(), frame.length(), frame.fin());
            }
            int read;
            while ((read = assembler.read(received)) > 0) {
                connectionWindow.consume(read);
            }
            MaxStreamDataFrame maxStreamData = null;
            MaxDataFrame maxData = null;
            if (streamWindow.shouldSendUpdate()) {
                maxStreamData = new MaxStreamDataFrame(STREAM_ID, streamWindow.advanceLimit(now, RTT_NANOS));
                // The connection window keeps room for the stream window to grow into.
                connectionWindow.growWindowTo(2 * streamWindow.window());
            }
            if (connectionWindow.shouldSendUpdate()) {
                maxData = new MaxDataFrame(connectionWindow.advanceLimit(now, RTT_NANOS));
            }
            now += RTT_NANOS / 2;

            // Sender: apply the updates.
            if (maxStreamData != null) {
                streamCredit.raiseLimit(maxStreamData.maximumStreamData());
            }
            if (maxData != null) {
                connectionCredit.raiseLimit(maxData.maximumData());
            }
            assertTrue(bytesPerRoundTrip.size() < 1000, "no progress");
        }
        assertArrayEquals(stream, received.array());
        assertTrue(sendBuffer.isAllDataAcked());
        assertEquals(1 << 20, streamWindow.window());
        assertTrue(connectionWindow.window() >= 2 * streamWindow.window() || connectionWindow.window() == 2 << 20);
        assertTrue(blockedFrames > 0, "the small initial windows block the sender at first");
        // The first round trip carries the initial windows; later ones carry much more.
        long best = bytesPerRoundTrip.stream().mapToLong(Long::longValue).max().orElse(0);
        assertTrue(best >= 512 * 1024, "best round trip only " + best);
        assertEquals(16 * 1024, bytesPerRoundTrip.get(0));
        // Doubling each round trip from 16 KiB reaches 1 MiB in a handful: 3 MB takes 9 round trips.
        assertTrue(bytesPerRoundTrip.size() <= 10, bytesPerRoundTrip::toString);
    }
}
