package dev.jquic.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.frame.NewConnectionIdFrame;
import dev.jquic.core.frame.RetireConnectionIdFrame;
import dev.jquic.core.types.ConnectionId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** RFC 9000 §5.1.1, §5.1.2, §19.15, §19.16: the IDs we issue. */
class LocalConnectionIdsTest {
    private static final ConnectionId INITIAL = ConnectionId.ofHex("00112233445566aa");
    private static final StatelessResetTokens TOKENS = new StatelessResetTokens(new byte[32]);

    private final RecordingRoutingListener listener = new RecordingRoutingListener();

    private LocalConnectionIds ids(int maximumActive) {
        return new LocalConnectionIds(INITIAL, maximumActive, TOKENS, new SplittableRandom(42), listener);
    }

    private static List<NewConnectionIdFrame> drain(LocalConnectionIds ids) {
        List<NewConnectionIdFrame> frames = new ArrayList<>();
        for (NewConnectionIdFrame frame = ids.pollFrame(); frame != null; frame = ids.pollFrame()) {
            frames.add(frame);
        }
        return frames;
    }

    private static void assertError(TransportError expected, Executable call) {
        QuicProtocolException thrown = assertThrows(QuicProtocolException.class, call::run);
        assertEquals(expected.code(), thrown.errorCode(), thrown.toString());
    }

    interface Executable {
        void run() throws QuicProtocolException;
    }

    @Test
    void initialIdHasSequenceZeroAndDerivedTokenAndIsNotReported() {
        LocalConnectionIds ids = ids(8);
        assertEquals(0, ids.initial().sequenceNumber());
        assertEquals(INITIAL, ids.initial().connectionId());
        assertEquals(TOKENS.tokenFor(INITIAL), ids.initial().statelessResetToken());
        assertEquals(8, ids.connectionIdLength());
        assertEquals(1, ids.activeCount());
        assertTrue(listener.added.isEmpty());
        assertFalse(ids.hasFramesToSend());
    }

    @Test
    void issuesUpToDefaultPeerLimitOfTwo() {
        LocalConnectionIds ids = ids(8);
        assertEquals(1, ids.issue());
        assertEquals(0, ids.issue());
        List<NewConnectionIdFrame> frames = drain(ids);
        assertEquals(1, frames.size());
        NewConnectionIdFrame frame = frames.get(0);
        assertEquals(1, frame.sequenceNumber());
        assertEquals(0, frame.retirePriorTo());
        assertEquals(8, frame.connectionId().length());
        assertEquals(TOKENS.tokenFor(frame.connectionId()), frame.statelessResetToken());
        assertEquals(List.of(frame.connectionId()), listener.added);
        assertFalse(ids.hasFramesToSend());
    }

    @Test
    void issuesUpToPeerLimitAndNotBeyond() throws QuicProtocolException {
        LocalConnectionIds ids = ids(8);
        ids.setPeerActiveConnectionIdLimit(5);
        assertEquals(4, ids.issue());
        assertEquals(0, ids.issue());
        assertEquals(5, ids.activeCount());
        List<NewConnectionIdFrame> frames = drain(ids);
        Set<ConnectionId> distinct = new HashSet<>();
        distinct.add(INITIAL);
        for (int i = 0; i < frames.size(); i++) {
            assertEquals(i + 1, frames.get(i).sequenceNumber());
            distinct.add(frames.get(i).connectionId());
        }
        assertEquals(5, distinct.size());
    }

    @Test
    void ourCapBoundsALargePeerLimit() throws QuicProtocolException {
        LocalConnectionIds ids = ids(3);
        ids.setPeerActiveConnectionIdLimit(1000);
        assertEquals(3, ids.targetActiveCount());
        assertEquals(2, ids.issue());
        assertEquals(3, ids.activeCount());
    }

    @Test
    void peerLimitBelowTwoIsTransportParameterError() {
        LocalConnectionIds ids = ids(8);
        assertError(TransportError.TRANSPORT_PARAMETER_ERROR, () -> ids.setPeerActiveConnectionIdLimit(1));
    }

    @Test
    void retireRemovesReportsAndIssuesReplacement() throws QuicProtocolException {
        LocalConnectionIds ids = ids(8);
        ids.setPeerActiveConnectionIdLimit(3);
        ids.issue();
        List<NewConnectionIdFrame> first = drain(ids);
        ConnectionId retired = first.get(0).connectionId();
        ids.onRetireConnectionId(new RetireConnectionIdFrame(1), INITIAL);
        assertEquals(List.of(retired), listener.removed);
        assertFalse(ids.isActive(retired));
        assertEquals(3, ids.activeCount());
        List<NewConnectionIdFrame> replacement = drain(ids);
        assertEquals(1, replacement.size());
        assertEquals(3, replacement.get(0).sequenceNumber());
        assertNotEquals(retired, replacement.get(0).connectionId());
        assertTrue(ids.isActive(replacement.get(0).connectionId()));
        // A repeated RETIRE_CONNECTION_ID is not an error and issues nothing more.
        ids.onRetireConnectionId(new RetireConnectionIdFrame(1), INITIAL);
        assertFalse(ids.hasFramesToSend());
        assertEquals(1, listener.removed.size());
    }

