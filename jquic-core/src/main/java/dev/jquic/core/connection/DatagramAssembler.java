package dev.jquic.core.connection;

import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.crypto.PacketProtection;
import dev.jquic.core.frame.AckFrame;
import dev.jquic.core.frame.ConnectionCloseFrame;
import dev.jquic.core.frame.CryptoFrame;
import dev.jquic.core.frame.DatagramFrame;
import dev.jquic.core.frame.Frame;
import dev.jquic.core.frame.HandshakeDoneFrame;
import dev.jquic.core.frame.PathChallengeFrame;
import dev.jquic.core.frame.PingFrame;
import dev.jquic.core.packet.PacketHeaderWriter;
import dev.jquic.core.packet.PacketNumbers;
import dev.jquic.core.packet.PacketSealer;
import dev.jquic.core.path.NetworkPath;
import dev.jquic.core.path.PendingPathFrame;
import dev.jquic.core.recovery.RttEstimator;
import dev.jquic.core.recovery.SentPacket;
import dev.jquic.core.trace.ConnectionTracer;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.core.types.EndpointRole;
import dev.jquic.core.types.PacketNumberSpace;
import dev.jquic.core.types.PacketType;
import java.nio.ByteBuffer;

/**
 * The send side of a {@link Connection}: decides what goes into the next datagram and builds it
 * — one packet per packet number space with something to send, coalesced Initial, Handshake and
 * 1-RTT (RFC 9000 §12.2), ACKs first, then CRYPTO, control frames, stream data and DATAGRAM
 * frames — padding datagrams that carry Initial packets to 1200 bytes (RFC 9000 §14.1), keeping
 * an unvalidated server within three times what it received (§8.1), respecting the congestion
 * window (RFC 9002 §7) and the pacer (§7.7) except for ACK-only packets and probes (§7.5), and
 * hands each sent packet to loss recovery with what it carried (§13.3).
 *
 * <p>Packets are built unprotected one after another with room for their AEAD tags, so the last
 * one can still take the padding; they are sealed at the end.
 */
final class DatagramAssembler {

    /**
     * How long a client's Initial probes leave the server's ACK-only Initials unacknowledged
     * while no ack-eliciting Initial (no ServerHello) has arrived. A server resends a lost
     * ServerHello at once when an ACK lets it declare the packet lost (RFC 9002 §6.1), otherwise
     * only on its PTO: quiche's Initial probes come every other timeout (its qlog: 1, 5 and 21 s,
     * Handshake probes in between), and one client saw only quiche's ACK-only Initials for 60 s
     * (issue #6, seed 10207). Kwik 0.10.3 mishandles an early declared loss (see
     * {@link #writeAck}). Counted from the first Initial received, 3 s leaves a server with a
     * 1 s first PTO its first flight and the probe at 1 s. It was 10 s: in 2 of 122 runs of 50
     * handshakes against quiche's server through 30 % loss, one connection timed out with every
     * ServerHello copy lost, quiche sending one only every other PTO (seeds 34005, 35040). With
     * 3 s, none of 60 runs failed that way.
     */
    static final long UNANSWERED_INITIAL_ACK_HOLD_NANOS = 3_000_000_000L;

    private static final int TAG = CipherSuite.TAG_LENGTH;
    private static final int MAX_PACKETS = 3;
    /** Room below which no packet is started (header, a small frame and the tag). */
    static final int MIN_PACKET_ROOM = 64;
    /** Allowance kept for path validation on an unvalidated path: about ten unexpanded challenges. */
    static final int PATH_VALIDATION_RESERVE = 600;
    /** RFC 9001 §5.4.2: packet number plus payload span at least 4 bytes (header sample). */
    private static final int MIN_PACKET_NUMBER_AND_PAYLOAD = 4;
    private static final int CONTROL_FRAME_ROOM = 64;
    /** RFC 9002 §6.1.2 kGranularity: the least gap between a PTO's two probe datagrams. */
    private static final long SECOND_PROBE_MIN_GAP_NANOS = 1_000_000L;
    private static final PacketNumberSpace[] SPACES = PacketNumberSpace.values();

    private final Connection connection;
    private final int[] packetStarts = new int[MAX_PACKETS];
    private final int[] packetNumberOffsets = new int[MAX_PACKETS];
    private final int[] payloadEnds = new int[MAX_PACKETS];
    private final long[] packetNumbers = new long[MAX_PACKETS];
    private final PacketProtection[] packetKeys = new PacketProtection[MAX_PACKETS];
    private final PacketNumberSpace[] packetSpaces = new PacketNumberSpace[MAX_PACKETS];
    private final SentFrames[] packetContents = new SentFrames[MAX_PACKETS];
    private final boolean[] packetAckEliciting = new boolean[MAX_PACKETS];
    /** Reused list handed to the tracer (only when one is set). */
    private final java.util.ArrayList<Frame> traceFrames = new java.util.ArrayList<>();
    private static final PingFrame TRACE_PING = new PingFrame();
    private int packetCount;
    private boolean datagramNeedsPadding;

    private NetworkPath lastPath;
    private long pacingDeadlineNanos = Connection.NO_DEADLINE;
    private boolean amplificationLimited;
    private long nowNanos;
    /** Unacknowledged packets the probes of the current PTO repeated in the Application space. */
    private int applicationProbesRepeated;
    /** When the second probe datagram of the last PTO is due, or NO_DEADLINE. */
    private long secondProbeDueNanos = Connection.NO_DEADLINE;
    /** The spaces the second probe datagram carries, by ordinal. */
    private final boolean[] secondProbeSpaces = new boolean[SPACES.length];
    /** The PTO count when the second probe was scheduled: a reset (an ACK) makes it unneeded. */
    private int secondProbePtoCount;
    private long handshakeCryptoBytesSent;

    DatagramAssembler(Connection connection) {
        this.connection = connection;
    }

    NetworkPath lastPath() {
        return lastPath;
    }

    long pacingDeadlineNanos() {
        return pacingDeadlineNanos;
    }

    /**
     * Whether the last {@link #pollTransmit} found the active path blocked by the
     * anti-amplification limit (RFC 9000 §8.1): nothing can be sent there until a datagram
     * arrives.
     */
    boolean amplificationLimited() {
        return amplificationLimited;
    }

