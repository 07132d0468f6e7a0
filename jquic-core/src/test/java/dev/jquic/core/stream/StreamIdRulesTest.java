package dev.jquic.core.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.frame.StreamDirection;
import dev.jquic.core.types.EndpointRole;
import org.junit.jupiter.api.Test;

/** Stream-ID rules (RFC 9000 §2.1, §4.6, §19.4-§19.13) and MAX_STREAMS accounting. */
class StreamIdRulesTest {

    private static long errorCode(StreamIdRules rules, long streamId, IncomingStreamFrame frame) {
        try {
            rules.checkIncoming(streamId, frame);
            return -1;
        } catch (QuicProtocolException e) {
            return e.errorCode();
        }
    }

    @Test
    void everyFrameKindOnEveryStreamTypeForBothRoles() {
        long state = TransportError.STREAM_STATE_ERROR.code();
        for (EndpointRole role : EndpointRole.values()) {
            StreamIdRules rules = new StreamIdRules(role, 10, 10, 10, 10);
            long localBidirectional = rules.local(StreamDirection.BIDIRECTIONAL).open();
            long localUnidirectional = rules.local(StreamDirection.UNIDIRECTIONAL).open();
            long peerBidirectional = LocalStreamCredit.streamIdOf(peer(role), StreamDirection.BIDIRECTIONAL, 0);
            long peerUnidirectional = LocalStreamCredit.streamIdOf(peer(role), StreamDirection.UNIDIRECTIONAL, 0);
            for (IncomingStreamFrame frame : IncomingStreamFrame.values()) {
                boolean receiving = frame.concernsReceivingPart();
                assertEquals(-1, errorCode(rules, localBidirectional, frame), role + " " + frame);
                assertEquals(receiving ? state : -1, errorCode(rules, localUnidirectional, frame), role + " " + frame);
                assertEquals(-1, errorCode(rules, peerBidirectional, frame), role + " " + frame);
                assertEquals(receiving ? -1 : state, errorCode(rules, peerUnidirectional, frame), role + " " + frame);
                // A local stream not yet opened.
                long unopened = LocalStreamCredit.streamIdOf(role, StreamDirection.BIDIRECTIONAL, 1);
                assertEquals(state, errorCode(rules, unopened, frame), role + " " + frame);
            }
        }
    }

    private static EndpointRole peer(EndpointRole role) {
        return role == EndpointRole.CLIENT ? EndpointRole.SERVER : EndpointRole.CLIENT;
    }

    @Test
    void peerStreamsBeyondTheLimitAreAStreamLimitError() throws QuicProtocolException {
        // A client that allows the server 3 unidirectional streams: 3, 7 and 11, not 15 (RFC 9000 §4.6).
        StreamIdRules rules = new StreamIdRules(EndpointRole.CLIENT, 0, 0, 0, 3);
        assertEquals(3, rules.checkIncoming(11, IncomingStreamFrame.STREAM)); // opens 3, 7 and 11
        QuicProtocolException error = assertThrows(QuicProtocolException.class,
                () -> rules.checkIncoming(15, IncomingStreamFrame.STREAM));
        assertEquals(TransportError.STREAM_LIMIT_ERROR.code(), error.errorCode());
        error = assertThrows(QuicProtocolException.class,
                () -> rules.checkIncoming(1, IncomingStreamFrame.RESET_STREAM));
        assertEquals(TransportError.STREAM_LIMIT_ERROR.code(), error.errorCode());
    }

    @Test
    void peerStreamsOpenImplicitlyInOrder() throws QuicProtocolException {
        StreamIdRules rules = new StreamIdRules(EndpointRole.SERVER, 0, 0, 10, 10);
        assertEquals(0, rules.checkIncoming(8, IncomingStreamFrame.STREAM)); // opens 0, 4, 8
        assertEquals(-1, rules.checkIncoming(4, IncomingStreamFrame.STREAM));
        assertEquals(12, rules.checkIncoming(12, IncomingStreamFrame.MAX_STREAM_DATA));
        assertEquals(4, rules.remote(StreamDirection.BIDIRECTIONAL).openedCount());
        assertEquals(2, rules.checkIncoming(2, IncomingStreamFrame.STREAM_DATA_BLOCKED));
    }

    @Test
    void localStreamIdsFollowTheRoleAndDirection() {
        LocalStreamCredit clientBidirectional = new LocalStreamCredit(EndpointRole.CLIENT, StreamDirection.BIDIRECTIONAL, 2);
        assertEquals(0, clientBidirectional.open());
        assertEquals(4, clientBidirectional.open());
        assertEquals(-1, clientBidirectional.open());
        LocalStreamCredit serverUnidirectional = new LocalStreamCredit(EndpointRole.SERVER, StreamDirection.UNIDIRECTIONAL, 5);
        assertEquals(3, serverUnidirectional.open());
        assertEquals(7, serverUnidirectional.open());
        assertEquals(1, LocalStreamCredit.streamIdOf(EndpointRole.SERVER, StreamDirection.BIDIRECTIONAL, 0));
        assertEquals(6, LocalStreamCredit.streamIdOf(EndpointRole.CLIENT, StreamDirection.UNIDIRECTIONAL, 1));
    }

    @Test
    void maxStreamsCreditAndStreamsBlocked() {
        LocalStreamCredit credit = new LocalStreamCredit(EndpointRole.CLIENT, StreamDirection.BIDIRECTIONAL, 1);
        assertFalse(credit.needsBlockedFrame());
        assertEquals(0, credit.open());
        assertFalse(credit.canOpen());
        assertTrue(credit.needsBlockedFrame());
        credit.blockedFrameSent();
        assertFalse(credit.needsBlockedFrame());
        assertFalse(credit.raiseLimit(1)); // RFC 9000 §4.6: not an increase, ignored
        assertFalse(credit.raiseLimit(0));
        assertTrue(credit.raiseLimit(3));
        assertEquals(4, credit.open());
        assertEquals(8, credit.open());
        assertTrue(credit.needsBlockedFrame());
        assertTrue(credit.isOpened(8));
        assertFalse(credit.isOpened(12));
    }

    @Test
    void closedPeerStreamsReturnCreditThroughMaxStreams() throws QuicProtocolException {
        RemoteStreamLimit limit = new RemoteStreamLimit(EndpointRole.SERVER, StreamDirection.BIDIRECTIONAL, 4);
        assertEquals(0, limit.accept(12));
        assertFalse(limit.shouldSendMaxStreams());
        limit.streamClosed();
        assertFalse(limit.shouldSendMaxStreams());
        limit.streamClosed();
        assertTrue(limit.shouldSendMaxStreams());
        assertEquals(6, limit.advanceLimit());
        assertFalse(limit.shouldSendMaxStreams());
        assertEquals(16, limit.accept(20));
        assertThrows(QuicProtocolException.class, () -> limit.accept(24));
        assertThrows(IllegalStateException.class, () -> {
            for (int i = 0; i < 10; i++) {
                limit.streamClosed();
            }
        });
    }
}