    @Test
    void retiringTheHandshakeIdIsAllowedFromAnotherId() throws QuicProtocolException {
        LocalConnectionIds ids = ids(8);
        ids.issue();
        ConnectionId other = drain(ids).get(0).connectionId();
        ids.onRetireConnectionId(new RetireConnectionIdFrame(0), other);
        assertFalse(ids.isActive(INITIAL));
        assertEquals(List.of(INITIAL), listener.removed);
        assertEquals(2, ids.activeCount());
    }

    @Test
    void retireOfNeverIssuedSequenceIsProtocolViolation() {
        LocalConnectionIds ids = ids(8);
        ids.issue();
        assertError(TransportError.PROTOCOL_VIOLATION,
                () -> ids.onRetireConnectionId(new RetireConnectionIdFrame(2), INITIAL));
    }

    @Test
    void retireOfThePacketsOwnIdIsProtocolViolation() {
        LocalConnectionIds ids = ids(8);
        ids.issue();
        ConnectionId other = drain(ids).get(0).connectionId();
        assertError(TransportError.PROTOCOL_VIOLATION,
                () -> ids.onRetireConnectionId(new RetireConnectionIdFrame(1), other));
        assertError(TransportError.PROTOCOL_VIOLATION,
                () -> ids.onRetireConnectionId(new RetireConnectionIdFrame(0), INITIAL));
        assertEquals(2, ids.activeCount());
    }

    @Test
    void zeroLengthIdsIssueNothingAndRejectRetire() {
        LocalConnectionIds ids = new LocalConnectionIds(ConnectionId.EMPTY, 8, TOKENS, new SplittableRandom(1),
                listener);
        assertEquals(0, ids.issue());
        assertNull(ids.initial().statelessResetToken());
        assertError(TransportError.PROTOCOL_VIOLATION,
                () -> ids.onRetireConnectionId(new RetireConnectionIdFrame(0), ConnectionId.EMPTY));
    }

    @Test
    void lostFrameIsQueuedAgainOnceWhileActive() throws QuicProtocolException {
        LocalConnectionIds ids = ids(8);
        ids.setPeerActiveConnectionIdLimit(3);
        ids.issue();
        List<NewConnectionIdFrame> frames = drain(ids);
        ids.onFrameLost(frames.get(0));
        ids.onFrameLost(frames.get(0));
        assertEquals(List.of(frames.get(0)), drain(ids));
        // Once the peer retired the ID, its lost frame is not sent again.
        ids.onRetireConnectionId(new RetireConnectionIdFrame(2), INITIAL);
        drain(ids);
        ids.onFrameLost(frames.get(1));
        assertFalse(ids.hasFramesToSend());
    }

    @Test
    void retireDropsAQueuedFrameOfThatId() throws QuicProtocolException {
        LocalConnectionIds ids = ids(8);
        ids.issue();
        ids.onRetireConnectionId(new RetireConnectionIdFrame(1), INITIAL);
        List<NewConnectionIdFrame> frames = drain(ids);
        assertEquals(1, frames.size());
        assertEquals(2, frames.get(0).sequenceNumber());
    }

    @Test
    void retirePriorToBumpIssuesReplacementsCarryingIt() throws QuicProtocolException {
        LocalConnectionIds ids = ids(8);
        ids.setPeerActiveConnectionIdLimit(3);
        ids.issue();
        List<NewConnectionIdFrame> old = drain(ids);
        ids.requestRetirementPriorTo(ids.nextSequenceNumber());
        assertEquals(3, ids.retirePriorTo());
        assertTrue(ids.retirementOutstanding());
        List<NewConnectionIdFrame> fresh = drain(ids);
        assertEquals(3, fresh.size());
        for (NewConnectionIdFrame frame : fresh) {
            assertEquals(3, frame.retirePriorTo());
            assertTrue(frame.sequenceNumber() >= 3);
        }
        // Old IDs stay routable until the peer retires them: 3 old + 3 new, temporarily over the limit.
        assertEquals(6, ids.activeCount());
        // RFC 9000 §5.1.2: no further bump before the previous one is fully retired.
        assertThrows(IllegalStateException.class, () -> ids.requestRetirementPriorTo(6));
        // A lost frame of an ID being retired is resent with Retire Prior To capped at its sequence.
        ids.onFrameLost(old.get(0));
        NewConnectionIdFrame resent = ids.pollFrame();
        assertEquals(1, resent.sequenceNumber());
        assertEquals(1, resent.retirePriorTo());
        ConnectionId newPacketDestination = fresh.get(0).connectionId();
        for (long sequence = 0; sequence < 3; sequence++) {
            ids.onRetireConnectionId(new RetireConnectionIdFrame(sequence), newPacketDestination);
        }
        assertFalse(ids.retirementOutstanding());
        assertEquals(3, ids.activeCount());
        assertFalse(ids.hasFramesToSend());
        assertEquals(3, listener.removed.size());
        ids.requestRetirementPriorTo(6);
        assertEquals(3, drain(ids).size());
    }