    /**
     * RFC 9002 §6.2.4: a PTO fired in {@code space}: owe two ack-eliciting probes there, and as
     * many in every other space with ack-eliciting packets in flight (SHOULD, coalescing), so that
     * a handshake whose flights were lost in several spaces recovers with one timeout. Each of
     * the two datagrams then carries every space: a server's second probe held only its Initial
     * (ServerHello) or only its Handshake flight, and a client that received just that datagram
     * still lacked the other half (issue #6, quiche's client through 30 % loss). One exception: a
     * client's Finished goes only in the first (see the end of this method).
     *
     * <p>The first probe datagram is owed now, the second a quarter of the expired period later
     * ({@link #onSecondProbeDue}): sent back to back, one loss burst took both (issue #6: a
     * client's 9 ClientHello datagrams in 15 s all dropped, 5 pairs of copies, seed 36050).
     */
    void onProbeTimeout(PacketNumberSpace space, long now) {
        Connection c = connection;
        c.counters.ptoCount++;
        boolean initialEnds = space == PacketNumberSpace.INITIAL && c.role == EndpointRole.CLIENT
                && c.space(PacketNumberSpace.HANDSHAKE).canSend();
        if (initialEnds) {
            // A client holding Handshake keys has the server's ServerHello, so the server has its
            // ClientHello: what is left in Initial flight (probe PINGs, ClientHello copies) needs
            // no repeat. It probes with a Handshake packet instead (RFC 9002 §6.2.2.1), which ends
            // the Initial space on both sides (RFC 9001 §4.9.1) and resets the server's PTO
            // backoff (RFC 9002 §6.4). Initial probes kept the server's backoff growing: quiche,
            // whose ServerHello came through only after 22 s, never sent its lost Handshake
            // flight again within the client's 60 s (issue #6, seed 10310).
            space = PacketNumberSpace.HANDSHAKE;
        }
        for (PacketNumberSpace other : SPACES) {
            PacketSpace packetSpace = c.space(other);
            secondProbeSpaces[other.ordinal()] = false;
            if (packetSpace.discarded) {
                continue;
            }
            if (other != space && (c.recovery.ackElicitingInFlight(other) == 0
                    || other == PacketNumberSpace.INITIAL && initialEnds)) {
                continue;
            }
            packetSpace.probesOwed = 1;
            secondProbeSpaces[other.ordinal()] = true;
            resendForProbe(other);
        }
        PacketSpace handshake = c.space(PacketNumberSpace.HANDSHAKE);
        if (c.role == EndpointRole.CLIENT && handshake.probesOwed > 0 && c.oneRttKeys != null
                && c.space(PacketNumberSpace.APPLICATION).probesOwed > 0) {
            // A client owing both: its Finished goes in the first probe datagram only, and the
            // second carries the 1-RTT probe alone. quiche drops the rest of a datagram whose
            // first packet it can no longer open, and once it has completed the handshake it has
            // no Handshake keys: every probe led by the repeated Finished lost its 1-RTT packet
            // too (issue #6, seed 10712: quiche answered the request once, the answer was lost,
            // and it heard nothing more for 30 s).
            secondProbeSpaces[PacketNumberSpace.HANDSHAKE.ordinal()] = false;
        }
        // The period of the space's next PTO, already doubled (RFC 9002 §6.2.1): an eighth of it
        // is a quarter of the one that just expired.
        long nextPeriod = c.recovery.probeTimeoutNanos(space);
        secondProbeDueNanos = now + Math.max(SECOND_PROBE_MIN_GAP_NANOS, nextPeriod / 8);
        secondProbePtoCount = c.recovery.ptoCount();
    }

    /** When the second probe datagram of the last PTO is due, or {@link Connection#NO_DEADLINE}. */
    long secondProbeDeadlineNanos() {
        return secondProbeDueNanos;
    }

    /**
     * The second probe datagram of the last PTO (RFC 9002 §6.2.4 allows two) is due: owed in the
     * spaces the first probed that still have ack-eliciting packets in flight, unless an ACK has
     * reset the PTO backoff since. Its content is chosen now, as the first's was at the timeout.
     */
    void onSecondProbeDue() {
        Connection c = connection;
        secondProbeDueNanos = Connection.NO_DEADLINE;
        boolean stillTimedOut = c.recovery.ptoCount() == secondProbePtoCount;
        // A client that got Handshake keys since probes no more in Initial (see onProbeTimeout).
        boolean initialEnded = c.role == EndpointRole.CLIENT && c.space(PacketNumberSpace.HANDSHAKE).canSend();
        for (PacketNumberSpace space : SPACES) {
            if (!secondProbeSpaces[space.ordinal()]) {
                continue;
            }
            secondProbeSpaces[space.ordinal()] = false;
            PacketSpace packetSpace = c.space(space);
            if (!stillTimedOut || packetSpace.discarded || c.recovery.ackElicitingInFlight(space) == 0
                    || space == PacketNumberSpace.INITIAL && initialEnded) {
                continue;
            }
            packetSpace.probesOwed = 1;
            if (space == PacketNumberSpace.APPLICATION) {
                if (!hasNewApplicationData()) {
                    repeatNextUnacknowledged();
                }
            } else if (!c.crypto.hasDataToSend(levelOf(space))) {
                resendForProbe(space);
            }
        }
    }

    /**
     * RFC 9002 §6.2.4: probes should carry data; previously sent data may be sent again. Every
     * probe of a handshake space carries CRYPTO bytes not yet acknowledged — the second one too
     * (again from the start once all were in the first), not a bare PING: a PING-only Initial
     * cannot start a connection at a server that lost the ClientHello, so it would not make the
     * two probes more resilient to loss. An Application Data probe with no new data repeats the
     * oldest unacknowledged packet's frames.
     */
    private void resendForProbe(PacketNumberSpace space) {
        Connection c = connection;
        if (space == PacketNumberSpace.INITIAL && c.initialCryptoBytesSent > 0) {
            c.crypto.onLost(EncryptionLevel.INITIAL, 0, (int) c.initialCryptoBytesSent);
        } else if (space == PacketNumberSpace.HANDSHAKE && handshakeCryptoBytesSent > 0) {
            c.crypto.onLost(EncryptionLevel.HANDSHAKE, 0, (int) handshakeCryptoBytesSent);
        } else if (space == PacketNumberSpace.APPLICATION) {
            // Judged before HANDSHAKE_DONE is queued again below: that repeat is old data, and a
            // probe carrying only it (and a bare PING in the second) would never deliver the
            // rest of a lost packet, such as the first response bytes.
            boolean newData = hasNewApplicationData();
            // RFC 9001 §4.1.2: the client is confirmed only by HANDSHAKE_DONE, and until then
            // it can only probe with Handshake packets this server no longer reads: every
            // probe repeats it until it is acknowledged.
            if (c.handshakeDoneSent && !c.handshakeDoneAcknowledged) {
                c.handshakeDoneToSend = true;
            }
            applicationProbesRepeated = 0;
            if (!newData) {
                repeatNextUnacknowledged();
            }
        }
    }

