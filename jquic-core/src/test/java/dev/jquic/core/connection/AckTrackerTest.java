package dev.jquic.core.connection;

import static dev.jquic.core.connection.AckTracker.ECN_CE;
import static dev.jquic.core.connection.AckTracker.ECN_ECT_0;
import static dev.jquic.core.connection.AckTracker.ECN_ECT_1;
import static dev.jquic.core.connection.AckTracker.ECN_NOT_ECT;
import static dev.jquic.core.connection.AckTracker.NO_DEADLINE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.frame.AckFrame;
import dev.jquic.core.types.PacketNumberSpace;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** RFC 9000 §13.2 ACK generation for one packet number space. */
class AckTrackerTest {

    private static final long MILLI = 1_000_000L;
    private static final long MAX_ACK_DELAY = 25 * MILLI;

    private static AckTracker application() {
        return new AckTracker(PacketNumberSpace.APPLICATION, MAX_ACK_DELAY);
    }

    private static void receive(AckTracker tracker, long packetNumber, long nowNanos) {
        assertTrue(tracker.onPacketReceived(packetNumber, true, ECN_NOT_ECT, nowNanos));
    }

    @Test
    void inOrderAckElicitingPacketsAreAcknowledgedEverySecondOne() {
        AckTracker tracker = application();
        long now = 1_000 * MILLI;
        long sent = 100;
        for (long packetNumber = 0; packetNumber < 10; packetNumber += 2) {
            receive(tracker, packetNumber, now);
            // §13.2.1: the first one only starts the max_ack_delay timer.
            assertFalse(tracker.isAckDue(now), "after " + packetNumber);
            assertEquals(now + MAX_ACK_DELAY, tracker.ackDeadlineNanos());
            now += MILLI;
            receive(tracker, packetNumber + 1, now);
            // §13.2.2: the second one makes the ACK due at once.
            assertTrue(tracker.isAckDue(now), "after " + (packetNumber + 1));
            assertEquals(now, tracker.ackDeadlineNanos());
            AckFrame ack = tracker.buildAck(now, 3);
            assertArrayEquals(new long[] {packetNumber + 1, 0}, ack.ranges());
            tracker.onAckSent(sent++);
            assertFalse(tracker.isAckDue(now));
            assertEquals(NO_DEADLINE, tracker.ackDeadlineNanos());
            assertEquals(0, tracker.ackElicitingSinceLastAck());
            now += MILLI;
        }
        assertEquals(104, tracker.lastAckPacketNumber());
    }

    @Test
    void remembersWhetherAnyAckElicitingPacketArrived() {
        AckTracker tracker = new AckTracker(PacketNumberSpace.INITIAL, MAX_ACK_DELAY);
        assertTrue(tracker.onPacketReceived(0, false, ECN_NOT_ECT, MILLI));
        assertTrue(tracker.hasNewlyReceivedPackets());
        assertFalse(tracker.hasReceivedAckEliciting());
        assertEquals(NO_DEADLINE, tracker.ackDeadlineNanos());
        receive(tracker, 1, 2 * MILLI);
        assertTrue(tracker.hasReceivedAckEliciting());
        tracker.onAckSent(0);
        assertTrue(tracker.hasReceivedAckEliciting(), "kept after the ACK");
    }

    @Test
    void configurableThreshold() {
        AckTracker tracker = new AckTracker(PacketNumberSpace.APPLICATION, MAX_ACK_DELAY, 4, 16);
        for (long packetNumber = 0; packetNumber < 3; packetNumber++) {
            receive(tracker, packetNumber, 0);
            assertFalse(tracker.isAckDue(0));
        }
        receive(tracker, 3, 0);
        assertTrue(tracker.isAckDue(0));
        assertEquals(4, tracker.ackElicitingSinceLastAck());
    }

