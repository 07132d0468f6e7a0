package dev.jquic.core.connection;

import dev.jquic.core.codec.VarInt;
import dev.jquic.core.frame.AckFrame;
import dev.jquic.core.frame.FrameTypes;
import dev.jquic.core.types.PacketNumberSpace;
import dev.jquic.core.types.RangeSet;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The receive side of one packet number space: which packet numbers arrived, whether a packet
 * is a duplicate, when an ACK frame is due, and the ACK frame itself (RFC 9000 §13.2, §19.3).
 *
 * <h2>Use</h2>
 * After removing packet protection the connection asks {@link #isDuplicate(long)} and discards
 * duplicates (RFC 9000 §12.3); it processes the frames of the others and then calls
 * {@link #onPacketReceived(long, boolean, int, long)}. When {@link #isAckDue(long)} (or when it
 * sends a packet anyway and {@link #hasNewlyReceivedPackets()}) it calls
 * {@link #buildAckFitting(long, int, int)} or {@link #buildAck(long, int, int)}, sends the frame
 * and reports the carrying packet with {@link #onAckSent(long)}. It remembers the frame's Largest
 * Acknowledged with the sent packet (e.g. in its {@code SentPacket} contents); once that packet
 * is acknowledged it calls {@link #onAckOfAckReceived(long)} (RFC 9000 §13.2.4).
 *
 * <h2>When an ACK is due</h2>
 * {@link #ackDeadlineNanos()} is {@link #NO_DEADLINE} until an ack-eliciting packet arrives;
 * non-ack-eliciting packets never set it (RFC 9000 §13.2.1: no non-ack-eliciting packet in
 * response to one). An ack-eliciting packet makes the ACK due at once (the deadline becomes its
 * receive time) when
 * <ul>
 *   <li>the space is Initial or Handshake (RFC 9000 §13.2.1: MUST acknowledge immediately);</li>
 *   <li>its number is below that of an ack-eliciting packet already received, or it is above the
 *       largest such packet and some packet between the two is missing (§13.2.1, out of order);
 *       with no earlier ack-eliciting packet, "missing" means any packet below it not received;</li>
 *   <li>it carries the ECN-CE codepoint (§13.2.1);</li>
 *   <li>it is the {@code ackElicitingThreshold}-th ack-eliciting packet since the last ACK was
 *       sent (§13.2.2: at least every second one by default);</li>
 * </ul>
 * Otherwise the deadline is {@code maxAckDelayNanos} after the first ack-eliciting packet not yet
 * acknowledged (§13.2.1: within max_ack_delay). {@link #onAckSent(long)} clears it.
 * <p>Full packets arriving slowly get no rule of their own. One that acknowledged each of them (at
 * least 1,000 bytes, 0.5 ms or more apart) was tried and removed: Kwik 0.10.3's NewReno grows its
 * window only on an ACK that finds it full to within 3 bytes, and ACKs of one packet each, with
 * their halved increments, froze that window at whatever size it had in about half of the
 * downloads through a 10 Mbit/s, 30 ms bottleneck (8 downloads: 7.45-9.45 Mbit/s; every second
 * packet: 8.58-8.76, one 9.47).
 *
 * <h2>Bounds and duplicates</h2>
 * The received packet numbers live in one {@link RangeSet} of at most {@code maxRanges} ranges
 * (default {@value #DEFAULT_MAX_RANGES}, i.e. 4 KiB of {@code long}s), plus a handful of
 * counters: the state never grows with the number of packets. Duplicate detection is exact for
 * every packet number at or above the <em>duplicate floor</em>
 * ({@link #lowestTrackedPacketNumber()}); everything below it counts as a duplicate and must be
 * dropped (RFC 9000 §12.3, §13.2.3: "maintaining a minimum packet number that increases as ranges
 * are discarded"). The floor starts at 0 and rises only when the range cap is reached: a packet
 * that needs a new range then evicts the oldest range (or, if it lies below all ranges, itself),
 * and the floor moves just above what was evicted. A packet arriving below the floor is
 * therefore dropped even if it was never seen; that only happens after {@code maxRanges} gaps.
 *
 * <p>An acknowledged ACK (§13.2.4) raises a separate <em>report floor</em>
 * ({@link #lowestReportedPacketNumber()}): ranges at or below the Largest Acknowledged of that ACK
 * are no longer sent. They stay in the set so that duplicate detection stays exact below the
 * report floor too, until the cap evicts them. A late packet between the two floors is accepted
 * (it is not a duplicate) but not reported; the peer will already have declared it lost.
 *
 * <h2>Stale repeats in the Initial and Handshake spaces</h2>
 * An ACK frame sent long after its Largest Acknowledged arrived hands the peer an inflated RTT
 * sample if that ACK newly acknowledges an ack-eliciting packet and the peer cannot subtract the
 * delay: RFC 9002 §5.3 takes the first sample as it is, ACK Delay and all. A lost ACK repeated by a
 * later handshake probe does exactly that (issue #6: quiche's server took a first sample of 9.4 s
 * from a jquic client's repeated Initial ACK; its PTO then outlasted the idle timeout). So the
 * Initial and Handshake trackers remember which ack-eliciting packets an ACK already covered, and
 * {@link #writeAckFitting(ByteBuffer, long, int, long)} and
 * {@link #buildAckFitting(long, int, int, long)}, given a staleness cut-off, leave those packets
 * out when the largest received packet arrived before the cut-off. What remains (the peer's
 * ACK-only packets) still lets the peer declare its lost packets lost (RFC 9002 §6.1), and gives no
 * RTT sample (§5.1: none without a newly acknowledged ack-eliciting packet). Every packet is still
 * acknowledged once (RFC 9000 §13.2.1); §13.2.4 lets a receiver send fewer ranges than it holds.
 * The ACK Delay of such a frame still counts from the largest packet received, which may be
 * withheld; it then understates the delay of a packet that gives no RTT sample. The connection
 * sets the cut-off ({@code DatagramAssembler.staleAckCutoff}).
 *
 * <p>Single-threaded and not thread-safe: the connection's owner thread confines it.
 */
public final class AckTracker {

    /** Default cap on the number of disjoint ranges of received packet numbers. */
    public static final int DEFAULT_MAX_RANGES = 256;
    /** RFC 9000 §13.2.2: a receiver SHOULD send an ACK after at least two ack-eliciting packets. */
    public static final int DEFAULT_ACK_ELICITING_THRESHOLD = 2;
    /** {@link #ackDeadlineNanos()} when no ACK is pending. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    /** ECN field of the IP header (RFC 3168 §5): Not-ECT. */
    public static final int ECN_NOT_ECT = 0b00;
    /** ECN field of the IP header (RFC 3168 §5): ECT(1). */
    public static final int ECN_ECT_1 = 0b01;
    /** ECN field of the IP header (RFC 3168 §5): ECT(0). */
    public static final int ECN_ECT_0 = 0b10;
    /** ECN field of the IP header (RFC 3168 §5): Congestion Experienced. */
    public static final int ECN_CE = 0b11;

    /** {@link #writeAckFitting(ByteBuffer, long, int, long)}'s cut-off that withholds nothing. */
    public static final long NEVER_STALE = Long.MIN_VALUE;
    /** Ranges of ack-eliciting packet numbers remembered in a handshake space; more are not withheld. */
    private static final int MAX_ACK_ELICITING_RANGES = 16;

    /** RFC 9000 §18.2: ack_delay_exponent values above 20 are invalid. */
    private static final int MAX_ACK_DELAY_EXPONENT = 20;

    private final PacketNumberSpace space;
    private final long maxAckDelayNanos;
    private final int ackElicitingThreshold;
    private final RangeSet received;
    /** Initial and Handshake only (else null): ack-eliciting packets no ACK sent has covered yet. */
    private final RangeSet ackElicitingUnreported;
    /** Initial and Handshake only: ack-eliciting packets an ACK sent has covered. */
    private final RangeSet ackElicitingReported;
    /** Initial and Handshake only: the received set less what a stale repeat withholds. */
    private final RangeSet withheldView;

    /** Everything below is a duplicate (evicted by the cap). */
    private long duplicateFloor;
    /** Ranges below are no longer reported (acknowledged ACK frames). */
    private long reportFloor;

    private long largestReceived = -1;
    private long largestReceivedTimeNanos;
    private long firstReceivedTimeNanos;
    private long largestAckElicitingReceived = -1;

    private int ackElicitingSinceLastAck;
    private boolean newPacketsSinceLastAck;
    private long ackDeadlineNanos = NO_DEADLINE;
    private long lastAckPacketNumber = -1;

    private long ect0Count;
    private long ect1Count;
    private long ecnCeCount;

    /**
     * A tracker with the default ack-eliciting threshold and range cap.
     *
     * @param space the packet number space this tracker serves
     * @param maxAckDelayNanos our max_ack_delay transport parameter (RFC 9000 §18.2), in
     *     nanoseconds; unused for the Initial and Handshake spaces, which acknowledge immediately
     */
    public AckTracker(PacketNumberSpace space, long maxAckDelayNanos) {
        this(space, maxAckDelayNanos, DEFAULT_ACK_ELICITING_THRESHOLD, DEFAULT_MAX_RANGES);
    }

    /**
     * @param space the packet number space this tracker serves
     * @param maxAckDelayNanos our max_ack_delay in nanoseconds (≥ 0)
     * @param ackElicitingThreshold send an ACK once this many ack-eliciting packets arrived since
     *     the last one (≥ 1)
     * @param maxRanges cap on the disjoint ranges remembered (≥ 1)
     */
    public AckTracker(PacketNumberSpace space, long maxAckDelayNanos, int ackElicitingThreshold, int maxRanges) {
        this.space = Objects.requireNonNull(space, "space");
        if (maxAckDelayNanos < 0) {
            throw new IllegalArgumentException("negative max ack delay: " + maxAckDelayNanos);
        }
        if (ackElicitingThreshold < 1) {
            throw new IllegalArgumentException("ack-eliciting threshold must be at least 1: " + ackElicitingThreshold);
        }
        this.maxAckDelayNanos = maxAckDelayNanos;
        this.ackElicitingThreshold = ackElicitingThreshold;
        this.received = new RangeSet(maxRanges);
        if (space == PacketNumberSpace.APPLICATION) {
            ackElicitingUnreported = null;
            ackElicitingReported = null;
            withheldView = null;
        } else {
            ackElicitingUnreported = new RangeSet(MAX_ACK_ELICITING_RANGES);
            ackElicitingReported = new RangeSet(MAX_ACK_ELICITING_RANGES);
            // Withholding splits a range at most once per withheld range: removal never fails.
            withheldView = new RangeSet(maxRanges + MAX_ACK_ELICITING_RANGES);
        }
    }

    public PacketNumberSpace space() {
        return space;
    }

    /**
     * Whether a packet with this number must be discarded as a duplicate (RFC 9000 §12.3): it was
     * received before, or it lies below {@link #lowestTrackedPacketNumber()}.
     */
    public boolean isDuplicate(long packetNumber) {
        return packetNumber < duplicateFloor || received.contains(packetNumber);
    }

    /**
     * Records a packet whose protection was removed and whose frames were processed.
     *
     * @param packetNumber the full (decoded) packet number, 0..2^62-1
     * @param ackEliciting whether the packet carried an ack-eliciting frame (RFC 9002 §2)
     * @param ecnCodepoint the ECN field of the IP header carrying the packet: {@link #ECN_NOT_ECT},
     *     {@link #ECN_ECT_0}, {@link #ECN_ECT_1} or {@link #ECN_CE} (Not-ECT if unknown)
     * @param nowNanos when the packet arrived; pass the arrival time of a packet that was
     *     buffered for lack of keys, so the ACK Delay includes that wait (RFC 9000 §13.2.5)
     * @return {@code false} if the packet is a duplicate and nothing was recorded
     */
    public boolean onPacketReceived(long packetNumber, boolean ackEliciting, int ecnCodepoint, long nowNanos) {
        if (packetNumber < 0 || packetNumber > VarInt.MAX_VALUE) {
            throw new IllegalArgumentException("packet number out of range: " + packetNumber);
        }
        if (ecnCodepoint < ECN_NOT_ECT || ecnCodepoint > ECN_CE) {
            throw new IllegalArgumentException("not an ECN codepoint: " + ecnCodepoint);
        }
        // RFC 9000 §12.3: a receiver MUST discard a packet it may already have processed.
        if (isDuplicate(packetNumber)) {
            return false;
        }
        boolean outOfOrder = ackEliciting && isOutOfOrder(packetNumber);
        record(packetNumber);
        // RFC 9000 §13.4.1: ECN counts rise once per processed (non-duplicate) packet.
        switch (ecnCodepoint) {
            case ECN_ECT_0 -> ect0Count++;
            case ECN_ECT_1 -> ect1Count++;
            case ECN_CE -> ecnCeCount++;
            default -> {
            }
        }
        if (largestReceived < 0) {
            firstReceivedTimeNanos = nowNanos;
        }
        if (packetNumber > largestReceived) {
            largestReceived = packetNumber;
            largestReceivedTimeNanos = nowNanos;
        }
        newPacketsSinceLastAck = true;
        if (!ackEliciting) {
            // RFC 9000 §13.2.1: non-ack-eliciting packets never cause an ACK on their own.
            return true;
        }
        if (packetNumber > largestAckElicitingReceived) {
            largestAckElicitingReceived = packetNumber;
        }
        if (ackElicitingUnreported != null) {
            // At the cap the packet is simply never withheld.
            ackElicitingUnreported.add(packetNumber);
        }
        ackElicitingSinceLastAck++;
        if (space != PacketNumberSpace.APPLICATION
                || outOfOrder
                || ecnCodepoint == ECN_CE
                || ackElicitingSinceLastAck >= ackElicitingThreshold) {
            // RFC 9000 §13.2.1: ack-eliciting Initial and Handshake packets MUST be acknowledged
            // immediately; out-of-order and CE-marked ones SHOULD be; §13.2.2: every second one.
            ackDeadlineNanos = Math.min(ackDeadlineNanos, nowNanos);
        } else {
            // RFC 9000 §13.2.1: ack-eliciting packets MUST be acknowledged within max_ack_delay.
            ackDeadlineNanos = Math.min(ackDeadlineNanos, saturatingAdd(nowNanos, maxAckDelayNanos));
        }
        return true;
    }

    /** RFC 9000 §13.2.1's two out-of-order cases, judged before the packet is recorded. */
    private boolean isOutOfOrder(long packetNumber) {
        if (packetNumber < largestAckElicitingReceived) {
            return true;
        }
        // Missing packets between the largest ack-eliciting packet and this one; numbers below
        // the duplicate floor count as received.
        long firstBetween = Math.max(largestAckElicitingReceived + 1, duplicateFloor);
        return firstBetween < packetNumber && !received.containsAll(firstBetween, packetNumber);
    }

    /** Adds the packet number, evicting the oldest range when the cap is reached. */
    private void record(long packetNumber) {
        if (received.add(packetNumber)) {
            return;
        }
        // At the cap and the packet needs a range of its own: evict the lowest of the ranges,
        // counting the new one, and raise the duplicate floor just above it.
        if (packetNumber < received.rangeStart(0)) {
            duplicateFloor = packetNumber + 1;
            return;
        }
        duplicateFloor = received.rangeEnd(0);
        received.removeFirstRange();
        if (!received.add(packetNumber)) {
            throw new IllegalStateException("range set still full after eviction");
        }
    }

    /** The largest packet number received so far, or -1 (RFC 9000 §13.2.3: always retained). */
    public long largestReceived() {
        return largestReceived;
    }

    /** When the largest packet number was received (meaningless while none was). */
    public long largestReceivedTimeNanos() {
        return largestReceivedTimeNanos;
    }

    /** When the first packet of this space was received (meaningless while none was). */
    public long firstReceivedTimeNanos() {
        return firstReceivedTimeNanos;
    }

    /** Everything below this packet number counts as a duplicate. */
    public long lowestTrackedPacketNumber() {
        return duplicateFloor;
    }

    /** Packets below this number are no longer reported in ACK frames (RFC 9000 §13.2.4). */
    public long lowestReportedPacketNumber() {
        return Math.max(reportFloor, duplicateFloor);
    }

    /** Ack-eliciting packets received since the last ACK was sent. */
    public int ackElicitingSinceLastAck() {
        return ackElicitingSinceLastAck;
    }

    /**
     * Whether any packet, ack-eliciting or not, arrived since the last ACK was sent: a packet
     * that is sent anyway SHOULD then carry an ACK frame (RFC 9000 §13.2).
     */
    public boolean hasNewlyReceivedPackets() {
        return newPacketsSinceLastAck;
    }

    /**
     * Whether some packet received is still to be reported: one at or above the report floor, that
     * is, not covered by an ACK the peer is known to have received (RFC 9000 §13.2.4). True after
     * an ACK was sent whose carrying packet may have been lost.
     */
    public boolean hasAcknowledgmentsToReport() {
        int count = received.rangeCount();
        return count > 0 && received.rangeEnd(count - 1) > lowestReportedPacketNumber();
    }

    /** Whether any ack-eliciting packet has arrived in this space. */
    public boolean hasReceivedAckEliciting() {
        return largestAckElicitingReceived >= 0;
    }

    /** When an ACK frame must be sent, or {@link #NO_DEADLINE}; see the class comment. */
    public long ackDeadlineNanos() {
        return ackDeadlineNanos;
    }

    /** Whether an ACK frame must be sent now. */
    public boolean isAckDue(long nowNanos) {
        return ackDeadlineNanos != NO_DEADLINE && nowNanos >= ackDeadlineNanos;
    }

    /** Total packets received with ECT(0), ECT(1) and ECN-CE (RFC 9000 §13.4.1). */
    public AckFrame.EcnCounts ecnCounts() {
        return new AckFrame.EcnCounts(ect0Count, ect1Count, ecnCeCount);
    }

    /** {@link #buildAck(long, int, int)} with every range still reported. */
    public AckFrame buildAck(long nowNanos, int ackDelayExponent) {
        return buildAck(nowNanos, ackDelayExponent, Integer.MAX_VALUE);
    }

    /**
     * An ACK frame for the packets received (RFC 9000 §19.3), or {@code null} if none is left to
     * report. Changes nothing; call {@link #onAckSent(long)} once the frame is sent.
     *
     * <p>The ranges run from the largest received packet down (RFC 9000 §13.2.3: always include
     * it), at most {@code maxRanges} of them; older ranges are omitted so the frame fits. The
     * ACK Delay is the time since the largest packet was received, in microseconds shifted right
     * by {@code ackDelayExponent} (§13.2.5, §18.2). ECN counts are included (type 0x03) once any
     * ECN codepoint was seen (§13.4.1).
     *
     * @param ackDelayExponent our ack_delay_exponent transport parameter, 0..20
     * @param maxRanges the most ranges the frame may hold (≥ 1)
     */
    public AckFrame buildAck(long nowNanos, int ackDelayExponent, int maxRanges) {
        requireValidExponent(ackDelayExponent);
        return buildAck(received, nowNanos, ackDelayExponent, maxRanges);
    }

    private AckFrame buildAck(RangeSet reported, long nowNanos, int ackDelayExponent, int maxRanges) {
        if (maxRanges < 1) {
            throw new IllegalArgumentException("maxRanges must be at least 1: " + maxRanges);
        }
        long floor = lowestReportedPacketNumber();
        int count = 0;
        for (int index = reported.rangeCount() - 1; index >= 0 && count < maxRanges; index--) {
            if (reported.rangeEnd(index) <= floor) {
                break;
            }
            count++;
        }
        if (count == 0) {
            return null;
        }
        long[] ranges = new long[2 * count];
        int index = reported.rangeCount() - 1;
        for (int i = 0; i < ranges.length; i += 2, index--) {
            ranges[i] = reported.rangeEnd(index) - 1;
            ranges[i + 1] = Math.max(reported.rangeStart(index), floor);
        }
        return AckFrame.of(ranges, encodeAckDelay(nowNanos, ackDelayExponent), ecnCountsIfSeen());
    }

    /** {@link #buildAckFitting(long, int, int, long)} withholding nothing. */
    public AckFrame buildAckFitting(long nowNanos, int ackDelayExponent, int maxBytes) {
        return buildAckFitting(nowNanos, ackDelayExponent, maxBytes, NEVER_STALE);
    }

    /**
     * {@link #buildAck(long, int, int)} with as many ranges, highest first, as fit in
     * {@code maxBytes} bytes of encoded frame (RFC 9000 §13.2.3: older ranges are omitted so the
     * ACK frame fits in the packet), or {@code null} if nothing is left to report or not even
     * the first range fits.
     *
     * @param staleBeforeNanos in the Initial and Handshake spaces, if the largest packet received
     *     arrived before this time, ack-eliciting packets an earlier ACK covered are left out (see
     *     the class comment); {@link #NEVER_STALE} leaves nothing out
     */
    public AckFrame buildAckFitting(long nowNanos, int ackDelayExponent, int maxBytes, long staleBeforeNanos) {
        requireValidExponent(ackDelayExponent);
        RangeSet reported = reportedRanges(staleBeforeNanos);
        int count = rangesFitting(reported, nowNanos, ackDelayExponent, maxBytes);
        return count == 0 ? null : buildAck(reported, nowNanos, ackDelayExponent, count);
    }

    /** {@link #writeAckFitting(ByteBuffer, long, int, long)} withholding nothing. */
    public long writeAckFitting(ByteBuffer out, long nowNanos, int ackDelayExponent) {
        return writeAckFitting(out, nowNanos, ackDelayExponent, NEVER_STALE);
    }

    /**
     * Writes the frame {@link #buildAckFitting(long, int, int, long)} would build straight into
     * {@code out}, up to its remaining bytes, without building it: no range array and no frame
     * object per ACK sent (ConnectionTransferBenchmark). Changes nothing else; call
     * {@link #onAckSent(long)} once the packet is sent.
     *
     * @return the frame's Largest Acknowledged, or -1 if nothing was written
     */
    public long writeAckFitting(ByteBuffer out, long nowNanos, int ackDelayExponent, long staleBeforeNanos) {
        requireValidExponent(ackDelayExponent);
        RangeSet reported = reportedRanges(staleBeforeNanos);
        int count = rangesFitting(reported, nowNanos, ackDelayExponent, out.remaining());
        if (count == 0) {
            return -1;
        }
        long floor = lowestReportedPacketNumber();
        boolean ecn = ect0Count != 0 || ect1Count != 0 || ecnCeCount != 0;
        int index = reported.rangeCount() - 1;
        long largest = reported.rangeEnd(index) - 1;
        long smallest = Math.max(reported.rangeStart(index), floor);
        out.put((byte) (ecn ? FrameTypes.ACK_ECN : FrameTypes.ACK));
        VarInt.write(out, largest);
        VarInt.write(out, encodeAckDelay(nowNanos, ackDelayExponent));
        VarInt.write(out, count - 1);
        VarInt.write(out, largest - smallest);
        for (int i = 1; i < count; i++) {
            index--;
            long rangeLargest = reported.rangeEnd(index) - 1;
            long rangeSmallest = Math.max(reported.rangeStart(index), floor);
            VarInt.write(out, smallest - rangeLargest - 2);
            VarInt.write(out, rangeLargest - rangeSmallest);
            smallest = rangeSmallest;
        }
        if (ecn) {
            VarInt.write(out, ect0Count);
            VarInt.write(out, ect1Count);
            VarInt.write(out, ecnCeCount);
        }
        return largest;
    }

    /**
     * The packets an ACK sent now reports: all received ones, or, for a stale repeat in the
     * Initial or Handshake space, those less the ack-eliciting packets already covered (see the
     * class comment).
     */
    private RangeSet reportedRanges(long staleBeforeNanos) {
        if (withheldView == null || staleBeforeNanos == NEVER_STALE || ackElicitingReported.isEmpty()
                || largestReceived < 0 || largestReceivedTimeNanos - staleBeforeNanos >= 0) {
            return received;
        }
        withheldView.clear();
        for (int i = 0; i < received.rangeCount(); i++) {
            withheldView.add(received.rangeStart(i), received.rangeEnd(i));
        }
        for (int i = 0; i < ackElicitingReported.rangeCount(); i++) {
            withheldView.remove(ackElicitingReported.rangeStart(i), ackElicitingReported.rangeEnd(i));
        }
        return withheldView;
    }

    /** How many ranges of {@code reported}, highest first, fit in {@code maxBytes} of encoded ACK frame; 0 if none. */
    private int rangesFitting(RangeSet reported, long nowNanos, int ackDelayExponent, int maxBytes) {
        long floor = lowestReportedPacketNumber();
        int index = reported.rangeCount() - 1;
        if (index < 0 || reported.rangeEnd(index) <= floor) {
            return 0;
        }
        long largest = reported.rangeEnd(index) - 1;
        long previousSmallest = Math.max(reported.rangeStart(index), floor);
        int fixedBytes = 1 + VarInt.encodedLength(largest)
                + VarInt.encodedLength(encodeAckDelay(nowNanos, ackDelayExponent))
                + VarInt.encodedLength(largest - previousSmallest);
        if (ect0Count != 0 || ect1Count != 0 || ecnCeCount != 0) {
            fixedBytes += VarInt.encodedLength(ect0Count) + VarInt.encodedLength(ect1Count)
                    + VarInt.encodedLength(ecnCeCount);
        }
        if (fixedBytes + 1 > maxBytes) {
            return 0;
        }
        int rangeBytes = 0;
        int count = 1;
        for (index--; index >= 0 && reported.rangeEnd(index) > floor; index--) {
            long rangeLargest = reported.rangeEnd(index) - 1;
            long rangeSmallest = Math.max(reported.rangeStart(index), floor);
            int extraBytes = VarInt.encodedLength(previousSmallest - rangeLargest - 2)
                    + VarInt.encodedLength(rangeLargest - rangeSmallest);
            // With this range the ACK Range Count field holds count (one more than before).
            if (fixedBytes + VarInt.encodedLength(count) + rangeBytes + extraBytes > maxBytes) {
                break;
            }
            rangeBytes += extraBytes;
            count++;
            previousSmallest = rangeSmallest;
        }
        return count;
    }

    private static void requireValidExponent(int ackDelayExponent) {
        if (ackDelayExponent < 0 || ackDelayExponent > MAX_ACK_DELAY_EXPONENT) {
            throw new IllegalArgumentException("ack delay exponent out of range: " + ackDelayExponent);
        }
    }

    private long encodeAckDelay(long nowNanos, int ackDelayExponent) {
        // RFC 9000 §13.2.5: only the delay since the largest packet was received, which we control.
        long delayMicros = Math.max(0, nowNanos - largestReceivedTimeNanos) / 1_000;
        return Math.min(delayMicros >>> ackDelayExponent, VarInt.MAX_VALUE);
    }

    private AckFrame.EcnCounts ecnCountsIfSeen() {
        if (ect0Count == 0 && ect1Count == 0 && ecnCeCount == 0) {
            return null;
        }
        return new AckFrame.EcnCounts(ect0Count, ect1Count, ecnCeCount);
    }

    /**
     * An ACK frame built by {@link #buildAck} left in the packet with this number: the pending
     * ack-eliciting count and the deadline start over (RFC 9000 §13.2.1: at most one ACK-only
     * packet per ack-eliciting packet received).
     */
    public void onAckSent(long packetNumberOfPacketCarryingIt) {
        if (packetNumberOfPacketCarryingIt < 0) {
            throw new IllegalArgumentException("negative packet number: " + packetNumberOfPacketCarryingIt);
        }
        lastAckPacketNumber = packetNumberOfPacketCarryingIt;
        if (ackElicitingUnreported != null) {
            for (int i = 0; i < ackElicitingUnreported.rangeCount(); i++) {
                // At the cap the packet is simply never withheld.
                ackElicitingReported.add(ackElicitingUnreported.rangeStart(i), ackElicitingUnreported.rangeEnd(i));
            }
            ackElicitingUnreported.clear();
        }
        ackElicitingSinceLastAck = 0;
        newPacketsSinceLastAck = false;
        ackDeadlineNanos = NO_DEADLINE;
    }

    /** Number of our packet that carried the last ACK frame, or -1. */
    public long lastAckPacketNumber() {
        return lastAckPacketNumber;
    }

    /**
     * A packet carrying one of our ACK frames was acknowledged (RFC 9000 §13.2.4): packets at or
     * below that frame's Largest Acknowledged are no longer reported. Duplicate detection for
     * them is unaffected (see the class comment).
     */
    public void onAckOfAckReceived(long largestAckedInOurAck) {
        if (largestAckedInOurAck < 0 || largestAckedInOurAck > VarInt.MAX_VALUE) {
            throw new IllegalArgumentException("packet number out of range: " + largestAckedInOurAck);
        }
        reportFloor = Math.max(reportFloor, largestAckedInOurAck + 1);
    }

    private static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    @Override
    public String toString() {
        return "AckTracker[" + space + ", received=" + received + ", duplicateFloor=" + duplicateFloor
                + ", reportFloor=" + reportFloor + ", largest=" + largestReceived
                + ", pendingAckEliciting=" + ackElicitingSinceLastAck + ", deadline=" + ackDeadlineNanos + "]";
    }
}
