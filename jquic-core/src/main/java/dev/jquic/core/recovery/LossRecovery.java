package dev.jquic.core.recovery;

import dev.jquic.core.frame.AckFrame;
import dev.jquic.core.types.EndpointRole;
import dev.jquic.core.types.PacketNumberSpace;
import java.util.ArrayList;

/**
 * Loss detection of one connection (RFC 9002 §6, Appendix A): tracks sent packets per packet
 * number space, processes ACK frames (newly acknowledged packets, RTT samples, ECN-CE signals),
 * declares packets lost by packet threshold (3) and time threshold (9/8 RTT, at least 1 ms),
 * runs the single loss detection timer (time threshold or PTO with exponential backoff), detects
 * persistent congestion (§7.6) and discards a space's state (§6.4). It feeds the
 * {@link CongestionController} and reports acknowledged and lost packets to a
 * {@link RecoveryListener}.
 *
 * <p>The connection drives it: {@link #onPacketSent}, {@link #onAckReceived},
 * {@link #onLossDetectionTimeout} when {@link #lossDetectionDeadlineNanos()} has passed,
 * {@link #discardSpace}, and the handshake events. Time is always passed in.
 *
 * <p>Bounds: each space keeps the packets between its oldest unacknowledged packet and its
 * newest one (see {@link SentPacketRing}); the in-flight ones are bounded by the congestion
 * window, which the connection checks before sending (probes excepted, RFC 9002 §7.5).
 * Persistent congestion is judged within the acknowledged space only (§7.6.2 MAY).
 * ACK processing allocates nothing once the internal scratch list has grown.
 *
 * <p>Single-threaded, not thread-safe.
 *
 * @param <T> the connection's type for packet contents (see {@link SentPacket#contents})
 */
public final class LossRecovery<T> implements RecoveryStats {

    /** RFC 9002 §6.1.1: kPacketThreshold. */
    public static final int PACKET_THRESHOLD = 3;
    /** Deadline value meaning "no timer set". */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    private static final PacketNumberSpace[] SPACES = PacketNumberSpace.values();
    /**
     * Slots a space may hold before its oldest packets that do not count in flight (ACK-only)
     * are abandoned: a pure receiver's ACK-only packets are never acknowledged by a peer that
     * has nothing to send, so without this bound the tracker would grow without limit.
     */
    public static final int ABANDON_NOT_IN_FLIGHT_AFTER_SLOTS = 4096;

    private static final int MAX_BACKOFF_SHIFT = 30;

    private final EndpointRole role;
    private final RttEstimator rttEstimator;
    private final CongestionController congestionController;
    private final RecoveryListener<T> listener;
    private final SpaceState<T>[] spaces;
    private final ArrayList<SentPacket<T>> newlyAcknowledged = new ArrayList<>();

    private int ptoCount;
    /** The backed-off PTO base of the timeout that expired last: the next is at most twice it. */
    private long expiredPtoBaseNanos;
    /** Probes a server sent with nothing in flight while waiting for the client's Finished. */
    private int serverWaitProbes;
    private long deadlineNanos = NO_DEADLINE;
    private PacketNumberSpace ptoSpace = PacketNumberSpace.INITIAL;
    private boolean ptoIsServerWaitProbe;
    private boolean hasHandshakeKeys;
    private boolean receivedHandshakeAck;
    private boolean handshakeCompleted;
    private boolean amplificationLimited;

    private long packetsSent;
    private long bytesSent;
    private long packetsLost;
    private long bytesLost;
    private long persistentCongestionCount;

    /** Per-space variables of RFC 9002 Appendix A.3. */
    private static final class SpaceState<T> {
        final SentPacketRing<T> sentPackets = new SentPacketRing<>();
        long largestSentPacketNumber = -1;
        long largestAckedPacketNumber = -1;
        long timeOfLastAckElicitingNanos;
        int ackElicitingInFlight;
        long lossTimeNanos = NO_DEADLINE;
        long ecnCeCount;
    }