    @Test
    void packetsArrivingSlowlyAreStillAcknowledgedEverySecondOne() {
        // The class comment: an ACK per slowly arriving packet froze Kwik's NewReno window.
        AckTracker tracker = application();
        long now = 5 * MILLI;
        for (long packetNumber = 0; packetNumber < 6; packetNumber += 2) {
            receive(tracker, packetNumber, now);
            assertFalse(tracker.isAckDue(now), "packet " + packetNumber + " only starts the timer");
            assertEquals(now + MAX_ACK_DELAY, tracker.ackDeadlineNanos());
            now += 2 * MILLI;
            receive(tracker, packetNumber + 1, now);
            assertTrue(tracker.isAckDue(now), "packet " + (packetNumber + 1) + " is the second one");
            tracker.onAckSent(packetNumber + 1);
            now += 2 * MILLI;
        }
    }

    @Test
    void singlePacketIsAcknowledgedAtMaxAckDelay() {
        AckTracker tracker = application();
        long arrival = 5 * MILLI;
        receive(tracker, 0, arrival);
        assertEquals(arrival + MAX_ACK_DELAY, tracker.ackDeadlineNanos());
        assertFalse(tracker.isAckDue(arrival + MAX_ACK_DELAY - 1));
        assertTrue(tracker.isAckDue(arrival + MAX_ACK_DELAY));
        // A non-ack-eliciting packet later does not move the timer of the first one.
        assertTrue(tracker.onPacketReceived(1, false, ECN_NOT_ECT, arrival + MILLI));
        assertEquals(arrival + MAX_ACK_DELAY, tracker.ackDeadlineNanos());
        AckFrame ack = tracker.buildAck(arrival + MAX_ACK_DELAY, 0);
        assertArrayEquals(new long[] {1, 0}, ack.ranges());
        // ACK Delay runs from the largest packet (1), received 1 ms after the first.
        assertEquals((MAX_ACK_DELAY - MILLI) / 1_000, ack.encodedAckDelay());
    }

    @Test
    void nonAckElicitingPacketsAloneNeverMakeAnAckDue() {
        AckTracker tracker = application();
        // Even with gaps and reordering (§13.2.1: no non-ack-eliciting packet in response).
        long[] order = {0, 5, 2, 9, 1, 3, 4};
        for (long packetNumber : order) {
            assertTrue(tracker.onPacketReceived(packetNumber, false, ECN_CE, 0));
        }
        assertEquals(NO_DEADLINE, tracker.ackDeadlineNanos());
        assertFalse(tracker.isAckDue(Long.MAX_VALUE - 1));
        assertEquals(0, tracker.ackElicitingSinceLastAck());
        // They are still acknowledged when an ACK is sent for another reason.
        assertTrue(tracker.hasNewlyReceivedPackets());
        assertArrayEquals(new long[] {9, 9, 5, 0}, tracker.buildAck(0, 3).ranges());
    }

    @Test
    void gapAboveTheLargestMakesTheAckImmediate() {
        AckTracker tracker = application();
        receive(tracker, 0, 0);
        assertFalse(tracker.isAckDue(0));
        tracker.buildAck(0, 3);
        tracker.onAckSent(0);
        receive(tracker, 1, 10);
        assertFalse(tracker.isAckDue(10));
        tracker.onAckSent(1);
        // 2 is missing.
        receive(tracker, 3, 20);
        assertTrue(tracker.isAckDue(20));
        assertEquals(20, tracker.ackDeadlineNanos());
        assertArrayEquals(new long[] {3, 3, 1, 0}, tracker.buildAck(20, 3).ranges());
    }

    @Test
    void packetBelowTheLargestMakesTheAckImmediate() {
        AckTracker tracker = application();
        receive(tracker, 0, 0);
        receive(tracker, 2, 0); // gap: immediate
        tracker.onAckSent(0);
        // 1 fills the gap, arriving below the largest ack-eliciting packet.
        receive(tracker, 1, 5);
        assertTrue(tracker.isAckDue(5));
        assertArrayEquals(new long[] {2, 0}, tracker.buildAck(5, 3).ranges());
    }