    @Test
    void retirePriorToArgumentsAreChecked() {
        LocalConnectionIds ids = ids(8);
        assertThrows(IllegalArgumentException.class, () -> ids.requestRetirementPriorTo(2));
        LocalConnectionIds empty = new LocalConnectionIds(ConnectionId.EMPTY, 8, TOKENS, new SplittableRandom(1),
                listener);
        assertThrows(IllegalStateException.class, () -> empty.requestRetirementPriorTo(0));
    }

    @Test
    void preferredAddressIdTakesSequenceOneWithoutFrame() {
        LocalConnectionIds ids = ids(8);
        IssuedConnectionId preferred = ids.issuePreferredAddressConnectionId();
        assertEquals(1, preferred.sequenceNumber());
        assertEquals(TOKENS.tokenFor(preferred.connectionId()), preferred.statelessResetToken());
        assertFalse(ids.hasFramesToSend());
        assertEquals(List.of(preferred.connectionId()), listener.added);
        // Sequence 0 and 1 already fill the default peer limit of 2.
        assertEquals(0, ids.issue());
        assertThrows(IllegalStateException.class, ids::issuePreferredAddressConnectionId);
    }

    @Test
    void activeConnectionIdsListsAllInSequenceOrder() throws QuicProtocolException {
        LocalConnectionIds ids = ids(8);
        ids.setPeerActiveConnectionIdLimit(4);
        ids.issue();
        List<IssuedConnectionId> active = ids.activeConnectionIds();
        assertEquals(4, active.size());
        for (int i = 0; i < active.size(); i++) {
            assertEquals(i, active.get(i).sequenceNumber());
        }
        assertEquals(INITIAL, active.get(0).connectionId());
    }

    @Test
    void retiredIdsAreReplacedUntilTheLifetimeCap() throws QuicProtocolException {
        LocalConnectionIds ids = ids(8);
        ids.issue();
        ConnectionId destination = INITIAL;
        for (long sequence = 1; sequence < LocalConnectionIds.MAXIMUM_ISSUED_PER_CONNECTION; sequence++) {
            assertEquals(2, ids.activeCount());
            ids.onRetireConnectionId(new RetireConnectionIdFrame(sequence), destination);
        }
        // 256 IDs issued (sequences 0..255); the last retirement is not replaced.
        assertEquals(LocalConnectionIds.MAXIMUM_ISSUED_PER_CONNECTION, ids.nextSequenceNumber());
        assertEquals(1, ids.activeCount());
        assertEquals(0, ids.issue());
        assertEquals(Set.copyOf(listener.added).size(), listener.added.size());
    }

    @Test
    void oneByteIdsAreNeverIssuedTwice() throws QuicProtocolException {
        LocalConnectionIds ids = new LocalConnectionIds(ConnectionId.ofHex("00"), 8, TOKENS, new SplittableRandom(7),
                listener);
        ids.setPeerActiveConnectionIdLimit(4);
        ids.issue();
        for (long sequence = 1; sequence < 400 && ids.activeCount() > 1; sequence++) {
            ids.onRetireConnectionId(new RetireConnectionIdFrame(sequence), INITIAL);
        }
        Set<ConnectionId> distinct = new HashSet<>(listener.added);
        assertEquals(listener.added.size(), distinct.size());
        assertFalse(distinct.contains(ConnectionId.ofHex("00")));
        assertTrue(listener.added.size() > 200, "issued " + listener.added.size());
    }

    @Test
    void newIdsComeFromTheInjectedGenerator() throws QuicProtocolException {
        ConnectionIdGenerator tagged = (random, length) -> {
            byte[] bytes = LocalConnectionIds.randomConnectionId(random, length).toByteArray();
            bytes[0] = 0x5a;
            return ConnectionId.of(bytes);
        };
        LocalConnectionIds ids = new LocalConnectionIds(INITIAL, 8, TOKENS, new SplittableRandom(7), tagged,
                listener);
        ids.setPeerActiveConnectionIdLimit(8);
        assertEquals(7, ids.issue());
        List<NewConnectionIdFrame> frames = drain(ids);
        assertEquals(7, frames.size());
        Set<ConnectionId> distinct = new HashSet<>();
        for (NewConnectionIdFrame frame : frames) {
            assertEquals(0x5a, frame.connectionId().byteAt(0));
            assertEquals(INITIAL.length(), frame.connectionId().length());
            distinct.add(frame.connectionId());
        }
        assertEquals(7, distinct.size());
    }
}