    @SuppressWarnings("unchecked")
    public LossRecovery(EndpointRole role, RttEstimator rttEstimator, CongestionController congestionController,
            RecoveryListener<T> listener) {
        this.role = role;
        this.rttEstimator = rttEstimator;
        this.congestionController = congestionController;
        this.listener = listener;
        this.spaces = (SpaceState<T>[]) new SpaceState<?>[SPACES.length];
        for (int i = 0; i < spaces.length; i++) {
            spaces[i] = new SpaceState<>();
        }
    }

    /**
     * A packet was sent in {@code space} at {@code packet.timeSentNanos()} (A.5
     * {@code OnPacketSent}). Packet numbers must increase within a space.
     */
    public void onPacketSent(PacketNumberSpace space, SentPacket<T> packet) {
        SpaceState<T> state = spaces[space.ordinal()];
        abandonOldNotInFlightPackets(space, state.sentPackets);
        state.sentPackets.add(packet);
        state.largestSentPacketNumber = packet.packetNumber();
        packetsSent++;
        bytesSent += packet.sizeBytes();
        if (packet.inFlight()) {
            if (packet.ackEliciting()) {
                state.timeOfLastAckElicitingNanos = packet.timeSentNanos();
                state.ackElicitingInFlight++;
            }
            congestionController.onPacketSent(packet.sizeBytes(), packet.timeSentNanos());
            setLossDetectionTimer(packet.timeSentNanos());
        }
    }

    /**
     * Bounds a space's tracker: while it holds {@link #ABANDON_NOT_IN_FLIGHT_AFTER_SLOTS} slots
     * and its oldest tracked packet does not count in flight, that packet is reported lost (it
     * never affected congestion control; it is not counted in the loss statistics).
     */
    private void abandonOldNotInFlightPackets(PacketNumberSpace space, SentPacketRing<T> ring) {
        ring.dropUntrackedHead();
        while (ring.size() >= ABANDON_NOT_IN_FLIGHT_AFTER_SLOTS && !ring.packetAt(0).inFlight()) {
            SentPacket<T> packet = ring.remove(0, SentPacketRing.LOST);
            ring.dropUntrackedHead();
            listener.onPacketLost(space, packet);
        }
    }

    /**
     * Processes an ACK frame received in {@code space} (A.7 {@code OnAckReceived}): reports the
     * newly lost, then the newly acknowledged packets to the listener, updates the RTT estimate,
     * the congestion controller and the timer.
     *
     * @param ackDelayNanos the frame's ACK Delay decoded with the peer's ack_delay_exponent
     *     (ignored in the Initial space, RFC 9002 §5.3)
     * @return {@link AckOutcome#UNSENT_PACKET_ACKNOWLEDGED} (nothing changed) if the frame
     *     acknowledges a packet number never sent in {@code space}: above the largest sent, or
     *     a number the sender skipped within the span of packets still remembered
     */
    public AckOutcome onAckReceived(PacketNumberSpace space, AckFrame ack, long ackDelayNanos, long nowNanos) {
        SpaceState<T> state = spaces[space.ordinal()];
        long largestAcknowledged = ack.largestAcknowledged();
        // RFC 9000 §13.1: an ACK for a packet never sent MAY be treated as PROTOCOL_VIOLATION.
        if (largestAcknowledged > state.largestSentPacketNumber || acknowledgesSkippedNumber(state, ack)) {
            return AckOutcome.UNSENT_PACKET_ACKNOWLEDGED;
        }
        if (space == PacketNumberSpace.HANDSHAKE) {
            receivedHandshakeAck = true;
        }
        state.largestAckedPacketNumber = Math.max(state.largestAckedPacketNumber, largestAcknowledged);

        boolean includesAckEliciting = collectNewlyAcknowledged(state, ack);
        if (newlyAcknowledged.isEmpty()) {
            return AckOutcome.NOTHING_NEW;
        }
        SentPacket<T> largestNewlyAcked = newlyAcknowledged.get(newlyAcknowledged.size() - 1);
        // RFC 9002 §5.1: sample only if the largest is newly acked; MUST NOT without an ack-eliciting one.
        if (largestNewlyAcked.packetNumber() == largestAcknowledged && includesAckEliciting) {
            long latestRttNanos = Math.max(0, nowNanos - largestNewlyAcked.timeSentNanos());
            // RFC 9002 §5.3: the Initial ack delay MAY be ignored; we use it, since a server's
            // repeated Initial ACK reports the wait its lost first copy caused (RttEstimator).
            long ackDelay = Math.max(0, ackDelayNanos);
            rttEstimator.addSample(latestRttNanos, ackDelay, nowNanos);
        }
        AckFrame.EcnCounts ecn = ack.ecnCounts();
        if (ecn != null && ecn.ecnCeCount() > state.ecnCeCount) {
            // RFC 9002 §7.1 / B.7: an increased ECN-CE count is a congestion signal.
            state.ecnCeCount = ecn.ecnCeCount();
            congestionController.onCongestionEvent(largestNewlyAcked.timeSentNanos(), nowNanos);
        }

        detectAndRemoveLostPackets(space, nowNanos);

        long smoothedRttNanos = rttEstimator.smoothedRttNanos();
        for (int i = 0; i < newlyAcknowledged.size(); i++) {
            SentPacket<T> packet = newlyAcknowledged.get(i);
            if (packet.inFlight()) {
                congestionController.onPacketAcknowledged(
                        packet.sizeBytes(), packet.timeSentNanos(), smoothedRttNanos, nowNanos);
            }
            listener.onPacketAcknowledged(space, packet);
        }
        newlyAcknowledged.clear();

        // RFC 9002 §6.2.1: a client unsure of address validation does not reset the backoff
        // (nor, here, one still waiting for the server's handshake flight: see mayIdle()).
        if (mayResetBackoff()) {
            ptoCount = 0;
        }
        setLossDetectionTimer(nowNanos);
        return AckOutcome.NEWLY_ACKNOWLEDGED;
    }