    @Test
    void missingPacketsBeforeTheFirstAckElicitingOneCountAsAGap() {
        AckTracker tracker = application();
        receive(tracker, 3, 0);
        assertTrue(tracker.isAckDue(0));
    }

    @Test
    void nonAckElicitingPacketsFillGapsForOrderingPurposes() {
        AckTracker tracker = application();
        receive(tracker, 0, 0);
        assertTrue(tracker.onPacketReceived(1, false, ECN_NOT_ECT, 0));
        tracker.onAckSent(0);
        // Nothing is missing between 0 and 2: not out of order.
        receive(tracker, 2, 0);
        assertFalse(tracker.isAckDue(0));
    }

    @Test
    void congestionExperiencedMakesTheAckImmediate() {
        AckTracker tracker = application();
        assertTrue(tracker.onPacketReceived(0, true, ECN_CE, 7));
        assertTrue(tracker.isAckDue(7));
    }

    @Test
    void initialAndHandshakePacketsAreAcknowledgedImmediately() {
        for (PacketNumberSpace space : new PacketNumberSpace[] {PacketNumberSpace.INITIAL, PacketNumberSpace.HANDSHAKE}) {
            AckTracker tracker = new AckTracker(space, MAX_ACK_DELAY);
            assertEquals(space, tracker.space());
            assertTrue(tracker.onPacketReceived(0, false, ECN_NOT_ECT, 3));
            assertFalse(tracker.isAckDue(3), space.name());
            assertTrue(tracker.onPacketReceived(1, true, ECN_NOT_ECT, 4));
            assertTrue(tracker.isAckDue(4), space.name());
            assertEquals(4, tracker.ackDeadlineNanos());
            tracker.onAckSent(0);
            assertFalse(tracker.isAckDue(4));
        }
    }

    @Test
    void ackDelayIsScaledByTheExponent() {
        long receivedAt = 1_000 * MILLI;
        long delayMicros = 123_456;
        long[][] expected = {{3, 123_456 >> 3}, {0, 123_456}, {20, 0}};
        for (long[] exponentAndField : expected) {
            AckTracker tracker = application();
            receive(tracker, 7, receivedAt);
            AckFrame ack = tracker.buildAck(receivedAt + delayMicros * 1_000 + 999, (int) exponentAndField[0]);
            assertEquals(exponentAndField[1], ack.encodedAckDelay(), "exponent " + exponentAndField[0]);
        }
        // 2^20 µs and more survive exponent 20.
        AckTracker tracker = application();
        receive(tracker, 0, 0);
        AckFrame ack = tracker.buildAck(3L * (1 << 20) * 1_000, 20);
        assertEquals(3, ack.encodedAckDelay());
        assertEquals(3L << 20, ack.ackDelayMicros(20));
        // 123_456 >> 3 = 15_432, decoded back to 123_456 rounded down to a multiple of 8.
        AckTracker another = application();
        receive(another, 0, 0);
        assertEquals(123_456, another.buildAck(123_456_000, 3).ackDelayMicros(3));
    }

    @Test
    void ackDelayIsMeasuredFromTheLargestPacketNotTheLatestArrival() {
        AckTracker tracker = application();
        receive(tracker, 5, 0);
        receive(tracker, 4, 10 * MILLI); // older packet arriving later
        assertEquals(0, tracker.largestReceivedTimeNanos());
        assertEquals(5, tracker.largestReceived());
        assertEquals(20_000, tracker.buildAck(20 * MILLI, 0).encodedAckDelay());
        // A clock that went backwards gives zero, not a negative delay.
        assertEquals(0, tracker.buildAck(-5, 0).encodedAckDelay());
    }

