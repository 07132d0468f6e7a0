package dev.jquic.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.codec.VarInt;
import dev.jquic.core.frame.NewConnectionIdFrame;
import dev.jquic.core.frame.RetireConnectionIdFrame;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.StatelessResetToken;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9000 §5.1.1, §5.1.2, §10.3.1, §19.15: the IDs the peer gave us. */
class PeerConnectionIdsTest {
    private static final ConnectionId INITIAL = ConnectionId.ofHex("a0a1a2a3a4a5a6a7");

    static ConnectionId id(long sequence) {
        return ConnectionId.ofHex(String.format("c0%014x", sequence));
    }

    static StatelessResetToken token(long sequence) {
        return StatelessResetToken.ofHex(String.format("7e%030x", sequence));
    }

    static NewConnectionIdFrame frame(long sequence, long retirePriorTo) {
        return new NewConnectionIdFrame(sequence, retirePriorTo, id(sequence), token(sequence));
    }

    private static List<Long> drainRetires(PeerConnectionIds ids) {
        List<Long> sequences = new ArrayList<>();
        for (RetireConnectionIdFrame frame = ids.pollFrame(); frame != null; frame = ids.pollFrame()) {
            sequences.add(frame.sequenceNumber());
        }
        return sequences;
    }

    private static void assertError(TransportError expected, LocalConnectionIdsTest.Executable call) {
        QuicProtocolException thrown = assertThrows(QuicProtocolException.class, call::run);
        assertEquals(expected.code(), thrown.errorCode(), thrown.toString());
    }