    private static boolean acknowledgesSkippedNumber(SpaceState<?> state, AckFrame ack) {
        for (int range = 0; range < ack.rangeCount(); range++) {
            if (state.sentPackets.coversUnsentNumber(ack.rangeSmallest(range), ack.rangeLargest(range))) {
                return true;
            }
        }
        return false;
    }

    /** Moves the tracked packets covered by {@code ack} into the scratch list, ascending. */
    private boolean collectNewlyAcknowledged(SpaceState<T> state, AckFrame ack) {
        SentPacketRing<T> ring = state.sentPackets;
        boolean includesAckEliciting = false;
        for (int range = ack.rangeCount() - 1; range >= 0; range--) {
            long rangeLargest = ack.rangeLargest(range);
            for (int index = ring.firstIndexAtLeast(ack.rangeSmallest(range));
                    index < ring.size() && ring.packetNumberAt(index) <= rangeLargest;
                    index++) {
                if (ring.stateAt(index) != SentPacketRing.TRACKED) {
                    continue;
                }
                SentPacket<T> packet = ring.remove(index, SentPacketRing.ACKNOWLEDGED);
                if (packet.ackEliciting() && packet.inFlight()) {
                    state.ackElicitingInFlight--;
                }
                includesAckEliciting |= packet.ackEliciting();
                newlyAcknowledged.add(packet);
            }
        }
        return includesAckEliciting;
    }