    /** Queues the unacknowledged CRYPTO data of a handshake space again (RFC 9002 §6.2.3). */
    void resendUnacknowledgedCrypto(PacketNumberSpace space) {
        if (space != PacketNumberSpace.APPLICATION) {
            resendForProbe(space);
        }
    }

    /**
     * Queues the first {@code maxBytes} of the Handshake CRYPTO data sent so far again, to ride in
     * the room an Initial datagram would otherwise pad (RFC 9002 §6.2.3). Once the peer
     * acknowledges them, the earlier Handshake packets count as lost (RFC 9002 §6.1) and go
     * again without waiting for a PTO.
     */
    void resendHandshakeCryptoPrefix(int maxBytes) {
        if (handshakeCryptoBytesSent > 0) {
            connection.crypto.onLost(EncryptionLevel.HANDSHAKE, 0, (int) Math.min(maxBytes, handshakeCryptoBytesSent));
        }
    }

    /**
     * With no new data, an Application Data probe repeats an unacknowledged packet's frames
     * rather than being a bare PING: the probe itself recovers what the peer most likely misses
     * (the last STREAM frame, a NEW_CONNECTION_ID, ...). The first repeats the oldest such
     * packet, the second the next-oldest (a response often spans two), and the oldest again when
     * there is only one.
     */
    private void repeatNextUnacknowledged() {
        Connection c = connection;
        SentFrames next = c.recovery.ackElicitingInFlight(PacketNumberSpace.APPLICATION, applicationProbesRepeated);
        if (next == null) {
            next = c.recovery.oldestAckElicitingInFlight(PacketNumberSpace.APPLICATION);
        }
        c.sentFrameOutcomes.requeue(PacketNumberSpace.APPLICATION, next);
        applicationProbesRepeated++;
    }

    private boolean hasNewApplicationData() {
        Connection c = connection;
        return c.handshakeDoneToSend || c.localConnectionIds.hasFramesToSend() || c.peerConnectionIds.hasFramesToSend()
                || c.streams.wantsToSend() || c.datagrams.hasOutgoing() || c.crypto.hasDataToSend(EncryptionLevel.ONE_RTT);
    }

    int pollTransmit(ByteBuffer out, long now) {
        Connection c = connection;
        nowNanos = now;
        pacingDeadlineNanos = Connection.NO_DEADLINE;
        switch (c.state) {
            case CLOSED, DRAINING:
                return 0;
            case CLOSING:
                return c.closeFrameDue ? buildCloseDatagram(out) : 0;
            default:
                break;
        }
        PendingPathFrame pathFrame = null;
        if (c.oneRttKeys != null && c.paths.hasFramesToSend(now)) {
            pathFrame = c.paths.pollFrame(now);
            if (pathFrame != null && !pathFrame.path().equals(c.paths.activePath())) {
                return buildPathProbeDatagram(out, pathFrame);
            }
        }
        NetworkPath path = c.paths.activePath();
        updateMaxDatagramSize(now);
        if (pathFrame == null) {
            int probeLength = sendMtuProbeIfDue(out, path, now);
            if (probeLength > 0) {
                return probeLength;
            }
        }
        int limit = Math.min(out.remaining(), c.maxSendDatagramSize);
        long allowance = spendableAllowance(path);
        if (allowance < limit) {
            if (allowance < ConnectionConfig.MIN_DATAGRAM_SIZE && pathFrame != null) {
                // RFC 9000 §8.2.1: a path frame still goes out when the anti-amplification limit forbids
                // 1200 bytes, in a smaller datagram; otherwise a peer that only acknowledges (a download
                // client after a NAT rebinding) never gets the challenge and the path never validates.
                return buildPathProbeDatagram(out, pathFrame);
            }
            if (allowance < ConnectionConfig.MIN_DATAGRAM_SIZE) {
                // RFC 9000 §8.1: the server is blocked until the client's address is validated.
                if (!amplificationLimited) {
                    amplificationLimited = true;
                    c.recovery.onAmplificationLimitReached(now);
                }
                return 0;
            }
            limit = (int) allowance;
        }
        if (amplificationLimited) {
            amplificationLimited = false;
            c.recovery.onAmplificationLimitLifted(now);
        }
        boolean mayElicit = mayElicit(limit, now);
        int datagramStart = out.position();
        packetCount = 0;
        datagramNeedsPadding = pathFrame != null;
        for (PacketNumberSpace space : SPACES) {
            int room = limit - (out.position() - datagramStart);
            if (room < MIN_PACKET_ROOM) {
                break;
            }
            PacketSpace packetSpace = c.space(space);
            if (!canSendIn(packetSpace) || !hasSomethingToSend(packetSpace, mayElicit, pathFrame, now)) {
                continue;
            }
            buildPacket(out, packetSpace, room, mayElicit, space == PacketNumberSpace.APPLICATION ? pathFrame : null);
            if (space == PacketNumberSpace.APPLICATION) {
                pathFrame = null;
            }
        }
        if (packetCount == 0) {
            out.position(datagramStart);
            if (mayElicit) {
                c.congestion.setApplicationLimited(true);
            }
            return 0;
        }
        int length = finishDatagram(out, datagramStart, limit);
        recordSentPackets(out, datagramStart, now);
        if (mayElicit) {
            c.congestion.setApplicationLimited(!c.streams.wantsToSend());
        }
        onDatagramSent(path, length, now);
        return length;
    }