    @Test
    void ecnCountsAppearOnceAnyCodepointIsSeen() {
        AckTracker tracker = application();
        receive(tracker, 0, 0);
        AckFrame plain = tracker.buildAck(0, 3);
        assertFalse(plain.hasEcnCounts());
        assertEquals(0x02, plain.frameType());
        tracker.onPacketReceived(1, true, ECN_ECT_0, 0);
        tracker.onPacketReceived(2, false, ECN_ECT_0, 0);
        tracker.onPacketReceived(3, true, ECN_ECT_1, 0);
        tracker.onPacketReceived(4, true, ECN_CE, 0);
        tracker.onPacketReceived(5, true, ECN_NOT_ECT, 0);
        // §13.4.1: duplicates are not processed and do not count.
        assertFalse(tracker.onPacketReceived(1, true, ECN_ECT_0, 0));
        assertFalse(tracker.onPacketReceived(4, true, ECN_CE, 0));
        AckFrame ack = tracker.buildAck(0, 3);
        assertEquals(new AckFrame.EcnCounts(2, 1, 1), ack.ecnCounts());
        assertEquals(0x03, ack.frameType());
        assertEquals(new AckFrame.EcnCounts(2, 1, 1), tracker.ecnCounts());
    }

    @Test
    void duplicatesAreDetectedAndIgnored() {
        AckTracker tracker = application();
        receive(tracker, 4, 0);
        assertTrue(tracker.isDuplicate(4));
        assertFalse(tracker.isDuplicate(3));
        assertFalse(tracker.isDuplicate(5));
        tracker.onAckSent(0);
        assertFalse(tracker.onPacketReceived(4, true, ECN_NOT_ECT, 1));
        // A duplicate ack-eliciting packet neither counts nor sets a deadline.
        assertEquals(0, tracker.ackElicitingSinceLastAck());
        assertEquals(NO_DEADLINE, tracker.ackDeadlineNanos());
        assertFalse(tracker.hasNewlyReceivedPackets());
    }

    @Test
    void ackOfAckStopsReportingButKeepsDuplicateDetection() {
        AckTracker tracker = application();
        for (long packetNumber : new long[] {0, 1, 2, 4, 5, 8}) {
            receive(tracker, packetNumber, 0);
        }
        AckFrame first = tracker.buildAck(0, 3);
        assertArrayEquals(new long[] {8, 8, 5, 4, 2, 0}, first.ranges());
        tracker.onAckSent(10);
        receive(tracker, 9, 0);
        receive(tracker, 11, 0);
        tracker.onAckOfAckReceived(first.largestAcknowledged());
        assertEquals(9, tracker.lowestReportedPacketNumber());
        assertArrayEquals(new long[] {11, 11, 9, 9}, tracker.buildAck(0, 3).ranges());
        // Everything seen stays a duplicate; gaps below the report floor are still accepted.
        for (long packetNumber : new long[] {0, 1, 2, 4, 5, 8, 9, 11}) {
            assertTrue(tracker.isDuplicate(packetNumber), "pn " + packetNumber);
        }
        assertFalse(tracker.isDuplicate(3));
        assertFalse(tracker.isDuplicate(7));
        assertFalse(tracker.isDuplicate(10));
        assertEquals(0, tracker.lowestTrackedPacketNumber());
        // A late packet below the report floor is accepted but not reported again.
        assertTrue(tracker.onPacketReceived(3, true, ECN_NOT_ECT, 0));
        assertTrue(tracker.isDuplicate(3));
        assertArrayEquals(new long[] {11, 11, 9, 9}, tracker.buildAck(0, 3).ranges());
        // A range straddling the report floor is cut at it.
        receive(tracker, 10, 0);
        tracker.onAckOfAckReceived(9);
        assertArrayEquals(new long[] {11, 10}, tracker.buildAck(0, 3).ranges());
        // An older ACK being acknowledged late does not lower the floor.
        tracker.onAckOfAckReceived(2);
        assertEquals(10, tracker.lowestReportedPacketNumber());
        // Once everything is acknowledged there is nothing to report.
        tracker.onAckOfAckReceived(11);
        assertNull(tracker.buildAck(0, 3));
        assertEquals(11, tracker.largestReceived());
    }

