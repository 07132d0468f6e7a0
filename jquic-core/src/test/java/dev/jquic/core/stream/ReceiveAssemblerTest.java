package dev.jquic.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.frame.StreamFrame;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** ReceiveAssembler: final size (RFC 9000 §4.5), flow control (§4.1), memory bound, discard. */
class ReceiveAssemblerTest {

    private static ByteBuffer bytes(int length) {
        return ByteBuffer.allocate(length);
    }

    private static ReceiveAssembler assembler(long window) {
        return new ReceiveAssembler(new ReceiveWindow(window, window), 64, 16);
    }

    private static void assertError(TransportError expected, Executable action) {
        QuicProtocolException error = assertThrows(QuicProtocolException.class, action::run);
        assertEquals(expected.code(), error.errorCode(), error.toString());
    }

    interface Executable {
        void run() throws QuicProtocolException;
    }

    @Test
    void dataBeyondTheFinalSizeIsAFinalSizeError() throws QuicProtocolException {
        ReceiveAssembler assembler = assembler(1000);
        assembler.receive(0, bytes(10), true);
        assertError(TransportError.FINAL_SIZE_ERROR, () -> assembler.receive(5, bytes(6), false));
        assembler.receive(5, bytes(5), false); // up to the final size is fine
    }

    @Test
    void aChangedFinalSizeIsAFinalSizeError() throws QuicProtocolException {
        ReceiveAssembler assembler = assembler(1000);
        assembler.receive(10, bytes(10), true);
        assertError(TransportError.FINAL_SIZE_ERROR, () -> assembler.receive(0, bytes(10), true));
        assertError(TransportError.FINAL_SIZE_ERROR, () -> assembler.reset(25));
        assertError(TransportError.FINAL_SIZE_ERROR, () -> assembler.reset(19));
        assembler.receive(10, bytes(10), true); // the same final size again is fine
        assertEquals(0, assembler.reset(20));
    }

    @Test
    void aFinalSizeBelowReceivedDataIsAFinalSizeError() throws QuicProtocolException {
        ReceiveAssembler assembler = assembler(1000);
        assembler.receive(50, bytes(10), false);
        assertError(TransportError.FINAL_SIZE_ERROR, () -> assembler.receive(0, bytes(30), true));
        assertError(TransportError.FINAL_SIZE_ERROR, () -> assembler.reset(59));
        assertEquals(-1, assembler.finalSize());
        assertEquals(40, assembler.reset(100));
    }

    @Test
    void dataBeyondTheAdvertisedLimitIsAFlowControlError() throws QuicProtocolException {
        ReceiveAssembler assembler = assembler(100);
        assembler.receive(90, bytes(10), false);
        assertError(TransportError.FLOW_CONTROL_ERROR, () -> assembler.receive(95, bytes(6), false));
        assertError(TransportError.FLOW_CONTROL_ERROR, () -> assembler.reset(101));
    }

    @Test
    void memoryStaysWithinTheWindowEvenForFarOffsets() throws QuicProtocolException {
        ReceiveAssembler assembler = assembler(1024);
        assembler.receive(1023, bytes(1), false);
        assertEquals(1, assembler.allocatedPages());
        assertEquals(0, assembler.readableBytes());
        assembler.receive(0, bytes(16), false);
        assertEquals(2, assembler.allocatedPages());
        assertEquals(16, assembler.read(ByteBuffer.allocate(100)));
        assertEquals(1, assembler.allocatedPages());
    }

    @Test
    void advancesCountOnlyNewHighestOffsets() throws QuicProtocolException {
        ReceiveAssembler assembler = assembler(1000);
        assertEquals(20, assembler.receive(10, bytes(10), false));
        assertEquals(0, assembler.receive(0, bytes(10), false));
        assertEquals(5, assembler.receive(15, bytes(10), false));
        assertEquals(25, assembler.window().highestReceived());
    }

    @Test
    void readsDeliverInOrderAndSignalTheEnd() throws QuicProtocolException {
        ReceiveAssembler assembler = assembler(1000);
        byte[] data = {1, 2, 3, 4, 5, 6};
        assembler.receive(new StreamFrame(0, 3, ByteBuffer.wrap(data, 3, 3), true));
        ByteBuffer out = ByteBuffer.allocate(10);
        assertEquals(0, assembler.read(out));
        assertFalse(assembler.isAllDataReceived());
        assembler.receive(new StreamFrame(0, 0, ByteBuffer.wrap(data, 0, 3), false));
        assertTrue(assembler.isAllDataReceived());
        assertEquals(6, assembler.read(out));
        assertEquals(-1, assembler.read(out));
        assertEquals(ByteBuffer.wrap(data), out.flip());
        assertTrue(assembler.isAllDataRead());
        assertEquals(6, assembler.window().consumed());
    }

    @Test
    void tooMuchFragmentationIsRefused() throws QuicProtocolException {
        ReceiveAssembler assembler = new ReceiveAssembler(new ReceiveWindow(1000, 1000), 3, 16);
        assembler.receive(10, bytes(1), false);
        assembler.receive(20, bytes(1), false);
        assembler.receive(30, bytes(1), false);
        assembler.receive(11, bytes(2), false); // extends a range: no new range needed
        assertError(TransportError.PROTOCOL_VIOLATION, () -> assembler.receive(40, bytes(1), false));
    }

    @Test
    void discardReleasesUnreadBytesAndLaterArrivals() throws QuicProtocolException {
        ReceiveAssembler assembler = assembler(1000);
        assembler.receive(0, bytes(10), false);
        assembler.receive(20, bytes(10), false);
        assertEquals(4, assembler.read(ByteBuffer.allocate(4)));
        assertEquals(26, assembler.discard());
        assertTrue(assembler.isDiscarding());
        assertEquals(0, assembler.allocatedPages());
        assertEquals(10, assembler.receive(30, bytes(10), false));
        assertEquals(40, assembler.window().consumed());
        assertEquals(60, assembler.reset(100));
        assertEquals(100, assembler.window().consumed());
        assertEquals(0, assembler.discard());
        assertEquals(-1, assembler.read(ByteBuffer.allocate(4)));
        // Final-size rules still hold while discarding.
        assertError(TransportError.FINAL_SIZE_ERROR, () -> assembler.receive(100, bytes(1), false));
    }

    @Test
    void holdsAllTellsARetransmissionOfHeldDataFromNewData() throws QuicProtocolException {
        ReceiveAssembler assembler = assembler(1000);
        assertFalse(assembler.holdsAll(0, 0, false), "an empty frame repeats nothing");
        assertFalse(assembler.holdsAll(0, 10, false));
        assembler.receive(0, bytes(10), false);
        assembler.receive(20, bytes(10), false);
        assertTrue(assembler.holdsAll(0, 10, false));
        assertTrue(assembler.holdsAll(22, 30, false));
        assertFalse(assembler.holdsAll(5, 25, false), "bytes 10..20 are new");
        assertFalse(assembler.holdsAll(20, 30, true), "the FIN is new");
        assembler.read(ByteBuffer.allocate(10));
        assertTrue(assembler.holdsAll(0, 10, false), "bytes already read");
        assembler.receive(30, bytes(0), true);
        assertTrue(assembler.holdsAll(20, 30, true));
        assertTrue(assembler.holdsAll(30, 30, true), "a FIN-only frame once the final size is known");
    }
}
