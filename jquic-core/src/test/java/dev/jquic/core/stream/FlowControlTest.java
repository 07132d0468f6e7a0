package dev.jquic.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import org.junit.jupiter.api.Test;

/** SendCredit and ReceiveWindow (RFC 9000 §4.1, §4.2): credit, blocked frames, updates, auto-tuning. */
class FlowControlTest {
    private static final long RTT_NANOS = 50_000_000L;

    @Test
    void sendCreditIgnoresLimitsThatDoNotGrow() {
        SendCredit credit = new SendCredit(100);
        credit.consume(60);
        assertEquals(40, credit.available());
        assertFalse(credit.raiseLimit(100));
        assertFalse(credit.raiseLimit(50));
        assertEquals(100, credit.limit());
        assertTrue(credit.raiseLimit(150));
        assertEquals(90, credit.available());
        assertThrows(IllegalArgumentException.class, () -> credit.consume(91));
    }

    @Test
    void blockedFrameIsDueOncePerLimitAndAgainWhenLost() {
        SendCredit credit = new SendCredit(10);
        assertFalse(credit.needsBlockedFrame());
        credit.consume(10);
        assertTrue(credit.isBlocked());
        assertTrue(credit.needsBlockedFrame());
        credit.blockedFrameSent();
        assertFalse(credit.needsBlockedFrame());
        credit.blockedFrameLost(10);
        assertTrue(credit.needsBlockedFrame());
        credit.blockedFrameSent();
        credit.raiseLimit(20);
        assertFalse(credit.needsBlockedFrame());
        credit.consume(10);
        assertTrue(credit.needsBlockedFrame());
        credit.blockedFrameLost(10); // an older report: not the current limit
        credit.blockedFrameSent();
        credit.blockedFrameLost(10);
        assertFalse(credit.needsBlockedFrame());
    }

    @Test
    void receiverRejectsDataBeyondItsLimit() throws QuicProtocolException {
        ReceiveWindow window = new ReceiveWindow(100, 100);
        assertEquals(100, window.receiveUpTo(100));
        QuicProtocolException error = assertThrows(QuicProtocolException.class, () -> window.receiveUpTo(101));
        assertEquals(TransportError.FLOW_CONTROL_ERROR.code(), error.errorCode());

        ReceiveWindow connection = new ReceiveWindow(100, 100);
        connection.receiveMore(60);
        connection.receiveMore(40);
        error = assertThrows(QuicProtocolException.class, () -> connection.receiveMore(1));
        assertEquals(TransportError.FLOW_CONTROL_ERROR.code(), error.errorCode());
    }

    @Test
    void updateIsDueWhenHalfTheWindowIsConsumed() throws QuicProtocolException {
        ReceiveWindow window = new ReceiveWindow(100, 100);
        window.receiveUpTo(100);
        window.consume(49);
        assertFalse(window.shouldSendUpdate());
        window.consume(1);
        assertTrue(window.shouldSendUpdate());
        assertEquals(150, window.advanceLimit(0, RTT_NANOS));
        assertFalse(window.shouldSendUpdate());
        assertThrows(IllegalArgumentException.class, () -> window.consume(51));
    }

    @Test
    void fastUpdatesGrowTheWindowUpToTheMaximum() throws QuicProtocolException {
        ReceiveWindow window = new ReceiveWindow(1000, 8000);
        long now = 0;
        long received = 0;
        int updates = 0;
        // A reader that keeps up with a fat pipe: the window is consumed within one RTT.
        while (updates < 10) {
            received = window.limit();
            window.receiveUpTo(received);
            window.consume(received - window.consumed());
            assertTrue(window.shouldSendUpdate());
            now += RTT_NANOS;
            window.advanceLimit(now, RTT_NANOS);
            updates++;
        }
        assertEquals(8000, window.window());
        assertEquals(window.consumed() + 8000, window.limit());
    }

    @Test
    void slowUpdatesKeepTheWindow() throws QuicProtocolException {
        ReceiveWindow window = new ReceiveWindow(1000, 8000);
        long now = 0;
        for (int i = 0; i < 5; i++) {
            window.receiveUpTo(window.limit());
            window.consume(window.highestReceived() - window.consumed());
            now += 3 * RTT_NANOS;
            window.advanceLimit(now, RTT_NANOS);
        }
        assertEquals(1000, window.window());
    }

    @Test
    void advertisedLimitNeverExceedsTheLargestVarInt() throws QuicProtocolException {
        long max = dev.jquic.core.codec.VarInt.MAX_VALUE;
        ReceiveWindow window = new ReceiveWindow(max - 10, max);
        window.receiveUpTo(max - 10);
        window.consume(max - 10);
        assertTrue(window.shouldSendUpdate());
        assertEquals(max, window.advanceLimit(0, RTT_NANOS));
        assertEquals(max, window.advanceLimit(1, RTT_NANOS)); // fast again: the window grows, the limit cannot
        assertEquals(max, window.window());
    }

    @Test
    void connectionWindowCanFollowAStreamWindow() {
        ReceiveWindow connection = new ReceiveWindow(1000, 4000);
        connection.growWindowTo(3000);
        assertEquals(3000, connection.window());
        connection.growWindowTo(10_000);
        assertEquals(4000, connection.window());
        connection.growWindowTo(10);
        assertEquals(4000, connection.window());
        assertEquals(4000, connection.advanceLimit(0, RTT_NANOS));
    }
}