    /**
     * A.10 {@code DetectAndRemoveLostPackets} plus B.8 {@code OnPacketsLost}: declares lost every
     * tracked packet at or below the largest acknowledged one that is 3 packets or 9/8 RTT
     * behind, arms the space's loss time for the others, and signals congestion and persistent
     * congestion.
     */
    private void detectAndRemoveLostPackets(PacketNumberSpace space, long nowNanos) {
        SpaceState<T> state = spaces[space.ordinal()];
        state.lossTimeNanos = NO_DEADLINE;
        if (state.largestAckedPacketNumber < 0) {
            return;
        }
        SentPacketRing<T> ring = state.sentPackets;
        long lossDelayNanos = rttEstimator.lossDelayNanos();
        long lostSendTimeNanos = nowNanos - lossDelayNanos;
        boolean inFlightLost = false;
        long timeSentOfLastLossNanos = Long.MIN_VALUE;
        // RFC 9002 §7.6.2: only packets sent after the first RTT sample count.
        boolean persistentCongestionPossible = rttEstimator.hasSample();
        long firstSampleTimeNanos = rttEstimator.firstSampleTimeNanos();
        long persistentCongestionDurationNanos = rttEstimator.persistentCongestionDurationNanos();
        boolean runStarted = false;
        long runStartTimeNanos = 0;
        boolean persistentCongestion = false;

        for (int index = 0; index < ring.size(); index++) {
            long packetNumber = ring.packetNumberAt(index);
            if (packetNumber > state.largestAckedPacketNumber) {
                break;
            }
            byte slotState = ring.stateAt(index);
            if (slotState == SentPacketRing.ACKNOWLEDGED) {
                // RFC 9002 §7.6.2: no packet sent between the two lost packets may be acknowledged.
                runStarted = false;
                continue;
            }
            if (slotState != SentPacketRing.TRACKED) {
                continue;
            }
            SentPacket<T> packet = ring.packetAt(index);
            if (packet.timeSentNanos() <= lostSendTimeNanos
                    || state.largestAckedPacketNumber >= packetNumber + PACKET_THRESHOLD) {
                ring.remove(index, SentPacketRing.LOST);
                packetsLost++;
                bytesLost += packet.sizeBytes();
                // RFC 9000 §14.4: a lost PMTU probe leaves bytes in flight but signals no congestion.
                boolean congestionSignal = !packet.inFlight() || listener.isCongestionSignalWhenLost(space, packet);
                if (packet.inFlight()) {
                    if (packet.ackEliciting()) {
                        state.ackElicitingInFlight--;
                    }
                    congestionController.onPacketLost(packet.sizeBytes());
                    if (congestionSignal) {
                        inFlightLost = true;
                        timeSentOfLastLossNanos = Math.max(timeSentOfLastLossNanos, packet.timeSentNanos());
                    }
                }
                if (packet.ackEliciting() && congestionSignal && persistentCongestionPossible
                        && packet.timeSentNanos() > firstSampleTimeNanos) {
                    if (!runStarted) {
                        runStarted = true;
                        runStartTimeNanos = packet.timeSentNanos();
                    } else if (packet.timeSentNanos() - runStartTimeNanos > persistentCongestionDurationNanos) {
                        persistentCongestion = true;
                    }
                }
                listener.onPacketLost(space, packet);
            } else {
                state.lossTimeNanos = Math.min(state.lossTimeNanos, packet.timeSentNanos() + lossDelayNanos);
            }
        }
        ring.dropUntrackedHead();
        if (inFlightLost) {
            congestionController.onCongestionEvent(timeSentOfLastLossNanos, nowNanos);
        }
        if (persistentCongestion) {
            persistentCongestionCount++;
            // RFC 9002 §7.6.2: the window MUST be reduced to the minimum congestion window.
            congestionController.onPersistentCongestion(nowNanos);
            rttEstimator.onPersistentCongestion();
        }
    }

    /**
     * The loss detection timer expired (A.9 {@code OnLossDetectionTimeout}). Either packets are
     * declared lost by time threshold (reported to the listener; returns {@code null}) or a probe
     * timeout fired: the returned space is where the connection must send one or two
     * ack-eliciting probe packets (new data, else retransmitted data, else PING), not blocked by
     * the congestion window. For a client's anti-deadlock probe (nothing in flight) it is
     * Handshake with Handshake keys, else Initial padded to at least 1200 bytes (§6.2.2.1).
     * Returns {@code null} when called before {@link #lossDetectionDeadlineNanos()}.
     */
    public PacketNumberSpace onLossDetectionTimeout(long nowNanos) {
        if (deadlineNanos == NO_DEADLINE || nowNanos < deadlineNanos) {
            return null;
        }
        PacketNumberSpace lossSpace = earliestLossTimeSpace();
        if (lossSpace != null) {
            detectAndRemoveLostPackets(lossSpace, nowNanos);
            setLossDetectionTimer(nowNanos);
            return null;
        }
        computePtoDeadline(nowNanos);
        PacketNumberSpace probeSpace = ptoSpace;
        if (ptoIsServerWaitProbe) {
            serverWaitProbes++;
        }
        // RFC 9002 §6.2.1: when a PTO timer expires, the PTO backoff MUST be increased.
        expiredPtoBaseNanos = backedOffPtoBase();
        ptoCount++;
        setLossDetectionTimer(nowNanos);
        return probeSpace;
    }

