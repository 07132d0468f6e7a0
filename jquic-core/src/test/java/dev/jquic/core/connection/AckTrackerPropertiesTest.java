package dev.jquic.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.frame.AckFrame;
import dev.jquic.core.types.PacketNumberSpace;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** AckTracker against a TreeSet model of the packet numbers received. */
class AckTrackerPropertiesTest {

    /** One step: receive {@code packetNumber}, or (kind 3) acknowledge the ACK last built. */
    record Step(int kind, long packetNumber, boolean ackEliciting) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(
                Arbitraries.integers().between(0, 9),
                Arbitraries.longs().between(0, 120),
                Arbitraries.of(true, false)).as(Step::new);
        return step.list().ofMaxSize(200);
    }

    /**
     * With a cap large enough never to evict: isDuplicate is true exactly for packets already
     * seen, and buildAck() reports exactly the distinct packets above the report floor.
     */
    @Property(tries = 500)
    void ranges_are_exactly_the_distinct_packets_received(@ForAll("steps") List<Step> steps) {
        AckTracker tracker = new AckTracker(PacketNumberSpace.APPLICATION, 25_000_000, 2, 1_000);
        TreeSet<Long> seen = new TreeSet<>();
        long reportFloor = 0;
        AckFrame lastBuilt = null;
        long now = 0;
        for (Step step : steps) {
            now += 1_000;
            if (step.kind() == 9) {
                if (lastBuilt != null) {
                    tracker.onAckOfAckReceived(lastBuilt.largestAcknowledged());
                    reportFloor = Math.max(reportFloor, lastBuilt.largestAcknowledged() + 1);
                }
                continue;
            }
            long packetNumber = step.packetNumber();
            boolean wasSeen = seen.contains(packetNumber);
            assertEquals(wasSeen, tracker.isDuplicate(packetNumber), () -> "isDuplicate(" + packetNumber + ")");
            assertEquals(!wasSeen, tracker.onPacketReceived(packetNumber, step.ackEliciting(), 0, now));
            seen.add(packetNumber);
            assertTrue(tracker.isDuplicate(packetNumber));
            assertEquals(seen.last(), tracker.largestReceived());
            AckFrame ack = tracker.buildAck(now, 3);
            TreeSet<Long> expected = new TreeSet<>(seen.tailSet(reportFloor));
            if (expected.isEmpty()) {
                assertNull(ack);
                continue;
            }
            assertEquals(expected, acknowledgedBy(ack));
            assertEquals(seen.last(), ack.largestAcknowledged());
            if (step.kind() < 3) {
                tracker.onAckSent(step.kind());
                lastBuilt = ack;
                assertFalse(tracker.isAckDue(now));
            }
        }
        assertEquals(0, tracker.lowestTrackedPacketNumber());
        for (long packetNumber = 0; packetNumber <= 121; packetNumber++) {
            assertEquals(seen.contains(packetNumber), tracker.isDuplicate(packetNumber));
        }
    }

    /**
     * With a small cap: every packet accepted once is a duplicate afterwards; reported ranges are
     * received packets, include the largest, and never exceed the cap; a packet is accepted
     * exactly when it was not seen and lies at or above the duplicate floor.
     */
    @Property(tries = 500)
    void with_a_cap_duplicates_are_never_accepted(@ForAll("steps") List<Step> steps,
            @ForAll @IntRange(min = 1, max = 6) int maxRanges) {
        AckTracker tracker = new AckTracker(PacketNumberSpace.APPLICATION, 25_000_000, 2, maxRanges);
        TreeSet<Long> seen = new TreeSet<>();
        long previousFloor = 0;
        for (Step step : steps) {
            long packetNumber = step.packetNumber();
            boolean expectAccepted = !seen.contains(packetNumber) && packetNumber >= tracker.lowestTrackedPacketNumber();
            assertEquals(!expectAccepted, tracker.isDuplicate(packetNumber));
            assertEquals(expectAccepted, tracker.onPacketReceived(packetNumber, step.ackEliciting(), 0, 0));
            seen.add(packetNumber);
            assertTrue(tracker.isDuplicate(packetNumber));
            long floor = tracker.lowestTrackedPacketNumber();
            assertTrue(floor >= previousFloor, "duplicate floor never falls");
            previousFloor = floor;
            AckFrame ack = tracker.buildAck(0, 3);
            assertTrue(ack.rangeCount() <= maxRanges);
            assertEquals(seen.last(), ack.largestAcknowledged());
            TreeSet<Long> acknowledged = acknowledgedBy(ack);
            assertTrue(seen.containsAll(acknowledged), "only received packets are acknowledged");
            // Every received packet at or above the floor is tracked and reported.
            assertEquals(new TreeSet<>(seen.tailSet(floor)), acknowledged);
        }
    }

    /** An ACK is due at once whenever an ack-eliciting packet arrives out of order (§13.2.1). */
    @Property(tries = 300)
    void out_of_order_ack_eliciting_packets_make_the_ack_due(@ForAll("steps") List<Step> steps) {
        AckTracker tracker = new AckTracker(PacketNumberSpace.APPLICATION, 25_000_000, 1_000, 1_000);
        TreeSet<Long> seen = new TreeSet<>();
        long largestAckEliciting = -1;
        long now = 0;
        for (Step step : steps) {
            now += 1_000;
            long packetNumber = step.packetNumber();
            if (seen.contains(packetNumber)) {
                continue;
            }
            boolean missingBetween = false;
            for (long between = largestAckEliciting + 1; between < packetNumber; between++) {
                missingBetween |= !seen.contains(between);
            }
            boolean outOfOrder = packetNumber < largestAckEliciting || missingBetween;
            tracker.onPacketReceived(packetNumber, step.ackEliciting(), 0, now);
            seen.add(packetNumber);
            if (step.ackEliciting()) {
                largestAckEliciting = Math.max(largestAckEliciting, packetNumber);
                assertEquals(outOfOrder, tracker.isAckDue(now), () -> "packet " + packetNumber);
            } else {
                assertFalse(tracker.isAckDue(now));
            }
            tracker.onAckSent(0);
        }
    }

    /**
     * buildAckFitting keeps the most ranges, highest first, whose encoding fits in maxBytes:
     * the frame fits, and one more range would not.
     */
    @Property(tries = 500)
    void build_ack_fitting_keeps_the_most_ranges_that_fit(@ForAll("packetNumbers") List<Long> packetNumbers,
            @ForAll @IntRange(min = 0, max = 400) int maxBytes,
            @ForAll @IntRange(min = 0, max = 3) int ecnCodepoint,
            @ForAll @IntRange(min = 0, max = 20) int exponent,
            @ForAll @IntRange(min = 0, max = 3_000_000) long delayMicros) {
        AckTracker tracker = new AckTracker(PacketNumberSpace.APPLICATION, 25_000_000, 2, 1_000);
        for (long packetNumber : packetNumbers) {
            tracker.onPacketReceived(packetNumber, true, ecnCodepoint, 0);
        }
        long now = delayMicros * 1_000;
        AckFrame all = tracker.buildAck(now, exponent);
        AckFrame fitting = tracker.buildAckFitting(now, exponent, maxBytes);
        if (fitting == null) {
            assertTrue(all == null || tracker.buildAck(now, exponent, 1).encodedLength() > maxBytes);
            return;
        }
        assertTrue(fitting.encodedLength() <= maxBytes, () -> fitting + " in " + maxBytes);
        int count = fitting.rangeCount();
        assertEquals(tracker.buildAck(now, exponent, count), fitting);
        if (count < all.rangeCount()) {
            assertTrue(tracker.buildAck(now, exponent, count + 1).encodedLength() > maxBytes);
        }
    }

    /** writeAckFitting writes exactly the bytes of buildAckFitting's frame, and nothing when it builds none. */
    @Property(tries = 500)
    void write_ack_fitting_writes_the_fitting_frame_bytes(@ForAll("packetNumbers") List<Long> packetNumbers,
            @ForAll @IntRange(min = 0, max = 400) int maxBytes,
            @ForAll @IntRange(min = 0, max = 3) int ecnCodepoint,
            @ForAll @IntRange(min = 0, max = 20) int exponent,
            @ForAll @IntRange(min = 0, max = 3_000_000) long delayMicros) {
        AckTracker tracker = new AckTracker(PacketNumberSpace.APPLICATION, 25_000_000, 2, 1_000);
        for (long packetNumber : packetNumbers) {
            tracker.onPacketReceived(packetNumber, true, ecnCodepoint, 0);
        }
        long now = delayMicros * 1_000;
        AckFrame fitting = tracker.buildAckFitting(now, exponent, maxBytes);
        java.nio.ByteBuffer written = java.nio.ByteBuffer.allocate(maxBytes);
        long largest = tracker.writeAckFitting(written, now, exponent);
        if (fitting == null) {
            assertEquals(-1, largest);
            assertEquals(0, written.position());
            return;
        }
        java.nio.ByteBuffer expected = java.nio.ByteBuffer.allocate(fitting.encodedLength());
        fitting.encode(expected);
        assertEquals(fitting.largestAcknowledged(), largest);
        assertEquals(expected.flip(), written.flip());
    }

    /** One handshake-space packet for the stale-repeat property: whether it elicits an ACK, and whether we send one after it. */
    record Arrival(boolean ackEliciting, boolean ackSentAfter) {
    }

    @Provide
    Arbitrary<List<Arrival>> arrivals() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false)).as(Arrival::new)
                .list().ofMaxSize(30);
    }

    /**
     * In a handshake space, packets 0, 1, ... arrive 1 ms apart; a stale repeat (largest received
     * before the cut-off) reports exactly the packets received less the ack-eliciting ones an ACK
     * already covered, a fresh one reports all; writeAckFitting writes the same bytes.
     */
    @Property(tries = 500)
    void a_stale_repeat_withholds_exactly_the_acknowledged_ack_eliciting_packets(
            @ForAll("arrivals") List<Arrival> arrivals,
            @ForAll @IntRange(min = 0, max = 40) int cutoffMillis,
            @ForAll boolean handshake) {
        AckTracker tracker = new AckTracker(handshake ? PacketNumberSpace.HANDSHAKE : PacketNumberSpace.INITIAL, 0);
        TreeSet<Long> all = new TreeSet<>();
        TreeSet<Long> withheld = new TreeSet<>();
        TreeSet<Long> unreported = new TreeSet<>();
        long ackPacket = 0;
        for (int i = 0; i < arrivals.size(); i++) {
            Arrival arrival = arrivals.get(i);
            tracker.onPacketReceived(i, arrival.ackEliciting(), AckTracker.ECN_NOT_ECT, i * 1_000_000L);
            all.add((long) i);
            if (arrival.ackEliciting()) {
                unreported.add((long) i);
            }
            if (arrival.ackSentAfter()) {
                tracker.onAckSent(ackPacket++);
                withheld.addAll(unreported);
                unreported.clear();
            }
        }
        long now = 100_000_000L;
        long cutoff = cutoffMillis * 1_000_000L;
        boolean stale = !arrivals.isEmpty() && (arrivals.size() - 1) * 1_000_000L < cutoff;
        TreeSet<Long> expected = new TreeSet<>(all);
        if (stale) {
            expected.removeAll(withheld);
        }
        AckFrame frame = tracker.buildAckFitting(now, 3, 1_000, cutoff);
        if (expected.isEmpty()) {
            assertNull(frame);
        } else {
            assertEquals(expected, acknowledgedBy(frame));
        }
        java.nio.ByteBuffer written = java.nio.ByteBuffer.allocate(1_000);
        long largest = tracker.writeAckFitting(written, now, 3, cutoff);
        if (frame == null) {
            assertEquals(-1, largest);
            assertEquals(0, written.position());
        } else {
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(frame.encodedLength());
            frame.encode(bytes);
            assertEquals(frame.largestAcknowledged(), largest);
            assertEquals(bytes.flip(), written.flip());
        }
    }

    @Provide
    Arbitrary<List<Long>> packetNumbers() {
        Arbitrary<Long> small = Arbitraries.longs().between(0, 300);
        Arbitrary<Long> wide = Arbitraries.longs().between(0, 1L << 32);
        return Arbitraries.oneOf(small, wide).list().ofMaxSize(200);
    }

    private static TreeSet<Long> acknowledgedBy(AckFrame ack) {
        TreeSet<Long> values = new TreeSet<>();
        ack.forEachRange((smallest, largest) -> {
            for (long value = smallest; value <= largest; value++) {
                values.add(value);
            }
        });
        return values;
    }
}
