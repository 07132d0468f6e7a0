package dev.jquic.core.connection;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.frame.NewConnectionIdFrame;
import dev.jquic.core.frame.RetireConnectionIdFrame;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.RangeSet;
import dev.jquic.core.types.StatelessResetToken;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The connection IDs the peer gave us (RFC 9000 §5.1.1, §5.1.2, §10.3.1, §19.15): the one from
 * the handshake (sequence 0), the preferred-address one (sequence 1) and those from
 * NEW_CONNECTION_ID frames. {@link #current()} is the Destination Connection ID we send with.
 *
 * <p>A peer can retire every ID it gave us before we receive a replacement (a reordered
 * NEW_CONNECTION_ID whose Retire Prior To covers all we hold). Then {@link #hasCurrent()} is
 * {@code false} and nothing may be sent until the next NEW_CONNECTION_ID arrives (RFC 9000
 * §5.1.2: retired IDs MUST no longer be used).
 *
 * <p>Retire Prior To is honoured by retiring the older IDs and queuing RETIRE_CONNECTION_ID
 * frames ({@link #pollFrame()}, {@link #onFrameAcknowledged}, {@link #onFrameLost}), switching
 * the current ID if it was retired. More active IDs than our active_connection_id_limit, or more
 * retirements awaiting acknowledgement than twice that limit, is a CONNECTION_ID_LIMIT_ERROR.
 * {@link #isStatelessReset(ByteBuffer)} compares the tail of a datagram with the tokens of the
 * active IDs we have used, in constant time per token.
 *
 * <p>A {@link QuicProtocolException} closes the connection; the object is not used afterwards.
 * Single-threaded, not thread-safe.
 */
public final class PeerConnectionIds {
    /** The largest active_connection_id_limit this class accepts as our own setting. */
    public static final int MAXIMUM_LIMIT = 1024;
    /**
     * RFC 9000 §10.3: a Stateless Reset is at least 21 bytes (5 bytes of header and unpredictable
     * bits plus the 16-byte token); shorter datagrams are never valid QUIC packets.
     */
    public static final int MINIMUM_STATELESS_RESET_LENGTH = 21;

    private static final class PeerId {
        final long sequenceNumber;
        ConnectionId connectionId;
        StatelessResetToken statelessResetToken;
        boolean used;

        PeerId(long sequenceNumber, ConnectionId connectionId, StatelessResetToken statelessResetToken) {
            this.sequenceNumber = sequenceNumber;
            this.connectionId = connectionId;
            this.statelessResetToken = statelessResetToken;
        }
    }

    private final int activeConnectionIdLimit;
    private final int maximumPendingRetirements;
    private final TreeMap<Long, PeerId> active = new TreeMap<>();
    /** Sequence numbers we have retired (sent or queued a RETIRE_CONNECTION_ID for). */
    private final RangeSet retiredSequenceNumbers;
    private final ArrayDeque<Long> retireQueue = new ArrayDeque<>();
    private final Set<Long> retiresAwaitingAcknowledgement = new HashSet<>();
    /** Retirements of our own choice ({@link #rotate()}) still queued or unacknowledged. */
    private final Set<Long> ownRetirementsPending = new HashSet<>();
    private long largestRetirePriorTo;
    private boolean newConnectionIdReceived;
    private boolean zeroLength;
    /** The ID we send with; {@code null} while the peer left us none. */
    private PeerId current;

    /**
     * @param initialConnectionId the peer's connection ID from the handshake (sequence 0)
     * @param activeConnectionIdLimit our active_connection_id_limit transport parameter (2..1024)
     */
    public PeerConnectionIds(ConnectionId initialConnectionId, int activeConnectionIdLimit) {
        Objects.requireNonNull(initialConnectionId, "initialConnectionId");
        if (activeConnectionIdLimit < LocalConnectionIds.MINIMUM_ACTIVE_CONNECTION_ID_LIMIT
                || activeConnectionIdLimit > MAXIMUM_LIMIT) {
            throw new IllegalArgumentException("activeConnectionIdLimit outside 2.." + MAXIMUM_LIMIT
                    + ": " + activeConnectionIdLimit);
        }
        this.activeConnectionIdLimit = activeConnectionIdLimit;
        // RFC 9000 §5.1.2: an endpoint SHOULD allow tracking at least twice the limit of
        // RETIRE_CONNECTION_ID frames.
        this.maximumPendingRetirements = 2 * activeConnectionIdLimit;
        this.retiredSequenceNumbers = new RangeSet(4 * activeConnectionIdLimit);
        PeerId initial = new PeerId(0, initialConnectionId, null);
        initial.used = true;
        active.put(0L, initial);
        current = initial;
        zeroLength = initialConnectionId.length() == 0;
    }

    /** Whether an active ID is available to send with (see the class comment). */
    public boolean hasCurrent() {
        return current != null;
    }

    /**
     * The Destination Connection ID to send with.
     *
     * @throws IllegalStateException if {@link #hasCurrent()} is {@code false}
     */
    public ConnectionId current() {
        return requireCurrent().connectionId;
    }

    /**
     * The sequence number of {@link #current()}.
     *
     * @throws IllegalStateException if {@link #hasCurrent()} is {@code false}
     */
    public long currentSequenceNumber() {
        return requireCurrent().sequenceNumber;
    }

    private PeerId requireCurrent() {
        if (current == null) {
            throw new IllegalStateException("the peer retired every connection ID; wait for NEW_CONNECTION_ID");
        }
        return current;
    }

    /**
     * Replaces the sequence-0 ID before any other ID arrived: a client learns the server's chosen
     * ID from the Source Connection ID of the server's first Initial (RFC 9000 §7.2).
     *
     * @throws IllegalStateException once other IDs were received or sequence 0 was retired
     */
    public void updateInitialConnectionId(ConnectionId connectionId) {
        Objects.requireNonNull(connectionId, "connectionId");
        PeerId initial = active.get(0L);
        if (initial == null || active.size() != 1 || newConnectionIdReceived) {
            throw new IllegalStateException("the initial connection ID can only change during the handshake");
        }
        initial.connectionId = connectionId;
        zeroLength = connectionId.length() == 0;
    }

    /**
     * Records the server's stateless_reset_token transport parameter, the token of sequence 0
     * (RFC 9000 §18.2). Ignored if sequence 0 was retired meanwhile.
     */
    public void setInitialStatelessResetToken(StatelessResetToken token) {
        Objects.requireNonNull(token, "token");
        PeerId initial = active.get(0L);
        if (initial != null) {
            initial.statelessResetToken = token;
        }
    }

    /**
     * Adds the connection ID of the server's preferred_address transport parameter, sequence 1
     * (RFC 9000 §5.1.1).
     *
     * @throws QuicProtocolException TRANSPORT_PARAMETER_ERROR for a zero-length ID, otherwise as
     *     {@link #onNewConnectionId}
     */
    public void onPreferredAddress(ConnectionId connectionId, StatelessResetToken token)
            throws QuicProtocolException {
        // RFC 9000 §18.2: a server that chose a zero-length connection ID MUST NOT provide a
        // preferred address; the preferred address carries a non-empty ID.
        if (connectionId.length() == 0) {
            throw new QuicProtocolException(TransportError.TRANSPORT_PARAMETER_ERROR,
                    "preferred_address with a zero-length connection ID");
        }
        onNewConnectionId(new NewConnectionIdFrame(1, 0, connectionId, token));
    }

    /**
     * Handles a NEW_CONNECTION_ID frame (RFC 9000 §19.15, §5.1.1, §5.1.2). Repeated frames are
     * accepted; IDs below the largest Retire Prior To are retired, and the current ID is switched
     * if it was among them.
     *
     * @throws QuicProtocolException PROTOCOL_VIOLATION if we send to a zero-length ID, if a
     *     sequence number returns with another ID or token, or if an ID or token returns under
     *     another sequence number; CONNECTION_ID_LIMIT_ERROR if more IDs would be active than our
     *     limit or too many retirements are unacknowledged
     */
    public void onNewConnectionId(NewConnectionIdFrame frame) throws QuicProtocolException {
        // RFC 9000 §19.15: an endpoint sending to a zero-length Destination Connection ID MUST
        // treat receipt of NEW_CONNECTION_ID as a PROTOCOL_VIOLATION.
        if (zeroLength) {
            throw violation("NEW_CONNECTION_ID but the peer uses a zero-length connection ID");
        }
        newConnectionIdReceived = true;
        long sequenceNumber = frame.sequenceNumber();
        PeerId existing = active.get(sequenceNumber);
        if (existing != null) {
            // RFC 9000 §19.15: a sequence number used for a different ID or token MAY be treated
            // as a PROTOCOL_VIOLATION; the same frame received again MUST NOT be an error.
            if (!existing.connectionId.equals(frame.connectionId())
                    || existing.statelessResetToken != null
                            && !existing.statelessResetToken.equals(frame.statelessResetToken())) {
                throw violation("NEW_CONNECTION_ID sequence " + sequenceNumber + " repeated with another ID or token");
            }
        } else {
            for (PeerId id : active.values()) {
                // RFC 9000 §19.15: a connection ID repeated under another sequence number MAY be
                // treated as a PROTOCOL_VIOLATION.
                if (id.connectionId.equals(frame.connectionId())) {
                    throw violation("NEW_CONNECTION_ID repeats the ID of sequence " + id.sequenceNumber);
                }
                // RFC 9000 §10.3.2: the same token MUST NOT be used for several IDs; a duplicate
                // MAY be treated as a PROTOCOL_VIOLATION.
                if (frame.statelessResetToken().equals(id.statelessResetToken)) {
                    throw violation("NEW_CONNECTION_ID repeats the token of sequence " + id.sequenceNumber);
                }
            }
        }
        // RFC 9000 §19.15: Retire Prior To values that do not increase the largest received one
        // MUST be ignored.
        if (frame.retirePriorTo() > largestRetirePriorTo) {
            largestRetirePriorTo = frame.retirePriorTo();
            // RFC 9000 §5.1.2: the peer MUST stop using the IDs below Retire Prior To and retire
            // them before adding the new ID.
            Iterator<PeerId> below = active.headMap(largestRetirePriorTo, false).values().iterator();
            while (below.hasNext()) {
                PeerId id = below.next();
                below.remove();
                retire(id.sequenceNumber);
            }
        }
        if (existing == null && !retiredSequenceNumbers.contains(sequenceNumber)) {
            if (sequenceNumber < largestRetirePriorTo) {
                // RFC 9000 §19.15: a new ID below the largest Retire Prior To MUST be retired
                // with a RETIRE_CONNECTION_ID frame.
                retire(sequenceNumber);
            } else {
                // RFC 9000 §5.1.1: more active IDs than our active_connection_id_limit MUST close
                // the connection with CONNECTION_ID_LIMIT_ERROR.
                if (active.size() >= activeConnectionIdLimit) {
                    throw new QuicProtocolException(TransportError.CONNECTION_ID_LIMIT_ERROR,
                            "NEW_CONNECTION_ID exceeds active_connection_id_limit " + activeConnectionIdLimit);
                }
                active.put(sequenceNumber,
                        new PeerId(sequenceNumber, frame.connectionId(), frame.statelessResetToken()));
            }
        }
        // RFC 9000 §5.1.2: IDs retired but not yet acknowledged beyond the limit MAY be treated
        // as a CONNECTION_ID_LIMIT_ERROR. Only those the peer made us retire count: our own
        // rotations (bounded by rotate()) must not turn a compliant peer's Retire Prior To into
        // an error (a jqwik sample of ConnectionIdPropertiesTest: one rotation plus four forced
        // retirements awaiting acknowledgement, with the limit 2).
        if (forcedPendingRetirementCount() > maximumPendingRetirements) {
            throw new QuicProtocolException(TransportError.CONNECTION_ID_LIMIT_ERROR,
                    "more than " + maximumPendingRetirements + " connection IDs awaiting retirement");
        }
        if (current == null || !active.containsKey(current.sequenceNumber)) {
            switchCurrent();
        }
    }

    /** Moves to the lowest unused active ID, else the lowest active one, else none. */
    private void switchCurrent() {
        PeerId next = lowestUnused();
        if (next == null && !active.isEmpty()) {
            next = active.firstEntry().getValue();
        }
        if (next != null) {
            next.used = true;
        }
        current = next;
    }

    private PeerId lowestUnused() {
        for (PeerId id : active.values()) {
            if (!id.used) {
                return id;
            }
        }
        return null;
    }

    private void retire(long sequenceNumber) throws QuicProtocolException {
        if (!retiredSequenceNumbers.add(sequenceNumber)) {
            // The set is fragmented to its cap: forget the oldest range if it lies wholly below
            // Retire Prior To (a late duplicate there only earns a redundant RETIRE frame).
            if (retiredSequenceNumbers.rangeEnd(0) > largestRetirePriorTo) {
                throw new QuicProtocolException(TransportError.CONNECTION_ID_LIMIT_ERROR,
                        "too many gaps between retired connection IDs");
            }
            retiredSequenceNumbers.removeFirstRange();
            retiredSequenceNumbers.add(sequenceNumber);
        }
        retireQueue.add(sequenceNumber);
    }

    /**
     * Switches {@link #current()} to an active ID not used before (for migration, RFC 9000 §9.5)
     * and retires the previous one (if there is one).
     *
     * @return {@code false}, changing nothing, if no unused ID is available or retiring one more
     *     ID would exceed the bound on unacknowledged retirements
     */
    public boolean rotate() {
        PeerId next = lowestUnused();
        if (next == null || pendingRetirementCount() >= maximumPendingRetirements) {
            return false;
        }
        PeerId previous = current;
        if (previous != null) {
            try {
                retire(previous.sequenceNumber);
            } catch (QuicProtocolException tooFragmented) {
                return false;
            }
            active.remove(previous.sequenceNumber);
            ownRetirementsPending.add(previous.sequenceNumber);
        }
        next.used = true;
        current = next;
        return true;
    }

    /** Whether a RETIRE_CONNECTION_ID frame is waiting to be sent. */
    public boolean hasFramesToSend() {
        return !retireQueue.isEmpty();
    }

    /**
     * The next RETIRE_CONNECTION_ID frame to send, or {@code null}. A frame that is taken but not
     * sent after all, or whose packet is lost, goes back through {@link #onFrameLost}.
     */
    public RetireConnectionIdFrame pollFrame() {
        Long sequenceNumber = retireQueue.poll();
        if (sequenceNumber == null) {
            return null;
        }
        retiresAwaitingAcknowledgement.add(sequenceNumber);
        return new RetireConnectionIdFrame(sequenceNumber);
    }

    /** The peer acknowledged a RETIRE_CONNECTION_ID frame; it no longer counts as pending. */
    public void onFrameAcknowledged(RetireConnectionIdFrame frame) {
        if (retiresAwaitingAcknowledgement.remove(frame.sequenceNumber())) {
            ownRetirementsPending.remove(frame.sequenceNumber());
        }
    }

    /** Queues a lost (or unsent) RETIRE_CONNECTION_ID frame again (RFC 9000 §13.3). */
    public void onFrameLost(RetireConnectionIdFrame frame) {
        if (retiresAwaitingAcknowledgement.remove(frame.sequenceNumber())) {
            retireQueue.add(frame.sequenceNumber());
        }
    }

    /** Retirements queued or sent but not yet acknowledged (RFC 9000 §5.1.2). */
    public int pendingRetirementCount() {
        return retireQueue.size() + retiresAwaitingAcknowledgement.size();
    }

    /**
     * The pending retirements the peer made us do (Retire Prior To, or an ID below it), at most
     * twice our limit; our own rotations add at most as many again, so the total stays within
     * four times the limit.
     */
    public int forcedPendingRetirementCount() {
        return pendingRetirementCount() - ownRetirementsPending.size();
    }

    /** The number of active (received and not retired) peer IDs. */
    public int activeCount() {
        return active.size();
    }

    /** The number of active peer IDs never used, available for {@link #rotate()}. */
    public int unusedCount() {
        int unused = 0;
        for (PeerId id : active.values()) {
            if (!id.used) {
                unused++;
            }
        }
        return unused;
    }

    /** The largest Retire Prior To received. */
    public long largestRetirePriorTo() {
        return largestRetirePriorTo;
    }

    /**
     * Whether the datagram between position and limit is a Stateless Reset (RFC 9000 §10.3.1): at
     * least 21 bytes whose last 16 equal the token of an active ID we have used. Every such token
     * is compared in full, without stopping at the first match or difference. The buffer's
     * position and limit are not changed.
     */
    public boolean isStatelessReset(ByteBuffer datagram) {
        if (datagram.remaining() < MINIMUM_STATELESS_RESET_LENGTH) {
            return false;
        }
        int tokenOffset = datagram.limit() - StatelessResetToken.LENGTH;
        boolean match = false;
        for (PeerId id : active.values()) {
            // RFC 9000 §10.3.1: an endpoint MUST NOT check tokens of IDs it has not used or that
            // were retired.
            if (id.used && id.statelessResetToken != null) {
                match |= id.statelessResetToken.matches(datagram, tokenOffset);
            }
        }
        return match;
    }

    private static QuicProtocolException violation(String reason) {
        return new QuicProtocolException(TransportError.PROTOCOL_VIOLATION, reason);
    }
}