    @Test
    void atTheCapTheOldestRangeIsEvictedAndTheDuplicateFloorRises() {
        AckTracker tracker = new AckTracker(PacketNumberSpace.APPLICATION, MAX_ACK_DELAY, 2, 3);
        // Ranges 0..1, 3, 5..6 fill the cap of 3.
        for (long packetNumber : new long[] {0, 1, 3, 5, 6}) {
            receive(tracker, packetNumber, 0);
        }
        assertEquals(0, tracker.lowestTrackedPacketNumber());
        // 8 needs a fourth range: 0..1 is evicted and everything below 2 counts as a duplicate.
        receive(tracker, 8, 0);
        assertEquals(2, tracker.lowestTrackedPacketNumber());
        assertArrayEquals(new long[] {8, 8, 6, 5, 3, 3}, tracker.buildAck(0, 3).ranges());
        assertTrue(tracker.isDuplicate(0));
        assertTrue(tracker.isDuplicate(1));
        assertFalse(tracker.isDuplicate(2));
        // Filling a gap needs no new range: nothing is evicted.
        receive(tracker, 4, 0);
        assertEquals(2, tracker.lowestTrackedPacketNumber());
        assertArrayEquals(new long[] {8, 8, 6, 3}, tracker.buildAck(0, 3).ranges());
        receive(tracker, 10, 0);
        receive(tracker, 12, 0);
        assertEquals(7, tracker.lowestTrackedPacketNumber());
        assertArrayEquals(new long[] {12, 12, 10, 10, 8, 8}, tracker.buildAck(0, 3).ranges());
        // A packet below all ranges at the cap evicts itself: accepted once, then a duplicate.
        AckTracker full = new AckTracker(PacketNumberSpace.APPLICATION, MAX_ACK_DELAY, 2, 2);
        receive(full, 5, 0);
        receive(full, 7, 0);
        receive(full, 2, 0);
        assertEquals(3, full.lowestTrackedPacketNumber());
        assertTrue(full.isDuplicate(2));
        assertTrue(full.isDuplicate(0));
        assertFalse(full.isDuplicate(3));
        assertArrayEquals(new long[] {7, 7, 5, 5}, full.buildAck(0, 3).ranges());
    }

    @Test
    void packetsBelowTheDuplicateFloorCountAsReceivedForOrdering() {
        AckTracker tracker = new AckTracker(PacketNumberSpace.APPLICATION, MAX_ACK_DELAY, 2, 1);
        receive(tracker, 0, 0);
        tracker.onAckSent(0);
        for (long packetNumber : new long[] {1, 2, 4, 3}) {
            assertTrue(tracker.onPacketReceived(packetNumber, false, ECN_NOT_ECT, 0));
        }
        // 4 evicted 0..2: the floor is 3 and the set holds 3..4.
        assertEquals(3, tracker.lowestTrackedPacketNumber());
        receive(tracker, 5, 0);
        assertFalse(tracker.isAckDue(0), "nothing is missing between 0 and 5");
        assertArrayEquals(new long[] {5, 3}, tracker.buildAck(0, 3).ranges());
    }

    @Test
    void defaultCapIs256Ranges() {
        AckTracker tracker = application();
        for (long i = 0; i < 300; i++) {
            receive(tracker, 2 * i, 0);
        }
        AckFrame ack = tracker.buildAck(0, 3);
        assertEquals(AckTracker.DEFAULT_MAX_RANGES, ack.rangeCount());
        assertEquals(598, ack.largestAcknowledged());
        assertEquals(2 * (300 - 256), ack.smallestAcknowledged());
        assertEquals(2 * (300 - 256) - 1, tracker.lowestTrackedPacketNumber());
    }