    private boolean mayElicit(int datagramSize, long now) {
        Connection c = connection;
        for (PacketSpace space : c.spaces) {
            if (space.probesOwed > 0) {
                return true;
            }
        }
        if (c.congestion.availableWindowBytes() < datagramSize) {
            return false;
        }
        if (c.config.pacing() && c.rtt.hasSample()) {
            long next = c.pacer.nextSendTimeNanos(datagramSize, c.congestion.congestionWindowBytes(),
                    c.rtt.smoothedRttNanos(), now);
            if (next > now) {
                pacingDeadlineNanos = next;
                return false;
            }
        }
        return true;
    }

    private boolean canSendIn(PacketSpace space) {
        if (space.space == PacketNumberSpace.APPLICATION) {
            return (connection.oneRttKeys != null || sendsZeroRtt()) && !space.discarded;
        }
        return space.canSend();
    }

    /** RFC 9001 §4.6.1: a client with 0-RTT keys and no 1-RTT keys yet sends early data. */
    private boolean sendsZeroRtt() {
        return connection.oneRttKeys == null && connection.zeroRttSendKeys != null
                && connection.role == EndpointRole.CLIENT && !connection.state.isTerminating();
    }

    private boolean hasSomethingToSend(PacketSpace space, boolean mayElicit, PendingPathFrame pathFrame, long now) {
        Connection c = connection;
        if (space.space == PacketNumberSpace.APPLICATION && c.oneRttKeys == null) {
            // 0-RTT: stream data and DATAGRAM frames only (RFC 9000 §12.4 table 3).
            return (mayElicit || space.probesOwed > 0) && (c.streams.wantsToSend() || c.datagrams.hasOutgoing());
        }
        if (space.ackTracker.isAckDue(now) || space.probesOwed > 0 || pathFrame != null) {
            return true;
        }
        if (!mayElicit) {
            return false;
        }
        EncryptionLevel level = levelOf(space.space);
        if (c.crypto.hasDataToSend(level)) {
            return true;
        }
        if (space.space != PacketNumberSpace.APPLICATION) {
            return false;
        }
        return c.handshakeDoneToSend || c.localConnectionIds.hasFramesToSend() || c.peerConnectionIds.hasFramesToSend()
                || c.keepAlivePingDue || (c.state.isEstablished() || c.role == EndpointRole.SERVER)
                        && (c.streams.wantsToSend() || c.datagrams.hasOutgoing());
    }

    private void buildPacket(ByteBuffer out, PacketSpace space, int room, boolean mayElicit,
            PendingPathFrame pathFrame) {
        Connection c = connection;
        long previousSkipped = space.skippedPacketNumber;
        long previousSkipTarget = space.packetNumberToSkip;
        long packetNumber = space.nextPacketNumber;
        boolean application = space.space == PacketNumberSpace.APPLICATION;
        boolean zeroRtt = application && c.oneRttKeys == null;
        int skipOneIn = c.config.probabilityOfSkippedPacketNumber();
        if (application && skipOneIn > 0 && packetNumber > 0) {
            // RFC 9000 §21.4: skip a packet number now and then to expose optimistic ACKs. The
            // distance to the next skip is drawn once per skip, not a coin tossed per packet: the
            // connection's SecureRandom cost ~5 % of a bulk sender's Java samples (JFR, W1).
            if (space.packetNumberToSkip < 0) {
                space.packetNumberToSkip = packetNumber + distanceToNextSkip(skipOneIn);
            }
            if (packetNumber >= space.packetNumberToSkip) {
                space.skippedPacketNumber = packetNumber;
                packetNumber++;
                space.packetNumberToSkip = packetNumber + distanceToNextSkip(skipOneIn);
            }
        }
        if (application && !zeroRtt && c.oneRttKeys.isKeyUpdateDue()) {
            // RFC 9001 §6.6: update keys before the confidentiality limit is reached.
            c.oneRttKeys.initiateUpdate(nowNanos);
        }
        int packetNumberLength = PacketNumbers.encodedLength(packetNumber, space.largestAckedByPeer);
        int start = out.position();
        int packetNumberOffset = zeroRtt
                ? PacketHeaderWriter.writeLongHeader(out, PacketType.ZERO_RTT, c.version, c.peerConnectionIds.current(),
                        c.localConnectionId(), packetNumber, packetNumberLength)
                : writeHeader(out, space.space, packetNumber, packetNumberLength);
        if (packetNumberOffset + MIN_PACKET_NUMBER_AND_PAYLOAD > start + room - TAG) {
            // The header alone (an Initial's token is the only long part) leaves no room for a
            // payload that can be sampled (RFC 9001 §5.4.2): no packet in this datagram.
            out.position(start);
            space.skippedPacketNumber = previousSkipped;
            space.packetNumberToSkip = previousSkipTarget;
            return;
        }
        PacketProtection keys = zeroRtt ? c.zeroRttSendKeys
                : application ? c.oneRttKeys.keysForSending() : space.sendKeys;
        int payloadStart = out.position();
        int savedLimit = out.limit();
        out.limit(Math.min(savedLimit, start + room - TAG));
        SentFrames sent = c.sentFrameOutcomes.newSentFrames();
        sent.oneRtt = application && !zeroRtt;
        // RFC 9000 §9.1: a datagram on a path other than the active one carries probing frames
        // only; an ACK there would make the peer move its active path.
        boolean probeOnly = !mayElicit && pathFrame != null && !pathFrame.path().equals(c.paths.activePath());
        // The path frame goes first: under a small anti-amplification allowance (RFC 9000 §8.1)
        // an ACK could leave it no room (MIN_PACKET_ROOM fits a header, the frame and the tag).
        boolean elicit = pathFrame != null && out.remaining() >= pathFrame.frame().encodedLength()
                && writeFrame(out, pathFrame.frame(), null);
        boolean ackSent = !probeOnly && !zeroRtt && writeAck(out, space, sent);
        if (zeroRtt) {
            elicit |= writeZeroRttFrames(out, sent);
        } else if (!probeOnly && (mayElicit || space.probesOwed > 0)) {
            // RFC 9000 §9.1: a datagram probing another path carries probing frames only, even
            // when a PTO probe is owed: anything else there makes the peer migrate to the path
            // before it is validated.
            elicit |= writeCrypto(out, space.space, sent);
            if (application) {
                elicit |= writeApplicationFrames(out, sent);
            }
            if ((space.probesOwed > 0 || application && ackSent && c.ackOfRepeatsDue) && !elicit
                    && out.remaining() > 0) {
                PingFrame ping = new PingFrame();
                ping.encode(out);
                elicit = true;
            }
            if (application && ackSent && elicit) {
                c.ackOfRepeatsDue = false;
            }
        }
        if (out.position() == payloadStart) {
            out.limit(savedLimit);
            out.position(start);
            space.skippedPacketNumber = previousSkipped;
            space.packetNumberToSkip = previousSkipTarget;
            c.sentFrameOutcomes.recycle(sent);
            return;
        }
        while (out.position() - packetNumberOffset < MIN_PACKET_NUMBER_AND_PAYLOAD) {
            out.put((byte) 0);
        }
        if (elicit && !probeOnly && space.probesOwed > 0) {
            space.probesOwed--;
        }
        if (ackSent) {
            space.ackTracker.onAckSent(packetNumber);
        }
        if (zeroRtt) {
            c.counters.zeroRttPacketsSent++;
        } else if (application) {
            c.oneRttKeys.onPacketSent(packetNumber, ackSent);
            if (c.firstOneRttPacketNumber < 0) {
                c.firstOneRttPacketNumber = packetNumber;
            }
        }
        // RFC 9000 §14.1: a client expands ALL datagrams carrying Initial packets (an ACK-only one
        // too: a server MUST discard an Initial in a smaller datagram); a server only ack-eliciting ones.
        if (space.space == PacketNumberSpace.INITIAL && (elicit || c.role == EndpointRole.CLIENT)) {
            datagramNeedsPadding = true;
        }
        space.nextPacketNumber = packetNumber + 1;
        int index = packetCount++;
        packetStarts[index] = start;
        packetNumberOffsets[index] = packetNumberOffset;
        payloadEnds[index] = out.position();
        packetNumbers[index] = packetNumber;
        packetKeys[index] = keys;
        packetSpaces[index] = space.space;
        packetContents[index] = sent;
        packetAckEliciting[index] = elicit;
        out.limit(savedLimit);
        out.position(out.position() + TAG);
    }

