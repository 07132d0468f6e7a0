package dev.jquic.core.connection;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.frame.NewConnectionIdFrame;
import dev.jquic.core.frame.RetireConnectionIdFrame;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.StatelessResetToken;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * The connection IDs we issue to the peer (RFC 9000 §5.1.1, §5.1.2, §19.15, §19.16): the
 * initial one (sequence 0, sent in the Source Connection ID of our long headers), an optional
 * preferred-address one (sequence 1), and further IDs issued in NEW_CONNECTION_ID frames.
 *
 * <p>{@link #issue()} tops the peer's supply up to the smaller of the peer's
 * active_connection_id_limit and our own cap, queuing one NEW_CONNECTION_ID frame per new ID;
 * the packet builder takes them with {@link #pollFrame()} and hands lost ones back with
 * {@link #onFrameLost(NewConnectionIdFrame)}. A RETIRE_CONNECTION_ID from the peer removes an
 * ID and issues a replacement. {@link #requestRetirementPriorTo(long)} asks the peer to retire
 * older IDs (§5.1.2). Every change of the set of routable IDs after construction is reported to
 * the {@link ConnectionIdRoutingListener}; the initial ID is not reported (the endpoint
 * registered it when it created the connection).
 *
 * <p>New IDs are {@link #connectionIdLength()} bytes from the injected {@link ConnectionIdGenerator}
 * (by default all random, from the injected random generator), and
 * their tokens come from {@link StatelessResetTokens}. With a zero-length initial ID nothing is
 * ever issued (§5.1.1). Single-threaded, not thread-safe.
 */
public final class LocalConnectionIds {
    /** Our default cap on active issued IDs, whatever larger limit the peer allows. */
    public static final int DEFAULT_MAXIMUM_ACTIVE = 8;
    /** RFC 9000 §18.2: active_connection_id_limit defaults to 2 and must be at least 2. */
    static final long MINIMUM_ACTIVE_CONNECTION_ID_LIMIT = 2;
    /**
     * The most IDs issued over a connection's lifetime, sequence 0 included (RFC 9000 §5.1.1: an
     * endpoint MAY limit the total); it bounds the memory a peer that keeps retiring IDs can
     * cost us. After that, retired IDs are not replaced.
     */
    public static final int MAXIMUM_ISSUED_PER_CONNECTION = 256;
    private static final int GENERATION_ATTEMPTS = 16;

    private static final class Issued {
        final IssuedConnectionId value;
        boolean sendPending;

        Issued(IssuedConnectionId value) {
            this.value = value;
        }

        long sequenceNumber() {
            return value.sequenceNumber();
        }
    }

    private final int connectionIdLength;
    private final int maximumActive;
    private final StatelessResetTokens tokens;
    private final RandomGenerator random;
    private final ConnectionIdGenerator generator;
    private final ConnectionIdRoutingListener listener;
    private final IssuedConnectionId initial;
    private final TreeMap<Long, Issued> active = new TreeMap<>();
    private final ArrayDeque<Issued> sendQueue = new ArrayDeque<>();
    /** Every ID ever issued on this connection: none is issued twice (RFC 9000 §5.1). */
    private final Set<ConnectionId> issuedHistory = new HashSet<>();
    private long nextSequenceNumber = 1;
    private long peerActiveConnectionIdLimit = MINIMUM_ACTIVE_CONNECTION_ID_LIMIT;
    private long retirePriorTo;

    /**
     * @param initialConnectionId the Source Connection ID of our long headers (sequence 0); its
     *     length is the length of every ID issued later
     * @param maximumActive our own cap on active issued IDs (at least 1)
     * @param tokens derives the stateless reset token of each ID
     * @param random supplies the bytes of new IDs (a cryptographically strong generator in
     *     production, seeded in tests)
     * @param listener told of IDs added and removed after construction
     */
    public LocalConnectionIds(ConnectionId initialConnectionId, int maximumActive, StatelessResetTokens tokens,
            RandomGenerator random, ConnectionIdRoutingListener listener) {
        this(initialConnectionId, maximumActive, tokens, random, ConnectionIdGenerator.RANDOM, listener);
    }

    /**
     * As {@link #LocalConnectionIds(ConnectionId, int, StatelessResetTokens, RandomGenerator,
     * ConnectionIdRoutingListener)}, drawing new IDs with {@code generator} (from {@code random}).
     */
    public LocalConnectionIds(ConnectionId initialConnectionId, int maximumActive, StatelessResetTokens tokens,
            RandomGenerator random, ConnectionIdGenerator generator, ConnectionIdRoutingListener listener) {
        Objects.requireNonNull(initialConnectionId, "initialConnectionId");
        if (maximumActive < 1) {
            throw new IllegalArgumentException("maximumActive must be at least 1: " + maximumActive);
        }
        this.connectionIdLength = initialConnectionId.length();
        this.maximumActive = maximumActive;
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.random = Objects.requireNonNull(random, "random");
        this.generator = Objects.requireNonNull(generator, "generator");
        this.listener = Objects.requireNonNull(listener, "listener");
        StatelessResetToken token = connectionIdLength == 0 ? null : tokens.tokenFor(initialConnectionId);
        this.initial = new IssuedConnectionId(0, initialConnectionId, token);
        active.put(0L, new Issued(initial));
        issuedHistory.add(initialConnectionId);
    }

    /** {@code length} random bytes from {@code random}, e.g. for a new initial connection ID. */
    public static ConnectionId randomConnectionId(RandomGenerator random, int length) {
        if (length < 0 || length > ConnectionId.MAX_LENGTH) {
            throw new IllegalArgumentException("connection ID length outside 0..20: " + length);
        }
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return ConnectionId.of(bytes);
    }

    /** The configured length of our connection IDs (the length of short-header DCIDs we receive). */
    public int connectionIdLength() {
        return connectionIdLength;
    }

    /** The handshake ID, sequence 0; its token goes into a server's stateless_reset_token parameter. */
    public IssuedConnectionId initial() {
        return initial;
    }

    /**
     * Issues the ID for a server's preferred_address transport parameter, which takes sequence 1
     * (RFC 9000 §5.1.1) and is not sent in a NEW_CONNECTION_ID frame.
     *
     * @throws IllegalStateException if another ID was issued already or our IDs are zero-length
     */
    public IssuedConnectionId issuePreferredAddressConnectionId() {
        if (nextSequenceNumber != 1 || connectionIdLength == 0) {
            throw new IllegalStateException("the preferred address ID must be issued first, with non-empty IDs");
        }
        Issued id = newId();
        if (id == null) {
            throw new IllegalStateException("random generator keeps producing the initial connection ID");
        }
        return id.value;
    }

    /**
     * Records the peer's active_connection_id_limit transport parameter (RFC 9000 §18.2).
     *
     * @throws QuicProtocolException TRANSPORT_PARAMETER_ERROR if below 2
     */
    public void setPeerActiveConnectionIdLimit(long limit) throws QuicProtocolException {
        // RFC 9000 §18.2: a value less than 2 MUST be treated as TRANSPORT_PARAMETER_ERROR.
        if (limit < MINIMUM_ACTIVE_CONNECTION_ID_LIMIT) {
            throw new QuicProtocolException(TransportError.TRANSPORT_PARAMETER_ERROR,
                    "active_connection_id_limit " + limit + " below 2");
        }
        peerActiveConnectionIdLimit = limit;
    }

    /** The number of active IDs we keep available: min(peer's limit, our cap). */
    public long targetActiveCount() {
        return Math.min(peerActiveConnectionIdLimit, maximumActive);
    }

    /**
     * Issues new IDs until the peer holds {@link #targetActiveCount()} IDs that are not being
     * retired, queuing a NEW_CONNECTION_ID frame for each. Stops early once
     * {@link #MAXIMUM_ISSUED_PER_CONNECTION} IDs were issued, or if no fresh ID of the configured
     * length turns up (very short IDs).
     *
     * @return how many IDs were issued
     */
    public int issue() {
        if (connectionIdLength == 0) {
            // RFC 9000 §5.1.1: an endpoint with a zero-length connection ID cannot issue new ones.
            return 0;
        }
        int issued = 0;
        // RFC 9000 §5.1.1: an endpoint MUST NOT provide more connection IDs than the peer's limit;
        // IDs below Retire Prior To may exceed it temporarily, as the same frame retires them.
        while (active.tailMap(retirePriorTo, true).size() < targetActiveCount()) {
            Issued id = newId();
            if (id == null) {
                break;
            }
            id.sendPending = true;
            sendQueue.add(id);
            issued++;
        }
        return issued;
    }

    /** A fresh ID, registered and reported, or {@code null} if none can be issued. */
    private Issued newId() {
        if (issuedHistory.size() >= MAXIMUM_ISSUED_PER_CONNECTION) {
            return null;
        }
        ConnectionId connectionId = null;
        for (int attempt = 0; attempt < GENERATION_ATTEMPTS && connectionId == null; attempt++) {
            ConnectionId candidate = generator.generate(random, connectionIdLength);
            // RFC 9000 §5.1: the same connection ID MUST NOT be issued more than once on a connection.
            if (!issuedHistory.contains(candidate)) {
                connectionId = candidate;
            }
        }
        if (connectionId == null) {
            return null;
        }
        issuedHistory.add(connectionId);
        // RFC 9000 §5.1.1: the sequence number of each newly issued ID MUST increase by 1.
        Issued id = new Issued(new IssuedConnectionId(nextSequenceNumber++, connectionId,
                tokens.tokenFor(connectionId)));
        active.put(id.sequenceNumber(), id);
        listener.connectionIdAdded(connectionId);
        return id;
    }

    /** Whether a NEW_CONNECTION_ID frame is waiting to be sent. */
    public boolean hasFramesToSend() {
        return !sendQueue.isEmpty();
    }

    /**
     * The next NEW_CONNECTION_ID frame to send, or {@code null}. A frame that is taken but not
     * sent after all, or whose packet is lost, goes back through {@link #onFrameLost}.
     */
    public NewConnectionIdFrame pollFrame() {
        Issued id = sendQueue.poll();
        if (id == null) {
            return null;
        }
        id.sendPending = false;
        IssuedConnectionId value = id.value;
        return new NewConnectionIdFrame(value.sequenceNumber(),
                Math.min(retirePriorTo, value.sequenceNumber()), value.connectionId(), value.statelessResetToken());
    }

    /**
     * Queues a lost NEW_CONNECTION_ID frame again (RFC 9000 §13.3) if its ID is still active;
     * the retransmission carries the same sequence number and the current Retire Prior To.
     */
    public void onFrameLost(NewConnectionIdFrame frame) {
        Issued id = active.get(frame.sequenceNumber());
        if (id != null && !id.sendPending && id.value.connectionId().equals(frame.connectionId())
                && id.sequenceNumber() != 0) {
            id.sendPending = true;
            sendQueue.add(id);
        }
    }

    /**
     * Handles the peer's RETIRE_CONNECTION_ID (RFC 9000 §19.16): removes the ID, reports it to
     * the listener and issues a replacement. A repeated retirement is ignored.
     *
     * @param packetDestinationConnectionId the Destination Connection ID of the packet that
     *     carried the frame
     * @throws QuicProtocolException PROTOCOL_VIOLATION for a sequence number never issued, for the
     *     ID the packet was sent to, or when our IDs are zero-length
     */
    public void onRetireConnectionId(RetireConnectionIdFrame frame, ConnectionId packetDestinationConnectionId)
            throws QuicProtocolException {
        // RFC 9000 §19.16: an endpoint that provides a zero-length connection ID MUST treat
        // receipt of a RETIRE_CONNECTION_ID frame as a PROTOCOL_VIOLATION.
        if (connectionIdLength == 0) {
            throw new QuicProtocolException(TransportError.PROTOCOL_VIOLATION,
                    "RETIRE_CONNECTION_ID but our connection IDs are zero-length");
        }
        long sequenceNumber = frame.sequenceNumber();
        // RFC 9000 §19.16: a sequence number greater than any previously sent MUST be treated as
        // a PROTOCOL_VIOLATION.
        if (sequenceNumber >= nextSequenceNumber) {
            throw new QuicProtocolException(TransportError.PROTOCOL_VIOLATION,
                    "RETIRE_CONNECTION_ID for sequence " + sequenceNumber + " never issued");
        }
        Issued id = active.get(sequenceNumber);
        if (id == null) {
            return;
        }
        // RFC 9000 §19.16: the sequence number MUST NOT refer to the packet's Destination
        // Connection ID; the peer MAY treat this as a PROTOCOL_VIOLATION.
        if (id.value.connectionId().equals(packetDestinationConnectionId)) {
            throw new QuicProtocolException(TransportError.PROTOCOL_VIOLATION,
                    "RETIRE_CONNECTION_ID retires the connection ID of its own packet");
        }
        active.remove(sequenceNumber);
        if (id.sendPending) {
            id.sendPending = false;
            sendQueue.remove(id);
        }
        listener.connectionIdRemoved(id.value.connectionId());
        // RFC 9000 §5.1.1: an endpoint SHOULD supply a new connection ID when the peer retires one.
        issue();
    }

    /**
     * Asks the peer to retire every ID with a sequence number below {@code sequenceNumber}
     * (RFC 9000 §5.1.2) and issues replacements; the value travels in every NEW_CONNECTION_ID
     * frame sent from now on. Those IDs stay routable until the peer retires them.
     *
     * @throws IllegalArgumentException if below the current value or above the next sequence
     *     number to be issued
     * @throws IllegalStateException if IDs below the previous value are not all retired yet
     *     (RFC 9000 §5.1.2 advises against such updates) or our IDs are zero-length
     */
    public void requestRetirementPriorTo(long sequenceNumber) {
        if (connectionIdLength == 0) {
            throw new IllegalStateException("zero-length connection IDs cannot be retired");
        }
        if (sequenceNumber < retirePriorTo || sequenceNumber > nextSequenceNumber) {
            throw new IllegalArgumentException("retire prior to " + sequenceNumber + " outside "
                    + retirePriorTo + ".." + nextSequenceNumber);
        }
        if (retirementOutstanding()) {
            throw new IllegalStateException("IDs below " + retirePriorTo + " are not all retired yet");
        }
        retirePriorTo = sequenceNumber;
        issue();
    }

    /** The Retire Prior To value we send. */
    public long retirePriorTo() {
        return retirePriorTo;
    }

    /** Whether IDs we asked the peer to retire are still active. */
    public boolean retirementOutstanding() {
        return !active.isEmpty() && active.firstKey() < retirePriorTo;
    }

    /** Whether {@code connectionId} is one of our active IDs. */
    public boolean isActive(ConnectionId connectionId) {
        for (Issued id : active.values()) {
            if (id.value.connectionId().equals(connectionId)) {
                return true;
            }
        }
        return false;
    }

    /** The number of active (issued and not retired) IDs. */
    public int activeCount() {
        return active.size();
    }

    /** The active IDs, lowest sequence number first (e.g. to unregister them all at close). */
    public List<IssuedConnectionId> activeConnectionIds() {
        List<IssuedConnectionId> result = new ArrayList<>(active.size());
        for (Map.Entry<Long, Issued> entry : active.entrySet()) {
            result.add(entry.getValue().value);
        }
        return result;
    }

    /** The sequence number the next issued ID will get. */
    public long nextSequenceNumber() {
        return nextSequenceNumber;
    }
}