    @Test
    void maxRangesOmitsTheOldestRanges() {
        AckTracker tracker = application();
        for (long packetNumber : new long[] {0, 2, 4, 6, 7}) {
            receive(tracker, packetNumber, 0);
        }
        assertArrayEquals(new long[] {7, 6, 4, 4}, tracker.buildAck(0, 3, 2).ranges());
        assertArrayEquals(new long[] {7, 6}, tracker.buildAck(0, 3, 1).ranges());
        assertEquals(4, tracker.buildAck(0, 3, 100).rangeCount());
        // Building changes nothing: the full set is still there.
        assertEquals(4, tracker.buildAck(0, 3).rangeCount());
    }

    @Test
    void buildAckFittingOmitsOldRangesToFitTheBudget() {
        AckTracker tracker = application();
        for (long packetNumber : new long[] {0, 2, 4, 6, 7}) {
            receive(tracker, packetNumber, 0);
        }
        // Type, Largest 7, Delay 0, Count, First Range 1: 5 bytes; each further range 2 bytes.
        assertEquals(11, tracker.buildAck(0, 3).encodedLength());
        assertNull(tracker.buildAckFitting(0, 3, 4));
        assertArrayEquals(new long[] {7, 6}, tracker.buildAckFitting(0, 3, 5).ranges());
        assertArrayEquals(new long[] {7, 6}, tracker.buildAckFitting(0, 3, 6).ranges());
        assertArrayEquals(new long[] {7, 6, 4, 4}, tracker.buildAckFitting(0, 3, 7).ranges());
        assertEquals(4, tracker.buildAckFitting(0, 3, 11).rangeCount());
        assertEquals(4, tracker.buildAckFitting(0, 3, 1_500).rangeCount());
        // ECN counts take their share of the budget.
        tracker.onPacketReceived(8, true, ECN_ECT_0, 0);
        assertEquals(14, tracker.buildAck(0, 3).encodedLength());
        assertArrayEquals(new long[] {8, 6, 4, 4}, tracker.buildAckFitting(0, 3, 10).ranges());
    }

    @Test
    void nothingReceivedBuildsNoAck() {
        AckTracker tracker = application();
        assertNull(tracker.buildAck(0, 3));
        assertEquals(-1, tracker.largestReceived());
        assertFalse(tracker.hasNewlyReceivedPackets());
        assertFalse(tracker.isDuplicate(0));
    }

    @Test
    void ackDeadlineDoesNotOverflow() {
        AckTracker tracker = new AckTracker(PacketNumberSpace.APPLICATION, Long.MAX_VALUE / 2 + 1);
        receive(tracker, 0, Long.MAX_VALUE / 2 + 10);
        assertEquals(Long.MAX_VALUE, tracker.ackDeadlineNanos());
    }