    /** The absolute time of the loss detection timer, or {@link #NO_DEADLINE}. */
    public long lossDetectionDeadlineNanos() {
        return deadlineNanos;
    }

    /**
     * Initial or Handshake keys were discarded (A.11 {@code OnPacketNumberSpaceDiscarded},
     * RFC 9002 §6.4): the space's packets leave bytes in flight without being reported as
     * acknowledged or lost, and the timer is reset.
     */
    public void discardSpace(PacketNumberSpace space, long nowNanos) {
        SpaceState<T> state = spaces[space.ordinal()];
        SentPacketRing<T> ring = state.sentPackets;
        for (int index = 0; index < ring.size(); index++) {
            SentPacket<T> packet = ring.packetAt(index);
            // RFC 9002 §6.4: discarded packets MUST be removed from the count of bytes in flight.
            if (packet != null && packet.inFlight()) {
                congestionController.onPacketDiscarded(packet.sizeBytes());
            }
        }
        ring.clear();
        state.ackElicitingInFlight = 0;
        state.timeOfLastAckElicitingNanos = 0;
        state.lossTimeNanos = NO_DEADLINE;
        ptoCount = 0;
        // RFC 9002 §6.2.2: the PTO and loss detection timers MUST be reset.
        setLossDetectionTimer(nowNanos);
    }

    /**
     * Handshake keys are available: a client's anti-deadlock probe now uses Handshake packets.
     *
     * <p>A client also resets its PTO backoff here, as it would when it discards its Initial keys
     * on sending its first Handshake packet (RFC 9002 A.11, OnPacketNumberSpaceDiscarded) — which
     * it does at once unless every Handshake packet of the server was lost. RFC 9002 §6.2.1 keeps
     * the backoff through Initial ACKs to spare a server slow to answer; the ServerHello is that
     * answer. Issue #6, seed 42004 against quiche: the ClientHello probes had backed off 10 times
     * from a PTO of a few milliseconds, then one sample raised the PTO to 1.3 s; the client, holding
     * the ServerHello but none of quiche's Handshake flight, would have sent its first Handshake
     * probe after 22 minutes, and the connection idled out.
     */
    public void onHandshakeKeysAvailable(long nowNanos) {
        hasHandshakeKeys = true;
        if (role == EndpointRole.CLIENT && ptoCount > 0) {
            ptoCount = 0;
            setLossDetectionTimer(nowNanos);
        }
    }

    /** The TLS handshake is complete here (RFC 9001 §4.1.1). */
    public void onHandshakeCompleted(long nowNanos) {
        handshakeCompleted = true;
        serverWaitProbes = 0;
        setLossDetectionTimer(nowNanos);
    }

    /**
     * The handshake is confirmed (RFC 9001 §4.1.2): arms Application PTOs, limits ack delays.
     * Confirmed implies complete, whether or not {@link #onHandshakeCompleted} came first.
     */
    public void onHandshakeConfirmed(long nowNanos) {
        handshakeCompleted = true;
        serverWaitProbes = 0;
        rttEstimator.onHandshakeConfirmed();
        setLossDetectionTimer(nowNanos);
    }

    /**
     * A server reached its anti-amplification limit (RFC 9000 §8.1): RFC 9002 §6.2.2.1, the PTO
     * timer MUST NOT be armed until more datagrams arrive.
     */
    public void onAmplificationLimitReached(long nowNanos) {
        amplificationLimited = true;
        setLossDetectionTimer(nowNanos);
    }

    /**
     * A datagram lifted the anti-amplification limit (A.6): the timer is re-armed; if its
     * deadline already passed the connection calls {@link #onLossDetectionTimeout} at once.
     */
    public void onAmplificationLimitLifted(long nowNanos) {
        amplificationLimited = false;
        setLossDetectionTimer(nowNanos);
    }