    /**
     * Uniform in [1, 2 × {@code skipOneIn} − 1]: on average one packet number in about
     * {@code skipOneIn} is skipped, and an attacker cannot predict which.
     */
    private long distanceToNextSkip(int skipOneIn) {
        return connection.random.nextLong(1, 2L * skipOneIn);
    }

    private int writeHeader(ByteBuffer out, PacketNumberSpace space, long packetNumber, int packetNumberLength) {
        Connection c = connection;
        ConnectionId destination = c.peerConnectionIds.current();
        ConnectionId source = c.localConnectionId();
        return switch (space) {
            case INITIAL -> PacketHeaderWriter.writeInitial(out, c.version, destination, source,
                    c.role == EndpointRole.CLIENT ? c.initialToken : new byte[0], packetNumber, packetNumberLength);
            case HANDSHAKE -> PacketHeaderWriter.writeLongHeader(out, PacketType.HANDSHAKE, c.version, destination,
                    source, packetNumber, packetNumberLength);
            case APPLICATION -> PacketHeaderWriter.writeShortHeader(out, false, c.oneRttKeys.sendKeyPhase(),
                    destination, packetNumber, packetNumberLength);
        };
    }

    private boolean writeAck(ByteBuffer out, PacketSpace space, SentFrames sent) {
        // A handshake-space probe also repeats the ACK state the peer has not confirmed: the
        // peer's own probes may be bare PINGs that only our ACK turns into a retransmission
        // (quiche resends a lost ServerHello only once an ACK lets it declare the packet lost,
        // RFC 9002 §6.1), and the packet that carried our last ACK may have been lost with nothing
        // new arriving since (issue #6: a jquic client's ACK of quiche's Initials was lost twice
        // and its later PING probes carried none, so quiche never sent its ServerHello again).
        // In the Application space only a probe without data does (a PING, such as the probe for
        // an ACK sent with a PING because the peer repeated data we had, see
        // Connection.ackOfRepeatsDue): a probe with data repeats a full packet's worth, which an
        // ACK frame in front would push out of it, and every round would repeat only that packet.
        boolean repeatForProbe = space.probesOwed > 0
                && (space.space != PacketNumberSpace.APPLICATION || !hasNewApplicationData())
                && space.ackTracker.hasAcknowledgmentsToReport();
        if (!space.ackTracker.hasNewlyReceivedPackets() && !repeatForProbe) {
            return false;
        }
        if (space.space == PacketNumberSpace.INITIAL && !space.ackTracker.hasReceivedAckEliciting()
                && !(repeatForProbe && nowNanos - space.ackTracker.firstReceivedTimeNanos()
                        >= UNANSWERED_INITIAL_ACK_HOLD_NANOS)) {
            // RFC 9000 §13.2.1 asks prompt ACKs for ack-eliciting packets only. A client whose
            // probes acknowledged the server's ACK-only Initials (those answering a repeated
            // ClientHello) made the server declare its lost ServerHello packet lost by time
            // threshold (RFC 9002 §6.1.2) and queue the ServerHello behind its congestion window,
            // which Kwik 0.10.3 then never sends (issue #6); unacknowledged, that packet stays in
            // flight and the server's PTO resends it. Reported with the first ack-eliciting Initial,
            // or by a probe once UNANSWERED_INITIAL_ACK_HOLD_NANOS have passed.
            return false;
        }
        int exponent = space.space == PacketNumberSpace.APPLICATION ? connection.config.ackDelayExponent()
                : dev.jquic.core.params.TransportParameters.DEFAULT_ACK_DELAY_EXPONENT;
        long staleBefore = staleAckCutoff(space.space);
        if (connection.tracer == ConnectionTracer.NONE) {
            // Straight to the wire: no AckFrame per ACK sent (ConnectionTransferBenchmark).
            sent.largestAcknowledgedInAck = space.ackTracker.writeAckFitting(out, nowNanos, exponent, staleBefore);
            return sent.largestAcknowledgedInAck >= 0;
        }
        AckFrame ack = space.ackTracker.buildAckFitting(nowNanos, exponent, out.remaining(), staleBefore);
        if (ack == null) {
            return false;
        }
        ack.encode(out);
        sent.largestAcknowledgedInAck = ack.largestAcknowledged();
        sent.ackForTrace = ack;
        return true;
    }

