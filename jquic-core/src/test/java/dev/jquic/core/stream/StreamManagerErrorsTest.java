package dev.jquic.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.frame.MaxStreamDataFrame;
import dev.jquic.core.frame.ResetStreamFrame;
import dev.jquic.core.frame.StopSendingFrame;
import dev.jquic.core.frame.StreamDataBlockedFrame;
import dev.jquic.core.frame.StreamDirection;
import dev.jquic.core.frame.StreamFrame;
import dev.jquic.core.types.EndpointRole;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Peer frames that break RFC 9000 §19 / §4 rules, and application misuse. The local endpoint is the server. */
class StreamManagerErrorsTest {
    // Server-side view: client bidi 0, 4, ...; server bidi 1, 5, ...; client uni 2, 6, ...; server uni 3, 7, ...
    private final StreamManager server = newServer();

    private static StreamManager newServer() {
        StreamManager manager = new StreamManager(EndpointRole.SERVER, StreamPair.smallLimits());
        manager.onPeerLimits(1 << 20, 1 << 16, 1 << 16, 1 << 16, 10, 10);
        return manager;
    }

    private static StreamFrame data(long streamId, long offset, int length, boolean fin) {
        return new StreamFrame(streamId, offset, ByteBuffer.allocate(length), fin);
    }

    private static void assertError(TransportError expected, Executable action) {
        QuicProtocolException error = assertThrows(QuicProtocolException.class, action);
        assertEquals(expected.code(), error.errorCode(), error.toString());
    }

    @Test
    void streamFrameOnOurOwnUnidirectionalStreamIsAStreamStateError() {
        assertEquals(3, server.openStream(StreamDirection.UNIDIRECTIONAL));
        assertError(TransportError.STREAM_STATE_ERROR, () -> server.onStreamFrame(data(3, 0, 1, false)));
        assertError(TransportError.STREAM_STATE_ERROR, () -> server.onResetStream(new ResetStreamFrame(3, 0, 0)));
        assertError(TransportError.STREAM_STATE_ERROR,
                () -> server.onStreamDataBlocked(new StreamDataBlockedFrame(3, 0)));
    }

    @Test
    void sendSideFramesOnThePeersUnidirectionalStreamAreStreamStateErrors() {
        assertError(TransportError.STREAM_STATE_ERROR, () -> server.onStopSending(new StopSendingFrame(2, 0)));
        assertError(TransportError.STREAM_STATE_ERROR, () -> server.onMaxStreamData(new MaxStreamDataFrame(2, 100)));
    }

    @Test
    void framesForOurStreamsNotYetOpenedAreStreamStateErrors() {
        assertError(TransportError.STREAM_STATE_ERROR, () -> server.onStreamFrame(data(1, 0, 1, false)));
        assertError(TransportError.STREAM_STATE_ERROR, () -> server.onMaxStreamData(new MaxStreamDataFrame(5, 100)));
        assertError(TransportError.STREAM_STATE_ERROR, () -> server.onStopSending(new StopSendingFrame(1, 0)));
    }

    @Test
    void peerStreamsBeyondOurLimitAreStreamLimitErrors() {
        // smallLimits grants 3 streams of each kind: indexes 0..2.
        assertError(TransportError.STREAM_LIMIT_ERROR, () -> server.onStreamFrame(data(12, 0, 0, false)));
        assertError(TransportError.STREAM_LIMIT_ERROR, () -> server.onStreamFrame(data(14, 0, 0, false)));
        assertError(TransportError.STREAM_LIMIT_ERROR, () -> server.onResetStream(new ResetStreamFrame(12, 0, 0)));
    }

    @Test
    void dataBeyondTheStreamWindowIsAFlowControlError() {
        // The peer's unidirectional streams get a 4 KiB window.
        assertError(TransportError.FLOW_CONTROL_ERROR, () -> server.onStreamFrame(data(2, 4000, 97, false)));
    }

    @Test
    void dataBeyondTheConnectionWindowIsAFlowControlError() throws QuicProtocolException {
        // 16 KiB connection window; each stream may take 4 KiB: the fifth stream's worth overruns it.
        server.onStreamFrame(data(0, 0, 4096, false));
        server.onStreamFrame(data(4, 0, 4096, false));
        server.onStreamFrame(data(8, 0, 4096, false));
        server.onStreamFrame(data(2, 0, 4096, false));
        assertError(TransportError.FLOW_CONTROL_ERROR, () -> server.onStreamFrame(data(6, 4095, 1, false)));
    }

    @Test
    void aResetStreamFinalSizeCountsAgainstTheConnectionWindow() throws QuicProtocolException {
        server.onStreamFrame(data(0, 0, 4096, false));
        server.onStreamFrame(data(4, 0, 4096, false));
        server.onStreamFrame(data(8, 0, 4096, false));
        server.onStreamFrame(data(2, 0, 4096, false));
        assertError(TransportError.FLOW_CONTROL_ERROR, () -> server.onResetStream(new ResetStreamFrame(6, 0, 1)));
    }