    /**
     * The current probe timeout period of {@code space} (RFC 9002 §6.2.1): (smoothed_rtt +
     * max(4*rttvar, kGranularity)) * 2^pto_count, at most twice the period that expired last (see
     * {@link #backedOffPtoBase()}), plus max_ack_delay * 2^pto_count in the Application space.
     */
    public long probeTimeoutNanos(PacketNumberSpace space) {
        long duration = backedOffPtoBase();
        if (space == PacketNumberSpace.APPLICATION) {
            duration = saturatingAdd(duration, backedOff(rttEstimator.peerMaxAckDelayNanos()));
        }
        return duration;
    }

    /** Packets of {@code space} neither acknowledged nor declared lost. */
    public int trackedPacketCount(PacketNumberSpace space) {
        return spaces[space.ordinal()].sentPackets.trackedCount();
    }

    /** Ack-eliciting in-flight packets of {@code space} still unacknowledged. */
    public int ackElicitingInFlight(PacketNumberSpace space) {
        return spaces[space.ordinal()].ackElicitingInFlight;
    }

    /**
     * The contents of the oldest ack-eliciting packet of {@code space} still in flight, or
     * {@code null}: RFC 9002 §6.2.4 lets a PTO probe carry previously sent data when there is no
     * new data, and the oldest unacknowledged packet is the one the peer most likely misses.
     */
    public T oldestAckElicitingInFlight(PacketNumberSpace space) {
        return ackElicitingInFlight(space, 0);
    }

    /**
     * The contents of the ack-eliciting packet of {@code space} still in flight that has
     * {@code olderCount} such packets before it (0 is the oldest), or {@code null} when there are
     * not that many: the second PTO probe repeats the next-oldest packet, not the first again.
     */
    public T ackElicitingInFlight(PacketNumberSpace space, int olderCount) {
        SentPacketRing<T> ring = spaces[space.ordinal()].sentPackets;
        int seen = 0;
        for (int i = 0; i < ring.size(); i++) {
            SentPacket<T> packet = ring.packetAt(i);
            if (packet != null && packet.ackEliciting() && packet.inFlight()) {
                if (seen == olderCount) {
                    return packet.contents();
                }
                seen++;
            }
        }
        return null;
    }

    /** The largest packet number acknowledged in {@code space}, or -1. */
    public long largestAckedPacketNumber(PacketNumberSpace space) {
        return spaces[space.ordinal()].largestAckedPacketNumber;
    }

    /** The time-threshold loss time of {@code space}, or {@link #NO_DEADLINE}. */
    public long lossTimeNanos(PacketNumberSpace space) {
        return spaces[space.ordinal()].lossTimeNanos;
    }

    public RttEstimator rttEstimator() {
        return rttEstimator;
    }

    public CongestionController congestionController() {
        return congestionController;
    }

    /** A.8 {@code SetLossDetectionTimer}. */
    private void setLossDetectionTimer(long nowNanos) {
        PacketNumberSpace lossSpace = earliestLossTimeSpace();
        if (lossSpace != null) {
            deadlineNanos = spaces[lossSpace.ordinal()].lossTimeNanos;
            return;
        }
        if (amplificationLimited) {
            deadlineNanos = NO_DEADLINE;
            return;
        }
        if (!anyAckElicitingInFlight() && mayIdle()) {
            deadlineNanos = NO_DEADLINE;
            return;
        }
        deadlineNanos = computePtoDeadline(nowNanos);
    }