    /**
     * In the Initial and Handshake spaces, an ACK whose largest packet arrived too long ago leaves
     * out the ack-eliciting packets an earlier ACK covered: a peer taking its first RTT sample
     * from it would count the whole wait (RFC 9002 §5.3; see {@link AckTracker}). Issue #6, jquic
     * client through 30 % loss against quiche's server: with its first copy lost, a repeated
     * Initial ACK gave quiche a first sample of 9.4 s (seed 40060) and 3.3 s (36025), and
     * quiche's PTO for a lost response then outlasted the idle timeout.
     *
     * <p>"Too long" is more than a smoothed RTT (at least kGranularity) and more than kInitialRtt
     * less a smoothed RTT. Up to the first bound, the sample is at most about twice the RTT. Up
     * to the second, it is no longer than the 333 ms a peer assumes without a sample (RFC 9002
     * §6.2.2): a peer with no sample is no worse off, and one with a sample gives it 1/8 weight
     * (§5.3). With the lost ACK never repeated (the bound was a smoothed RTT alone), quiche kept
     * its 333 ms estimate, probed 1, 2, 4 and 8 s apart, and every copy of its first response
     * packet was lost (seed 50103).
     */
    private long staleAckCutoff(PacketNumberSpace space) {
        if (space == PacketNumberSpace.APPLICATION) {
            return AckTracker.NEVER_STALE;
        }
        long smoothed = connection.rtt.smoothedRttNanos();
        long withinPeerDefault = RttEstimator.DEFAULT_INITIAL_RTT_NANOS - smoothed;
        return nowNanos - Math.max(RttEstimator.GRANULARITY_NANOS, Math.max(smoothed, withinPeerDefault));
    }

    private boolean writeCrypto(ByteBuffer out, PacketNumberSpace space, SentFrames sent) {
        Connection c = connection;
        EncryptionLevel level = levelOf(space);
        boolean wrote = false;
        while (c.crypto.hasDataToSend(level) && out.remaining() > 8) {
            CryptoFrame frame = c.crypto.nextFrame(level, out.remaining());
            if (frame == null) {
                break;
            }
            frame.encode(out);
            sent.frames.add(frame);
            long end = frame.offset() + frame.data().remaining();
            if (level == EncryptionLevel.INITIAL) {
                c.initialCryptoBytesSent = Math.max(c.initialCryptoBytesSent, end);
            } else if (level == EncryptionLevel.HANDSHAKE) {
                handshakeCryptoBytesSent = Math.max(handshakeCryptoBytesSent, end);
            }
            wrote = true;
        }
        return wrote;
    }

    private boolean writeApplicationFrames(ByteBuffer out, SentFrames sent) {
        Connection c = connection;
        boolean wrote = false;
        if (c.handshakeDoneToSend && out.remaining() >= 1) {
            c.handshakeDoneToSend = false;
            c.handshakeDoneSent = true;
            wrote |= writeFrame(out, new HandshakeDoneFrame(), sent);
        }
        while (c.localConnectionIds.hasFramesToSend() && out.remaining() >= CONTROL_FRAME_ROOM) {
            wrote |= writeFrame(out, c.localConnectionIds.pollFrame(), sent);
        }
        while (c.peerConnectionIds.hasFramesToSend() && out.remaining() >= CONTROL_FRAME_ROOM) {
            wrote |= writeFrame(out, c.peerConnectionIds.pollFrame(), sent);
        }
        if (c.state.isEstablished() || c.role == EndpointRole.SERVER) {
            ByteBuffer datagram;
            while (out.remaining() > 4 && (datagram = c.datagrams.pollOutgoingFitting(out.remaining() - 4)) != null) {
                new DatagramFrame(datagram).encode(out);
                wrote = true;
            }
            if (out.remaining() > 8) {
                int written = c.streams.writeFrames(out, out.remaining(), sent.frames, nowNanos,
                        c.rtt.smoothedRttNanos());
                wrote |= written > 0;
            }
        }
        if (c.keepAlivePingDue && !wrote && out.remaining() >= 1) {
            wrote = writeFrame(out, new PingFrame(), null);
        }
        return wrote;
    }

    private boolean writeZeroRttFrames(ByteBuffer out, SentFrames sent) {
        Connection c = connection;
        boolean wrote = false;
        ByteBuffer datagram;
        while (out.remaining() > 4 && (datagram = c.datagrams.pollOutgoingFitting(out.remaining() - 4)) != null) {
            new DatagramFrame(datagram).encode(out);
            wrote = true;
        }
        if (out.remaining() > 8) {
            wrote |= c.streams.writeFrames(out, out.remaining(), sent.frames, nowNanos, c.rtt.smoothedRttNanos()) > 0;
        }
        if (!wrote && c.space(PacketNumberSpace.APPLICATION).probesOwed > 0 && out.remaining() > 0) {
            wrote = writeFrame(out, new PingFrame(), null);
        }
        return wrote;
    }

    private static boolean writeFrame(ByteBuffer out, Frame frame, SentFrames sent) {
        if (frame == null) {
            return false;
        }
        frame.encode(out);
        if (sent != null) {
            sent.frames.add(frame);
        }
        return true;
    }

    /** Pads if needed, then seals every packet; returns the datagram length. */
    private int finishDatagram(ByteBuffer out, int datagramStart, int limit) {
        int last = packetCount - 1;
        int length = out.position() - datagramStart;
        if (datagramNeedsPadding && length < ConnectionConfig.MIN_DATAGRAM_SIZE) {
            // RFC 9000 §14.1: datagrams with Initial packets (the server's: ack-eliciting ones), and §8.2.1 path
            // probes, are expanded to 1200 bytes: PADDING frames in the last packet.
            int padding = Math.min(ConnectionConfig.MIN_DATAGRAM_SIZE, limit) - length;
            out.position(payloadEnds[last]);
            for (int i = 0; i < padding; i++) {
                out.put((byte) 0);
            }
            payloadEnds[last] += padding;
            out.position(payloadEnds[last] + TAG);
        }
        int end = out.position();
        for (int i = 0; i < packetCount; i++) {
            out.position(payloadEnds[i]);
            PacketSealer.seal(out, packetStarts[i], packetNumberOffsets[i], packetNumbers[i], packetKeys[i]);
        }
        out.position(end);
        return end - datagramStart;
    }