    @Test
    void finalSizeViolationsAreFinalSizeErrors() throws QuicProtocolException {
        server.onStreamFrame(data(0, 0, 10, true));
        assertError(TransportError.FINAL_SIZE_ERROR, () -> server.onStreamFrame(data(0, 10, 1, false)));
        assertError(TransportError.FINAL_SIZE_ERROR, () -> server.onStreamFrame(data(0, 0, 5, true)));
        assertError(TransportError.FINAL_SIZE_ERROR, () -> server.onResetStream(new ResetStreamFrame(0, 0, 11)));
        server.onStreamFrame(data(4, 0, 100, false));
        assertError(TransportError.FINAL_SIZE_ERROR, () -> server.onResetStream(new ResetStreamFrame(4, 0, 50)));
        assertError(TransportError.FINAL_SIZE_ERROR, () -> server.onStreamFrame(data(4, 0, 50, true)));
    }

    @Test
    void framesForAClosedPeerStreamAreIgnored() throws QuicProtocolException {
        server.onStreamFrame(data(2, 0, 3, true));
        ByteBuffer buffer = ByteBuffer.allocate(10);
        assertEquals(3, server.read(2, buffer));
        assertEquals(-1, server.read(2, buffer));
        assertFalse(server.isOpen(2));
        server.onStreamFrame(data(2, 0, 3, true)); // a retransmission
        server.onResetStream(new ResetStreamFrame(2, 1, 3));
        assertFalse(server.isOpen(2));
        assertEquals(1, server.streamsOpenedByPeer());
    }

    @Test
    void emptyStreamFramesAreFineAndLowerStreamsOpenImplicitly() throws QuicProtocolException {
        server.onStreamFrame(data(8, 0, 0, false));
        assertTrue(server.isOpen(0) && server.isOpen(4) && server.isOpen(8));
        server.onStreamFrame(data(8, 0, 0, false));
        assertEquals(3, server.openStreamCount());
        assertEquals(new StreamEvent.PeerOpened(0), server.pollEvent());
        assertEquals(new StreamEvent.PeerOpened(4), server.pollEvent());
        assertEquals(new StreamEvent.PeerOpened(8), server.pollEvent());
        assertNull(server.pollEvent());
        assertEquals(0, server.read(8, ByteBuffer.allocate(1)));
        assertFalse(server.wantsToSend());
    }

    @Test
    void applicationMisuseThrowsClearExceptions() throws QuicProtocolException {
        server.onStreamFrame(data(2, 0, 0, false)); // the client's unidirectional stream 2
        ByteBuffer bytes = ByteBuffer.wrap(new byte[4]);
        assertThrows(IllegalArgumentException.class, () -> server.write(2, bytes));
        assertThrows(IllegalArgumentException.class, () -> server.write(0, bytes)); // not opened by the client
        assertThrows(IllegalArgumentException.class, () -> server.write(1, bytes)); // not opened by us
        assertThrows(IllegalArgumentException.class, () -> server.resetStream(2, 0));
        long uni = server.openStream(StreamDirection.UNIDIRECTIONAL);
        assertThrows(IllegalArgumentException.class, () -> server.read(uni, ByteBuffer.allocate(1)));
        assertThrows(IllegalArgumentException.class, () -> server.stopSending(uni, 0));
        assertThrows(IllegalArgumentException.class, () -> server.resetStream(uni, -1));
        server.finish(uni);
        assertThrows(IllegalStateException.class, () -> server.write(uni, bytes));
        long bidi = server.openStream(StreamDirection.BIDIRECTIONAL);
        server.resetStream(bidi, 3);
        assertThrows(IllegalStateException.class, () -> server.write(bidi, bytes));
        assertEquals(0, server.writableBytes(bidi));
    }

    @Test
    void limitsAreValidated() {
        assertThrows(IllegalArgumentException.class,
                () -> new StreamLimits(100, 10, 10, 10, 1, 1, 50, 10, 10, 1)); // max connection window < initial
        assertThrows(IllegalArgumentException.class,
                () -> new StreamLimits(100, 10, 20, 10, 1, 1, 100, 10, 10, 1)); // max stream window < initial
        assertThrows(IllegalArgumentException.class,
                () -> new StreamLimits(100, 10, 10, 10, (1L << 60) + 1, 1, 100, 10, 10, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new StreamLimits(100, 10, 10, 10, 1, 1, 100, 10, 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new StreamLimits(-1, 10, 10, 10, 1, 1, 100, 10, 10, 1));
        StreamLimits defaults = StreamLimits.defaults();
        assertTrue(defaults.maxStreamWindow() >= 8 * defaults.initialMaxStreamDataBidiLocal());
    }
}