    /**
     * A.8 {@code GetPtoTimeAndSpace}: returns the deadline and leaves the space in
     * {@code ptoSpace} (and in {@code ptoIsServerWaitProbe} whether it is a server's wait probe).
     */
    private long computePtoDeadline(long nowNanos) {
        ptoIsServerWaitProbe = false;
        long duration = backedOffPtoBase();
        if (!anyAckElicitingInFlight()) {
            // Anti-deadlock PTO (RFC 9002 §6.2.2.1) starts from now.
            ptoSpace = hasHandshakeKeys ? PacketNumberSpace.HANDSHAKE : PacketNumberSpace.INITIAL;
            return role == EndpointRole.SERVER ? serverWaitProbeDeadline(nowNanos)
                    : saturatingAdd(nowNanos, duration);
        }
        long earliest = NO_DEADLINE;
        ptoSpace = PacketNumberSpace.INITIAL;
        for (PacketNumberSpace space : SPACES) {
            SpaceState<T> state = spaces[space.ordinal()];
            if (state.ackElicitingInFlight == 0) {
                continue;
            }
            long spaceDuration = duration;
            if (space == PacketNumberSpace.APPLICATION) {
                // RFC 9002 §6.2.1: MUST NOT set the Application PTO until the handshake is confirmed.
                if (!rttEstimator.isHandshakeConfirmed()) {
                    break;
                }
                spaceDuration = saturatingAdd(duration, backedOff(rttEstimator.peerMaxAckDelayNanos()));
            }
            long deadline = saturatingAdd(state.timeOfLastAckElicitingNanos, spaceDuration);
            if (deadline < earliest) {
                earliest = deadline;
                ptoSpace = space;
            }
        }
        if (earliest == NO_DEADLINE && role == EndpointRole.SERVER && !handshakeCompleted) {
            // Only 0.5-RTT packets in flight, whose PTO waits for the handshake (§6.2.1).
            ptoSpace = hasHandshakeKeys ? PacketNumberSpace.HANDSHAKE : PacketNumberSpace.INITIAL;
            return serverWaitProbeDeadline(nowNanos);
        }
        if (earliest == NO_DEADLINE && role == EndpointRole.CLIENT && hasHandshakeKeys
                && !rttEstimator.isHandshakeConfirmed() && listener.hasHandshakeCryptoToSend()) {
            // Only 1-RTT packets in flight before confirmation, whose PTO waits (§6.2.1), and the
            // Finished declared lost with its resending held back by the congestion window, which
            // those 1-RTT packets fill and which the server cannot acknowledge without the
            // Finished: nothing would ever be sent again. A Handshake probe, which the window does
            // not hold back (RFC 9002 §7), carries the Finished again.
            ptoSpace = PacketNumberSpace.HANDSHAKE;
            long lastHandshakeSend = spaces[PacketNumberSpace.HANDSHAKE.ordinal()].timeOfLastAckElicitingNanos;
            return saturatingAdd(lastHandshakeSend > 0 ? lastHandshakeSend : nowNanos, duration);
        }
        return earliest;
    }

    /**
     * A server waiting for the client's Finished with no handshake packet in flight probes from
     * now on, backed off by its own count (see {@link #mayIdle()}): the client's ACKs of these
     * probes reset {@code ptoCount}.
     */
    private long serverWaitProbeDeadline(long nowNanos) {
        ptoIsServerWaitProbe = true;
        return saturatingAdd(nowNanos, shifted(rttEstimator.ptoBaseNanos(), serverWaitProbes));
    }

    /** A.8 {@code GetLossTimeAndSpace}: the space with the earliest loss time, or {@code null}. */
    private PacketNumberSpace earliestLossTimeSpace() {
        PacketNumberSpace earliestSpace = null;
        long earliest = NO_DEADLINE;
        for (PacketNumberSpace space : SPACES) {
            long lossTime = spaces[space.ordinal()].lossTimeNanos;
            if (lossTime < earliest) {
                earliest = lossTime;
                earliestSpace = space;
            }
        }
        return earliestSpace;
    }