    private void recordSentPackets(ByteBuffer out, int datagramStart, long now) {
        Connection c = connection;
        boolean sentHandshake = false;
        boolean elicited = false;
        for (int i = 0; i < packetCount; i++) {
            int size = payloadEnds[i] + TAG - packetStarts[i];
            boolean padded = datagramNeedsPadding && i == packetCount - 1;
            boolean inFlight = packetAckEliciting[i] || padded;
            if (c.tracer != ConnectionTracer.NONE) {
                tracePacketSent(i, size, now);
            }
            SentFrames contents = packetContents[i];
            if (contents.isEmpty()) {
                c.sentFrameOutcomes.recycle(contents);
                contents = null;
            }
            c.recovery.onPacketSent(packetSpaces[i], new SentPacket<>(packetNumbers[i], now, size,
                    packetAckEliciting[i], inFlight, contents));
            sentHandshake |= packetSpaces[i] == PacketNumberSpace.HANDSHAKE;
            elicited |= packetAckEliciting[i];
            packetContents[i] = null;
            packetKeys[i] = null;
        }
        if (elicited) {
            c.onAckElicitingSent(now);
        }
        if (sentHandshake && c.role == EndpointRole.CLIENT) {
            // RFC 9001 §4.9.1: a client discards Initial keys when it first sends a Handshake packet.
            c.discardSpace(PacketNumberSpace.INITIAL, now);
        }
    }

    private void tracePacketSent(int index, int size, long now) {
        SentFrames sent = packetContents[index];
        PacketType type = switch (packetSpaces[index]) {
            case INITIAL -> PacketType.INITIAL;
            case HANDSHAKE -> PacketType.HANDSHAKE;
            case APPLICATION -> sent.oneRtt ? PacketType.ONE_RTT : PacketType.ZERO_RTT;
        };
        traceFrames.clear();
        if (sent.ackForTrace != null) {
            traceFrames.add(sent.ackForTrace);
            sent.ackForTrace = null;
        }
        traceFrames.addAll(sent.frames);
        if (packetAckEliciting[index] && sent.frames.isEmpty()) {
            // Only a PING makes a packet without retransmittable frames ack-eliciting.
            traceFrames.add(TRACE_PING);
        }
        connection.tracer.packetSent(now, type, packetNumbers[index], size, traceFrames);
        traceFrames.clear();
    }

    private void onDatagramSent(NetworkPath path, int length, long now) {
        Connection c = connection;
        c.counters.datagramsSent++;
        c.counters.bytesSent += length;
        c.paths.onDatagramSent(path, length);
        if (c.config.pacing()) {
            c.pacer.onPacketSent(length, c.congestion.congestionWindowBytes(), c.rtt.smoothedRttNanos(), now);
        }
        lastPath = path;
    }

    // ------------------------------------------------------------------ PMTU probes (RFC 9000 §14.3, §14.4)

    /** Applies the size path MTU discovery decided; congestion control and pacing follow (RFC 9002 §7.2). */
    private void updateMaxDatagramSize(long now) {
        Connection c = connection;
        int size = c.mtu.maxDatagramSizeBytes(now);
        if (size != c.maxSendDatagramSize) {
            boolean shrank = size < c.maxSendDatagramSize;
            c.maxSendDatagramSize = size;
            c.congestion.setMaxDatagramSize(size);
            c.pacer.setMaxDatagramSize(size);
            if (shrank && c.peerMaxDatagramFrameSize > 0) {
                // A queued DATAGRAM frame that no longer fits one packet would block the queue.
                c.counters.datagramFramesDropped += c.datagrams.dropOutgoingLongerThan(c.maxDatagramFramePayload());
            }
        }
    }

    /**
     * RFC 9000 §14.4: a due PMTU probe goes out alone, as one 1-RTT packet of PING and PADDING
     * filling the probe size, after the handshake is confirmed, when no PTO probe is owed and the
     * congestion window and pacer allow it (probes consume congestion window, §14.4). Returns its
     * length, or 0 when no probe was sent.
     */
    private int sendMtuProbeIfDue(ByteBuffer out, NetworkPath path, long now) {
        Connection c = connection;
        int size = c.mtu.probeSizeBytes();
        if (size == 0 || c.state != ConnectionState.CONFIRMED || c.oneRttKeys == null || out.remaining() < size
                || c.paths.sendAllowance(path) < size) {
            return 0;
        }
        for (PacketSpace space : c.spaces) {
            if (space.probesOwed > 0) {
                return 0;
            }
        }
        if (!mayElicit(size, now)) {
            return 0;
        }
        PacketSpace space = c.space(PacketNumberSpace.APPLICATION);
        long packetNumber = space.nextPacketNumber;
        int packetNumberLength = PacketNumbers.encodedLength(packetNumber, space.largestAckedByPeer);
        int datagramStart = out.position();
        int packetNumberOffset = writeHeader(out, PacketNumberSpace.APPLICATION, packetNumber, packetNumberLength);
        out.put((byte) 0x01); // PING (RFC 9000 §19.2); the rest is PADDING (§19.1)
        int payloadEnd = datagramStart + size - TAG;
        while (out.position() < payloadEnd) {
            out.put((byte) 0);
        }
        c.oneRttKeys.onPacketSent(packetNumber, false);
        space.nextPacketNumber = packetNumber + 1;
        packetCount = 1;
        datagramNeedsPadding = false;
        packetStarts[0] = datagramStart;
        packetNumberOffsets[0] = packetNumberOffset;
        payloadEnds[0] = payloadEnd;
        packetNumbers[0] = packetNumber;
        packetKeys[0] = c.oneRttKeys.keysForSending();
        packetSpaces[0] = PacketNumberSpace.APPLICATION;
        SentFrames sent = new SentFrames();
        sent.oneRtt = true;
        packetContents[0] = sent;
        packetAckEliciting[0] = true;
        out.position(payloadEnd + TAG);
        int length = finishDatagram(out, datagramStart, size);
        recordSentPackets(out, datagramStart, now);
        c.mtu.onProbeSent(packetNumber, length);
        onDatagramSent(path, length, now);
        return length;
    }