    private static ByteBuffer datagramEndingWith(StatelessResetToken token, int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 0x41);
        System.arraycopy(token.toByteArray(), 0, bytes, length - StatelessResetToken.LENGTH,
                StatelessResetToken.LENGTH);
        return ByteBuffer.wrap(bytes);
    }

    @Test
    void startsWithTheHandshakeIdAsCurrent() {
        PeerConnectionIds ids = new PeerConnectionIds(INITIAL, 4);
        assertEquals(INITIAL, ids.current());
        assertEquals(0, ids.currentSequenceNumber());
        assertEquals(1, ids.activeCount());
        assertFalse(ids.hasFramesToSend());
        assertThrows(IllegalArgumentException.class, () -> new PeerConnectionIds(INITIAL, 1));
    }

    @Test
    void acceptsUpToTheLimitAndRejectsOneMore() throws QuicProtocolException {
        PeerConnectionIds ids = new PeerConnectionIds(INITIAL, 3);
        ids.onNewConnectionId(frame(1, 0));
        ids.onNewConnectionId(frame(2, 0));
        assertEquals(3, ids.activeCount());
        assertError(TransportError.CONNECTION_ID_LIMIT_ERROR, () -> ids.onNewConnectionId(frame(3, 0)));
        assertEquals(3, ids.activeCount());
    }

    @Test
    void exceedingTheLimitIsAllowedWhenRetirePriorToRetiresTheExcess() throws QuicProtocolException {
        PeerConnectionIds ids = new PeerConnectionIds(INITIAL, 2);
        ids.onNewConnectionId(frame(1, 0));
        ids.onNewConnectionId(frame(2, 1));
        assertEquals(2, ids.activeCount());
        assertEquals(List.of(0L), drainRetires(ids));
    }

    @Test
    void identicalRepeatIsAcceptedButSequenceReuseIsProtocolViolation() throws QuicProtocolException {
        PeerConnectionIds ids = new PeerConnectionIds(INITIAL, 4);
        ids.onNewConnectionId(frame(1, 0));
        ids.onNewConnectionId(frame(1, 0));
        assertEquals(2, ids.activeCount());
        assertError(TransportError.PROTOCOL_VIOLATION,
                () -> ids.onNewConnectionId(new NewConnectionIdFrame(1, 0, id(9), token(1))));
        assertError(TransportError.PROTOCOL_VIOLATION,
                () -> ids.onNewConnectionId(new NewConnectionIdFrame(1, 0, id(1), token(9))));
    }

    @Test
    void idOrTokenReusedUnderAnotherSequenceIsProtocolViolation() throws QuicProtocolException {
        PeerConnectionIds ids = new PeerConnectionIds(INITIAL, 4);
        ids.onNewConnectionId(frame(1, 0));
        assertError(TransportError.PROTOCOL_VIOLATION,
                () -> ids.onNewConnectionId(new NewConnectionIdFrame(2, 0, id(1), token(2))));
        assertError(TransportError.PROTOCOL_VIOLATION,
                () -> ids.onNewConnectionId(new NewConnectionIdFrame(2, 0, id(2), token(1))));
        assertError(TransportError.PROTOCOL_VIOLATION,
                () -> ids.onNewConnectionId(new NewConnectionIdFrame(2, 0, INITIAL, token(2))));
    }

    @Test
    void retirePriorToRetiresOlderIdsAndSwitchesCurrent() throws QuicProtocolException {
        PeerConnectionIds ids = new PeerConnectionIds(INITIAL, 4);
        ids.onNewConnectionId(frame(1, 0));
        ids.onNewConnectionId(frame(2, 0));
        ids.onNewConnectionId(frame(3, 2));
        assertEquals(List.of(0L, 1L), drainRetires(ids));
        assertEquals(2, ids.activeCount());
        assertEquals(id(2), ids.current());
        assertEquals(2, ids.currentSequenceNumber());
        assertEquals(2, ids.largestRetirePriorTo());
        // A smaller Retire Prior To is ignored.
        ids.onNewConnectionId(frame(4, 1));
        assertEquals(3, ids.activeCount());
        assertFalse(ids.hasFramesToSend());
        // A retransmission of an already retired sequence is ignored.
        ids.onNewConnectionId(frame(1, 0));
        assertEquals(3, ids.activeCount());
        assertFalse(ids.hasFramesToSend());
    }

    @Test
    void lateIdBelowRetirePriorToIsRetiredOnce() throws QuicProtocolException {
        PeerConnectionIds ids = new PeerConnectionIds(INITIAL, 4);
        ids.onNewConnectionId(frame(3, 2));
        assertEquals(List.of(0L), drainRetires(ids));
        assertEquals(id(3), ids.current());
        ids.onNewConnectionId(frame(1, 0));
        assertEquals(1, ids.activeCount());
        assertEquals(List.of(1L), drainRetires(ids));
        ids.onNewConnectionId(frame(1, 0));
        assertFalse(ids.hasFramesToSend());
    }

    @Test
    void retireFramesAreResentWhenLostAndForgottenWhenAcknowledged() throws QuicProtocolException {
        PeerConnectionIds ids = new PeerConnectionIds(INITIAL, 4);
        ids.onNewConnectionId(frame(1, 1));
        RetireConnectionIdFrame retire = ids.pollFrame();
        assertEquals(0, retire.sequenceNumber());
        assertNull(ids.pollFrame());
        assertEquals(1, ids.pendingRetirementCount());
        ids.onFrameLost(retire);
        assertEquals(retire, ids.pollFrame());
        ids.onFrameAcknowledged(retire);
        assertEquals(0, ids.pendingRetirementCount());
        ids.onFrameLost(retire);
        assertFalse(ids.hasFramesToSend());
    }

    @Test
    void tooManyUnacknowledgedRetirementsIsConnectionIdLimitError() throws QuicProtocolException {
        // Limit 2 allows 4 retirements awaiting acknowledgement.
        PeerConnectionIds ids = new PeerConnectionIds(INITIAL, 2);
        ids.onNewConnectionId(frame(1, 0));
        ids.onNewConnectionId(frame(2, 2));
        ids.onNewConnectionId(frame(3, 3));
        ids.onNewConnectionId(frame(4, 4));
        assertEquals(4, ids.pendingRetirementCount());
        drainRetires(ids);
        assertError(TransportError.CONNECTION_ID_LIMIT_ERROR, () -> ids.onNewConnectionId(frame(5, 5)));
    }

    @Test
    void ourOwnRotationDoesNotCountAgainstThePeersRetirementBound() throws QuicProtocolException {
        // Limit 2: the peer may leave 4 of its forced retirements unacknowledged; a rotation of
        // our own on top must not make that an error (found by ConnectionIdPropertiesTest).
        PeerConnectionIds ids = new PeerConnectionIds(INITIAL, 2);
        ids.onNewConnectionId(frame(1, 0));
        assertTrue(ids.rotate()); // retires 0, our choice
        forceRetirementOfOneTwoThreeAndFive(ids);
        assertEquals(5, ids.pendingRetirementCount());
        assertEquals(List.of(0L, 1L, 2L, 3L, 5L), drainRetires(ids).stream().sorted().toList());
        // A fifth forced retirement is over the bound.
        assertError(TransportError.CONNECTION_ID_LIMIT_ERROR, () -> ids.onNewConnectionId(frame(8, 7)));
    }

    /** With the limit 2 and sequence 1 active: the peer's Retire Prior To forces four retirements. */
    private static void forceRetirementOfOneTwoThreeAndFive(PeerConnectionIds ids) throws QuicProtocolException {
        ids.onNewConnectionId(frame(2, 2)); // forced: 1
        ids.onNewConnectionId(frame(3, 2));
        ids.onNewConnectionId(frame(5, 5)); // forced: 2, 3
        ids.onNewConnectionId(frame(6, 5));
        ids.onNewConnectionId(frame(7, 6)); // forced: 5
        assertEquals(4, ids.forcedPendingRetirementCount());
    }

    @Test
    void anAcknowledgedRotationLeavesTheBoundToThePeer() throws QuicProtocolException {
        PeerConnectionIds ids = new PeerConnectionIds(INITIAL, 2);
        ids.onNewConnectionId(frame(1, 0));
        assertTrue(ids.rotate());
        for (RetireConnectionIdFrame retire = ids.pollFrame(); retire != null; retire = ids.pollFrame()) {
            ids.onFrameAcknowledged(retire);
        }
        forceRetirementOfOneTwoThreeAndFive(ids);
        assertEquals(4, ids.pendingRetirementCount());
        drainRetires(ids);
        assertError(TransportError.CONNECTION_ID_LIMIT_ERROR, () -> ids.onNewConnectionId(frame(8, 7)));
    }

    @Test
    void acknowledgedRetirementsFreeTheBound() throws QuicProtocolException {
        PeerConnectionIds ids = new PeerConnectionIds(INITIAL, 2);
        for (long sequence = 1; sequence <= 20; sequence++) {
            ids.onNewConnectionId(frame(sequence, sequence));
            for (RetireConnectionIdFrame retire = ids.pollFrame(); retire != null; retire = ids.pollFrame()) {
                ids.onFrameAcknowledged(retire);
            }
            assertEquals(id(sequence), ids.current());
        }
        assertEquals(0, ids.pendingRetirementCount());
        assertEquals(1, ids.activeCount());
    }

    @Test
    void rotateSwitchesToAnUnusedIdAndRetiresThePreviousOne() throws QuicProtocolException {
        PeerConnectionIds ids = new PeerConnectionIds(INITIAL, 4);
        assertFalse(ids.rotate());
        ids.onNewConnectionId(frame(1, 0));
        ids.onNewConnectionId(frame(2, 0));
        assertEquals(2, ids.unusedCount());
        assertTrue(ids.rotate());
        assertEquals(id(1), ids.current());
        assertEquals(List.of(0L), drainRetires(ids));
        assertTrue(ids.rotate());
        assertEquals(id(2), ids.current());
        assertFalse(ids.rotate());
        assertEquals(id(2), ids.current());
        assertEquals(List.of(1L), drainRetires(ids));
        // A retransmitted frame of a sequence we retired does not bring it back.
        ids.onNewConnectionId(frame(1, 0));
        assertEquals(1, ids.activeCount());
    }

    @Test
    void zeroLengthPeerIdRejectsNewConnectionId() {
        PeerConnectionIds ids = new PeerConnectionIds(ConnectionId.EMPTY, 4);
        assertError(TransportError.PROTOCOL_VIOLATION, () -> ids.onNewConnectionId(frame(1, 0)));
    }

    @Test
    void initialIdCanBeReplacedOnlyDuringTheHandshake() throws QuicProtocolException {
        PeerConnectionIds ids = new PeerConnectionIds(INITIAL, 4);
        ConnectionId serverChosen = ConnectionId.ofHex("5e5e5e5e");
        ids.updateInitialConnectionId(serverChosen);
        assertEquals(serverChosen, ids.current());
        ids.onNewConnectionId(frame(1, 0));
        assertThrows(IllegalStateException.class, () -> ids.updateInitialConnectionId(INITIAL));
    }

    @Test
    void preferredAddressIdTakesSequenceOne() throws QuicProtocolException {
        PeerConnectionIds ids = new PeerConnectionIds(INITIAL, 4);
        ids.onPreferredAddress(id(1), token(1));
        assertEquals(2, ids.activeCount());
        ids.onNewConnectionId(frame(1, 0));
        assertEquals(2, ids.activeCount());
        assertError(TransportError.TRANSPORT_PARAMETER_ERROR,
                () -> ids.onPreferredAddress(ConnectionId.EMPTY, token(5)));
    }

    @Test
    void statelessResetMatchesTheInitialTokenOnceKnown() {
        PeerConnectionIds ids = new PeerConnectionIds(INITIAL, 4);
        ByteBuffer datagram = datagramEndingWith(token(0), 40);
        assertFalse(ids.isStatelessReset(datagram));
        ids.setInitialStatelessResetToken(token(0));
        assertTrue(ids.isStatelessReset(datagram));
        assertEquals(0, datagram.position());
        assertEquals(40, datagram.limit());
    }

    @Test
    void statelessResetUsesPositionToLimitOfTheBuffer() {
        PeerConnectionIds ids = new PeerConnectionIds(INITIAL, 4);
        ids.setInitialStatelessResetToken(token(0));
        ByteBuffer larger = ByteBuffer.allocate(100);
        larger.position(10);
        larger.put(datagramEndingWith(token(0), 30));
        larger.flip().position(10);
        assertTrue(ids.isStatelessReset(larger));
        larger.limit(larger.limit() - 1);
        assertFalse(ids.isStatelessReset(larger));
    }

    @Test
    void statelessResetDoesNotMatchOtherTokensOrShortDatagrams() throws QuicProtocolException {
        PeerConnectionIds ids = new PeerConnectionIds(INITIAL, 4);
        ids.setInitialStatelessResetToken(token(0));
        assertFalse(ids.isStatelessReset(datagramEndingWith(token(7), 40)));
        // 20 bytes are too short for a Stateless Reset even with a matching tail; 21 are enough.
        assertFalse(ids.isStatelessReset(datagramEndingWith(token(0), 20)));
        assertTrue(ids.isStatelessReset(datagramEndingWith(token(0), 21)));
        assertFalse(ids.isStatelessReset(ByteBuffer.allocate(0)));
        assertFalse(ids.isStatelessReset(ByteBuffer.allocate(5)));
    }

    @Test
    void statelessResetChecksOnlyUsedActiveIds() throws QuicProtocolException {
        PeerConnectionIds ids = new PeerConnectionIds(INITIAL, 4);
        ids.setInitialStatelessResetToken(token(0));
        ids.onNewConnectionId(frame(1, 0));
        // RFC 9000 §10.3.1: the token of an ID not used yet is not checked.
        assertFalse(ids.isStatelessReset(datagramEndingWith(token(1), 40)));
        assertTrue(ids.rotate());
        assertTrue(ids.isStatelessReset(datagramEndingWith(token(1), 40)));
        // Sequence 0 is retired now, so its token is no longer checked.
        assertFalse(ids.isStatelessReset(datagramEndingWith(token(0), 40)));
    }

    @Test
    void retiredIdTokenIsNotChecked() throws QuicProtocolException {
        PeerConnectionIds ids = new PeerConnectionIds(INITIAL, 4);
        ids.setInitialStatelessResetToken(token(0));
        ids.onNewConnectionId(frame(1, 1));
        assertEquals(id(1), ids.current());
        assertFalse(ids.isStatelessReset(datagramEndingWith(token(0), 40)));
        assertTrue(ids.isStatelessReset(datagramEndingWith(token(1), 40)));
        // Setting the handshake token after sequence 0 was retired has no effect.
        ids.setInitialStatelessResetToken(token(0));
        assertFalse(ids.isStatelessReset(datagramEndingWith(token(0), 40)));
    }

    @Test
    void reorderedRetirePriorToCanLeaveNoIdUntilTheNextArrives() throws QuicProtocolException {
        PeerConnectionIds ids = new PeerConnectionIds(INITIAL, 4);
        ids.onNewConnectionId(frame(2, 0));
        assertTrue(ids.rotate());
        // Sequence 1 arrives late; rotating to it retires sequence 2.
        ids.onNewConnectionId(frame(1, 0));
        assertTrue(ids.rotate());
        assertEquals(id(1), ids.current());
        // A retransmission of sequence 2 carrying Retire Prior To 2 retires sequence 1 as well.
        ids.onNewConnectionId(frame(2, 2));
        assertEquals(0, ids.activeCount());
        assertFalse(ids.hasCurrent());
        assertThrows(IllegalStateException.class, ids::current);
        assertFalse(ids.rotate());
        assertEquals(List.of(0L, 2L, 1L), drainRetires(ids));
        ids.onNewConnectionId(frame(3, 2));
        assertTrue(ids.hasCurrent());
        assertEquals(id(3), ids.current());
    }

    @Test
    void largestSequenceNumbersAreHandled() throws QuicProtocolException {
        long largest = VarInt.MAX_VALUE;
        PeerConnectionIds ids = new PeerConnectionIds(INITIAL, 4);
        ids.onNewConnectionId(frame(largest, largest));
        assertEquals(largest, ids.currentSequenceNumber());
        assertEquals(List.of(0L), drainRetires(ids));
        ids.onNewConnectionId(frame(largest - 1, 0));
        assertEquals(List.of(largest - 1), drainRetires(ids));
        assertEquals(1, ids.activeCount());
    }
}