    private boolean anyAckElicitingInFlight() {
        for (SpaceState<T> state : spaces) {
            if (state.ackElicitingInFlight > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the PTO may stay unarmed with nothing in flight. A.8 allows it once the peer has
     * validated our address. Both roles also keep it armed until their handshake is complete.
     *
     * <p>A client: with the server's Handshake flight partly lost, a client whose Handshake
     * packets were all acknowledged has nothing in flight and would wait for the server's
     * probes, which (quiche's are PINGs) need not repeat the lost CRYPTO data; its own Handshake
     * probes carry an ACK that shows the server the gap. The backoff is not reset meanwhile, so
     * a stalled handshake costs a few probes, not one per RTT (RFC 9002 §6.2.2.1 requires the
     * timer in fewer cases and forbids it in none for a client).
     *
     * <p>A server: with its flight acknowledged it waits only for the client's Finished, and the
     * client's PTO alone would bring it again. Kwik's client once stopped probing with its
     * Finished lost twice, having sent an ACK-only Handshake packet after it, and the connection
     * idled out (issue #6). The server's Handshake probe carries an ACK of the client's later
     * packets, from which the client declares its Finished lost (RFC 9002 §6.1). These probes back
     * off on their own count (serverWaitProbes), which the ACKs they elicit do not reset, so a
     * stalled handshake costs a few probes.
     */
    private boolean mayIdle() {
        return peerCompletedAddressValidation() && handshakeCompleted;
    }

    /**
     * Whether an acknowledgment resets the PTO backoff (A.7). RFC 9002 §6.2.1: not for a client
     * unsure that the server validated its address; here a client also keeps it until its
     * handshake is complete (see {@link #mayIdle()}).
     */
    private boolean mayResetBackoff() {
        return peerCompletedAddressValidation() && (role == EndpointRole.SERVER || handshakeCompleted);
    }

    /** A.8 {@code PeerCompletedAddressValidation}. */
    private boolean peerCompletedAddressValidation() {
        return role == EndpointRole.SERVER || receivedHandshakeAck || rttEstimator.isHandshakeConfirmed();
    }

    private long backedOff(long duration) {
        return shifted(duration, ptoCount);
    }

    /**
     * smoothed_rtt + max(4*rttvar, kGranularity), backed off: times 2^pto_count (A.8), but never
     * more than twice the period that expired last, nor less than the unbacked value. RFC 9002
     * §6.2.1 sets the period "to twice its current value" on each timeout; A.8's product says the
     * same while the RTT estimate holds still. When a sample raises the estimate in the middle
     * of a backoff, the product multiplies the new estimate by every doubling made at the old
     * one: issue #6, seeds 42004 and 42039 against quiche's server, a client's ClientHello probes
     * doubled 10 and 11 times from a few milliseconds, then one 1-2 s sample (quiche held its
     * Initial ACK that long, and the ACK Delay could not be subtracted: RFC 9002 §5.3, min_rtt)
     * set the next probe 22 and 77 minutes away, and both connections idled out.
     */
    private long backedOffPtoBase() {
        long base = rttEstimator.ptoBaseNanos();
        long period = shifted(base, ptoCount);
        if (ptoCount > 0 && expiredPtoBaseNanos > 0) {
            period = Math.max(base, Math.min(period, saturatingAdd(expiredPtoBaseNanos, expiredPtoBaseNanos)));
        }
        return period;
    }

    private static long shifted(long duration, int count) {
        int shift = Math.min(count, MAX_BACKOFF_SHIFT);
        if (duration > (Long.MAX_VALUE >> shift)) {
            return Long.MAX_VALUE;
        }
        return duration << shift;
    }

    private static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    @Override
    public long packetsSent() {
        return packetsSent;
    }

    @Override
    public long bytesSent() {
        return bytesSent;
    }

    @Override
    public long packetsLost() {
        return packetsLost;
    }

    @Override
    public long bytesLost() {
        return bytesLost;
    }

    @Override
    public long congestionWindowBytes() {
        return congestionController.congestionWindowBytes();
    }

    @Override
    public long bytesInFlight() {
        return congestionController.bytesInFlight();
    }

    @Override
    public long latestRttNanos() {
        return rttEstimator.latestRttNanos();
    }

    @Override
    public long minRttNanos() {
        return rttEstimator.minRttNanos();
    }

    @Override
    public long smoothedRttNanos() {
        return rttEstimator.smoothedRttNanos();
    }

    @Override
    public long rttVariationNanos() {
        return rttEstimator.rttVariationNanos();
    }

    @Override
    public int ptoCount() {
        return ptoCount;
    }

    @Override
    public long persistentCongestionCount() {
        return persistentCongestionCount;
    }
}