    /** RFC 9000 §8.2: a PATH_CHALLENGE or PATH_RESPONSE on a path other than the active one. */
    private int buildPathProbeDatagram(ByteBuffer out, PendingPathFrame pathFrame) {
        Connection c = connection;
        NetworkPath path = pathFrame.path();
        int limit = (int) Math.min(Math.min(out.remaining(), c.maxSendDatagramSize), c.paths.sendAllowance(path));
        if (limit < MIN_PACKET_ROOM) {
            return 0;
        }
        int datagramStart = out.position();
        packetCount = 0;
        // RFC 9000 §8.2.1: expanded to 1200 bytes unless the anti-amplification limit forbids it;
        // then sent as it is (padding to part of the allowance would spend it without verifying the
        // MTU either), and the path is validated again with an expanded datagram once it can be.
        datagramNeedsPadding = spendableAllowance(path) >= ConnectionConfig.MIN_DATAGRAM_SIZE;
        PacketSpace space = c.space(PacketNumberSpace.APPLICATION);
        buildPacket(out, space, limit, false, pathFrame);
        if (packetCount == 0) {
            out.position(datagramStart);
            return 0;
        }
        int length = finishDatagram(out, datagramStart, limit);
        recordSentPackets(out, datagramStart, nowNanos);
        c.counters.datagramsSent++;
        c.counters.bytesSent += length;
        c.paths.onDatagramSent(path, length);
        if (length < ConnectionConfig.MIN_DATAGRAM_SIZE && pathFrame.frame() instanceof PathChallengeFrame) {
            c.paths.onChallengeSentUnexpanded(path);
        }
        lastPath = path;
        return length;
    }

    /**
     * What may be sent on {@code path} under the anti-amplification limit (RFC 9000 §8.1). Once
     * the handshake is confirmed an unvalidated path is one the peer moved to (§9.3), and anything
     * but an unexpanded PATH_CHALLENGE leaves {@link #PATH_VALIDATION_RESERVE} bytes of its
     * allowance unspent: an outage that swallowed the rest must not leave the server unable to
     * validate the path while the peer waits for data (ChaosScenarioTest).
     */
    private long spendableAllowance(NetworkPath path) {
        long allowance = connection.paths.sendAllowance(path);
        if (allowance == Long.MAX_VALUE || connection.state != ConnectionState.CONFIRMED) {
            return allowance;
        }
        return Math.max(0, allowance - PATH_VALIDATION_RESERVE);
    }

    /**
     * RFC 9000 §10.2: the CONNECTION_CLOSE datagram of the closing state, in every space whose
     * keys the peer may hold; an application close becomes a transport APPLICATION_ERROR in
     * Initial and Handshake packets (§10.2.3). These packets are not tracked for loss.
     */
    private int buildCloseDatagram(ByteBuffer out) {
        Connection c = connection;
        c.closeFrameDue = false;
        NetworkPath path = c.paths.activePath();
        int limit = (int) Math.min(Math.min(out.remaining(), c.maxSendDatagramSize), c.paths.sendAllowance(path));
        int datagramStart = out.position();
        packetCount = 0;
        datagramNeedsPadding = false;
        for (PacketNumberSpace spaceId : SPACES) {
            PacketSpace space = c.space(spaceId);
            int room = limit - (out.position() - datagramStart);
            if (!canSendIn(space) || room < MIN_PACKET_ROOM) {
                continue;
            }
            boolean application = spaceId == PacketNumberSpace.APPLICATION;
            ConnectionCloseFrame frame = c.closeFrame;
            if (!application && frame.kind() == ConnectionCloseFrame.Kind.APPLICATION) {
                frame = ConnectionCloseFrame.transport(dev.jquic.core.codec.TransportError.APPLICATION_ERROR.code(),
                        0, "");
            }
            long packetNumber = space.nextPacketNumber++;
            int packetNumberLength = PacketNumbers.encodedLength(packetNumber, space.largestAckedByPeer);
            int start = out.position();
            int packetNumberOffset = writeHeader(out, spaceId, packetNumber, packetNumberLength);
            if (out.remaining() < frame.encodedLength() + TAG + MIN_PACKET_NUMBER_AND_PAYLOAD) {
                out.position(start);
                continue;
            }
            frame.encode(out);
            while (out.position() - packetNumberOffset < MIN_PACKET_NUMBER_AND_PAYLOAD) {
                out.put((byte) 0);
            }
            int index = packetCount++;
            packetStarts[index] = start;
            packetNumberOffsets[index] = packetNumberOffset;
            payloadEnds[index] = out.position();
            packetNumbers[index] = packetNumber;
            packetKeys[index] = application ? c.oneRttKeys.keysForSending() : space.sendKeys;
            if (c.tracer != ConnectionTracer.NONE) {
                traceFrames.clear();
                traceFrames.add(frame);
                c.tracer.packetSent(nowNanos, application ? PacketType.ONE_RTT
                        : spaceId == PacketNumberSpace.INITIAL ? PacketType.INITIAL : PacketType.HANDSHAKE,
                        packetNumber, out.position() + TAG - start, traceFrames);
                traceFrames.clear();
            }
            out.position(out.position() + TAG);
            if (spaceId == PacketNumberSpace.INITIAL && c.role == EndpointRole.CLIENT) {
                datagramNeedsPadding = true;
            }
        }
        if (packetCount == 0) {
            out.position(datagramStart);
            return 0;
        }
        int length = finishDatagram(out, datagramStart, limit);
        for (int i = 0; i < packetCount; i++) {
            packetKeys[i] = null;
        }
        c.counters.datagramsSent++;
        c.counters.bytesSent += length;
        c.paths.onDatagramSent(path, length);
        lastPath = path;
        return length;
    }

    static EncryptionLevel levelOf(PacketNumberSpace space) {
        return switch (space) {
            case INITIAL -> EncryptionLevel.INITIAL;
            case HANDSHAKE -> EncryptionLevel.HANDSHAKE;
            case APPLICATION -> EncryptionLevel.ONE_RTT;
        };
    }
}