    @Test
    void invalidArgumentsFromOurOwnCodeAreRejected() {
        AckTracker tracker = application();
        assertThrows(IllegalArgumentException.class, () -> tracker.onPacketReceived(-1, true, ECN_NOT_ECT, 0));
        assertThrows(IllegalArgumentException.class, () -> tracker.onPacketReceived(1L << 62, true, ECN_NOT_ECT, 0));
        assertThrows(IllegalArgumentException.class, () -> tracker.onPacketReceived(0, true, 4, 0));
        receive(tracker, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> tracker.buildAck(0, 21));
        assertThrows(IllegalArgumentException.class, () -> tracker.buildAck(0, -1));
        assertThrows(IllegalArgumentException.class, () -> tracker.buildAck(0, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> tracker.onAckSent(-1));
        assertThrows(IllegalArgumentException.class, () -> tracker.onAckOfAckReceived(-1));
        assertThrows(IllegalArgumentException.class,
                () -> new AckTracker(PacketNumberSpace.APPLICATION, -1));
        assertThrows(IllegalArgumentException.class,
                () -> new AckTracker(PacketNumberSpace.APPLICATION, 0, 0, 8));
        assertThrows(IllegalArgumentException.class,
                () -> new AckTracker(PacketNumberSpace.APPLICATION, 0, 2, 0));
    }

    // ------------------------------------------------------------------ stale repeats (issue #6)

    /** An Initial tracker that received ack-eliciting packet 0 at 0 ms (acknowledged by our packet 0), then ACK-only 1 and 2. */
    private static AckTracker initialWithAcknowledgedPing() {
        AckTracker tracker = new AckTracker(PacketNumberSpace.INITIAL, 0);
        receive(tracker, 0, 0);
        tracker.onAckSent(0);
        assertTrue(tracker.onPacketReceived(1, false, ECN_NOT_ECT, 5 * MILLI));
        assertTrue(tracker.onPacketReceived(2, false, ECN_NOT_ECT, 6 * MILLI));
        return tracker;
    }

    @Test
    void aStaleRepeatLeavesOutTheAckElicitingPacketsAnEarlierAckCovered() {
        // RFC 9002 §5.3: a peer takes its first RTT sample whole; an ACK of packet 0 sent at 1 s
        // would give it a 1 s sample. The ACK-only packets still tell it what arrived.
        AckTracker tracker = initialWithAcknowledgedPing();
        long now = 1_000 * MILLI;
        AckFrame stale = tracker.buildAckFitting(now, 3, 100, now - 20 * MILLI);
        assertArrayEquals(new long[] {2, 1}, stale.ranges());
        ByteBuffer written = ByteBuffer.allocate(100);
        assertEquals(2, tracker.writeAckFitting(written, now, 3, now - 20 * MILLI));
        ByteBuffer expected = ByteBuffer.allocate(stale.encodedLength());
        stale.encode(expected);
        assertEquals(expected.flip(), written.flip());
        // Without a cut-off, and with the largest packet newer than the cut-off, nothing is withheld.
        assertArrayEquals(new long[] {2, 0}, tracker.buildAckFitting(now, 3, 100).ranges());
        assertArrayEquals(new long[] {2, 0}, tracker.buildAckFitting(now, 3, 100, 6 * MILLI).ranges());
        assertArrayEquals(new long[] {2, 0}, tracker.buildAckFitting(now, 3, 100, AckTracker.NEVER_STALE).ranges());
    }

    @Test
    void aStaleRepeatWithOnlyAcknowledgedAckElicitingPacketsSendsNoAck() {
        AckTracker tracker = new AckTracker(PacketNumberSpace.HANDSHAKE, 0);
        receive(tracker, 0, 0);
        receive(tracker, 1, MILLI);
        tracker.onAckSent(0);
        long now = 500 * MILLI;
        assertTrue(tracker.hasAcknowledgmentsToReport());
        assertNull(tracker.buildAckFitting(now, 3, 100, now - 20 * MILLI));
        ByteBuffer written = ByteBuffer.allocate(100);
        assertEquals(-1, tracker.writeAckFitting(written, now, 3, now - 20 * MILLI));
        assertEquals(0, written.position());
    }

    @Test
    void anAckElicitingPacketNoAckHasCoveredIsNeverWithheld() {
        // RFC 9000 §13.2.1: every ack-eliciting packet is acknowledged at least once.
        AckTracker tracker = initialWithAcknowledgedPing();
        receive(tracker, 4, 7 * MILLI);
        long now = 1_000 * MILLI;
        assertArrayEquals(new long[] {4, 4, 2, 1}, tracker.buildAckFitting(now, 3, 100, now - 20 * MILLI).ranges());
        tracker.onAckSent(1);
        assertArrayEquals(new long[] {2, 1}, tracker.buildAckFitting(now, 3, 100, now - 20 * MILLI).ranges());
    }

    @Test
    void theApplicationSpaceNeverWithholds() {
        AckTracker tracker = application();
        receive(tracker, 0, 0);
        receive(tracker, 1, 0);
        tracker.onAckSent(0);
        long now = 1_000 * MILLI;
        assertArrayEquals(new long[] {1, 0}, tracker.buildAckFitting(now, 3, 100, now - 20 * MILLI).ranges());
    }
}
