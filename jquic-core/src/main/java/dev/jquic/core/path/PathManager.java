package dev.jquic.core.path;

import dev.jquic.core.frame.PathChallengeFrame;
import dev.jquic.core.frame.PathResponseFrame;
import dev.jquic.core.types.EndpointRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.random.RandomGenerator;

/**
 * Network paths of one connection: the active path, address validation and its anti-amplification limit
 * (RFC 9000 §8), path validation with PATH_CHALLENGE / PATH_RESPONSE (§8.2, retransmission per §13.3) and
 * connection migration (§9). The connection feeds it received datagrams and frames and asks it what to send
 * ({@link #pollFrame}), when to wake up ({@link #nextDeadlineNanos}) and what changed ({@link #pollEvent}).
 *
 * <p>Rules the connection must apply when building packets:
 * <ul>
 *   <li>a datagram carrying a PATH_CHALLENGE or PATH_RESPONSE must be expanded to at least
 *       {@link #MIN_PROBING_DATAGRAM_SIZE} bytes unless {@link #sendAllowance} of its path forbids it
 *       (§8.2.1, §8.2.2); every datagram sent on a path is reported to {@link #onDatagramSent} and never
 *       exceeds {@link #sendAllowance} (§8.1);</li>
 *   <li>at most one PATH_CHALLENGE per packet (§8.2.1): send one {@link #pollFrame} challenge per packet;</li>
 *   <li>a client must not call {@link #startMigration} / {@link #migrateImmediately} before the handshake is
 *       confirmed, nor when the peer sent disable_active_migration (§9), and probes from a new local address
 *       use a fresh connection ID (§9.5);</li>
 *   <li>a server calls {@link #onNonProbingPacket} only for the packet with the highest packet number so far
 *       (§9.3), and only once the handshake is confirmed (§9: peers must not migrate earlier);</li>
 *   <li>an endpoint receiving a PATH_CHALLENGE on its active path should send a non-probing packet too
 *       (§9.3.3).</li>
 * </ul>
 *
 * <p>Bounded state: at most {@link #MAX_TRACKED_PATHS} paths (the oldest unvalidated path that is neither
 * active, nor the fallback, nor a migration target is evicted first), at most
 * {@link #MAX_PENDING_RESPONSES_PER_PATH} owed responses per path (further challenges are dropped, §8.2.2 lets
 * the peer retry), at most {@link #MAX_CHALLENGE_ATTEMPTS} challenges per validation and at most
 * 16 queued events (coalesced, see {@link PathEvent}).
 *
 * <p>Single-threaded, not thread-safe: the connection's owner thread confines it.
 */
public final class PathManager {

    /** RFC 9000 §8.2.1, §8.2.2: datagrams carrying PATH_CHALLENGE or PATH_RESPONSE are expanded to this size. */
    public static final int MIN_PROBING_DATAGRAM_SIZE = 1200;
    /** Most paths tracked at once; more are evicted oldest first. */
    public static final int MAX_TRACKED_PATHS = 4;
    /** Most PATH_RESPONSEs owed on one path; further PATH_CHALLENGEs on it are dropped until some are sent. */
    public static final int MAX_PENDING_RESPONSES_PER_PATH = 4;
    /** PATH_CHALLENGEs sent per validation attempt: the first, then retries spaced by one PTO (§13.3). */
    public static final int MAX_CHALLENGE_ATTEMPTS = 3;
    /** RFC 9002 §6.2.2: kInitialRtt = 333 ms. */
    public static final long INITIAL_RTT_NANOS = 333_000_000L;

    private final EndpointRole role;
    private final RandomGenerator random;
    private final BiPredicate<Object, Object> sameHost;
    private final List<PathState> paths = new ArrayList<>(MAX_TRACKED_PATHS);
    private final PathEvents events = new PathEvents();
    private long nextCreationOrder;
    private PathState active;
    /** The last validated path other than the active one, to revert to (RFC 9000 §9.3.2); may be null. */
    private PathState fallback;
    /** Client: the path it migrates to once validated (RFC 9000 §9.2); may be null. */
    private PathState migrationTarget;

    /**
     * A manager whose congestion-control reset decision treats only equal addresses as the same host.
     *
     * @param initialPath the path of the handshake
     * @param role a client's first path is validated from its own point of view (it chose the server address,
     *     RFC 9000 §8.1); a server's is not until {@link #validateActivePath()} (a Handshake packet arrived) or a
     *     path challenge succeeds
     * @param random source of unpredictable PATH_CHALLENGE data (RFC 9000 §8.2.1)
     */
    public PathManager(NetworkPath initialPath, EndpointRole role, RandomGenerator random) {
        this(initialPath, role, random, (first, second) -> false);
    }

    /**
     * As {@link #PathManager(NetworkPath, EndpointRole, RandomGenerator)}, with {@code sameHost} telling whether
     * two (unequal) addresses differ only in port: then a path change keeps congestion state (RFC 9000 §9.4).
     */
    public PathManager(NetworkPath initialPath, EndpointRole role, RandomGenerator random,
            BiPredicate<Object, Object> sameHost) {
        Objects.requireNonNull(initialPath, "initialPath");
        this.role = Objects.requireNonNull(role, "role");
        this.random = Objects.requireNonNull(random, "random");
        this.sameHost = Objects.requireNonNull(sameHost, "sameHost");
        active = track(initialPath);
        active.validated = role == EndpointRole.CLIENT;
    }

    public NetworkPath activePath() {
        return active.path;
    }

    public boolean isActivePathValidated() {
        return active.validated;
    }

    /** Whether {@code path} is tracked and validated. */
    public boolean isValidated(NetworkPath path) {
        PathState state = find(path);
        return state != null && state.validated;
    }

    /**
     * RFC 9000 §8.1: the server successfully processed a Handshake packet from the peer (or validated the
     * address with a token), so the active path is validated; a validation under way on it ends quietly.
     */
    public void validateActivePath() {
        active.validated = true;
        active.stopValidation();
        active.mtuUnverified = false;
    }

    // ---- anti-amplification (RFC 9000 §8.1)

    /** Counts a datagram received on {@code path} (all its bytes, even if its packets were discarded). */
    public void onDatagramReceived(NetworkPath path, int bytes) {
        PathState state = find(path);
        if (state == null && role == EndpointRole.SERVER) {
            state = track(path);
        }
        if (state != null) {
            state.bytesReceived += bytes;
        }
    }

    /** Counts a datagram sent on {@code path}. */
    public void onDatagramSent(NetworkPath path, int bytes) {
        PathState state = find(path);
        if (state != null) {
            state.bytesSent += bytes;
        }
    }

    /**
     * RFC 9000 §8.1: bytes that may still be sent on {@code path}: {@link Long#MAX_VALUE} when validated (and
     * always for a client, which only the congestion controller limits), else three times the bytes received
     * minus the bytes sent, never negative; 0 for an unknown path.
     */
    public long sendAllowance(NetworkPath path) {
        if (role == EndpointRole.CLIENT) {
            return Long.MAX_VALUE;
        }
        PathState state = find(path);
        return state == null ? 0 : state.sendAllowance();
    }

    public boolean isAmplificationLimited(NetworkPath path) {
        return sendAllowance(path) != Long.MAX_VALUE;
    }

    // ---- frames

    /**
     * RFC 9000 §8.2.2: a PATH_CHALLENGE arrived on {@code receivedOn}; the same data is owed back on that path,
     * exactly once. When the path already owes {@link #MAX_PENDING_RESPONSES_PER_PATH} responses the challenge
     * is dropped (the peer retries).
     */
    public void onPathChallenge(NetworkPath receivedOn, PathChallengeFrame frame) {
        PathState state = find(receivedOn);
        if (state == null) {
            state = track(receivedOn);
        }
        state.offerResponse(frame.data());
    }

    /**
     * The connection could not expand the datagram carrying this path's latest PATH_CHALLENGE to
     * {@link #MIN_PROBING_DATAGRAM_SIZE} bytes (the anti-amplification limit forbade it). RFC 9000 §8.2.1: the path
     * MTU is then not validated, so once this validation succeeds the manager starts a second one (whose challenge
     * the connection can expand, the path being validated).
     */
    public void onChallengeSentUnexpanded(NetworkPath path) {
        PathState state = find(path);
        if (state != null && state.validating) {
            state.mtuUnverified = true;
        }
    }

    /**
     * RFC 9000 §8.2.3: a PATH_RESPONSE validates the path its challenge was sent on, whichever path it arrived
     * on (the initiator must not require the same path). Data matching no outstanding challenge is ignored.
     */
    public void onPathResponse(NetworkPath receivedOn, PathResponseFrame frame, long nowNanos) {
        for (PathState state : paths) {
            if (state.matchesOutstandingChallenge(frame.data())) {
                state.stopValidation();
                state.validated = true;
                events.add(new PathEvent.PathValidated(state.path));
                if (state.mtuUnverified) {
                    state.mtuUnverified = false;
                    // RFC 9000 §8.2.1: the endpoint MUST perform a second path validation with an expanded datagram.
                    state.startValidation(nowNanos);
                }
                if (state == migrationTarget) {
                    migrationTarget = null;
                    switchActive(state);
                }
                return;
            }
        }
    }

    /**
     * A non-probing packet (RFC 9000 §9.1: a frame other than PATH_CHALLENGE, PATH_RESPONSE, NEW_CONNECTION_ID,
     * PADDING) with the highest packet number so far arrived on {@code path}.
     *
     * <p>Server: a different path means the client migrated or was rebound (§9.3): the active path becomes
     * {@code path} at once, its validation starts unless it is validated, the old path is kept as fallback when
     * validated and is itself re-validated (§9.3.3), and an {@link PathEvent.ActivePathChanged} is reported.
     * Client: nothing; a client chooses its paths itself (§9, §9.6).
     */
    public void onNonProbingPacket(NetworkPath path, long nowNanos) {
        if (role == EndpointRole.CLIENT || active.path.equals(path)) {
            return;
        }
        PathState state = find(path);
        if (state == null) {
            state = track(path);
        }
        PathState old = active;
        switchActive(state);
        // RFC 9000 §9.3: the recipient MUST initiate path validation of the new peer address.
        if (!state.validated && !state.validating) {
            state.startValidation(nowNanos);
        }
        // RFC 9000 §9.3.3: endpoints MUST validate the previously active path in response to an apparent migration.
        if (!old.validating) {
            old.startValidation(nowNanos);
        }
    }

    /**
     * Client-initiated migration (RFC 9000 §9.2): starts validating {@code newPath}; it becomes active (with an
     * {@link PathEvent.ActivePathChanged}) once validated, at once when it is already validated. A migration
     * still pending to another path is abandoned without an event (§8.2.4).
     */
    public void startMigration(NetworkPath newPath, long nowNanos) {
        if (active.path.equals(newPath)) {
            return;
        }
        abandonMigrationTarget();
        PathState state = find(newPath);
        if (state == null) {
            state = track(newPath);
        }
        if (state.validated) {
            switchActive(state);
            return;
        }
        if (!state.validating) {
            state.startValidation(nowNanos);
        }
        migrationTarget = state;
    }

    /**
     * Client-initiated migration without waiting (RFC 9000 §9.2 allows migrating before validating the peer's
     * address): {@code newPath} becomes active now and is validated; if the validation fails the manager
     * reverts to the last validated path (§9.3.2).
     */
    public void migrateImmediately(NetworkPath newPath, long nowNanos) {
        if (active.path.equals(newPath)) {
            return;
        }
        abandonMigrationTarget();
        PathState state = find(newPath);
        if (state == null) {
            state = track(newPath);
        }
        switchActive(state);
        if (!state.validated && !state.validating) {
            state.startValidation(nowNanos);
        }
    }

    // ---- what to send

    /**
     * The next path frame to send, or null: owed PATH_RESPONSEs first (active path first; RFC 9000 §8.2.2: not
     * delayed), then due PATH_CHALLENGEs (active path first), each with fresh unpredictable data (§8.2.1, §13.3). Paths whose
     * {@link #sendAllowance} is 0 are skipped until more bytes arrive on them.
     */
    public PendingPathFrame pollFrame(long nowNanos) {
        PathState responder = findResponder();
        if (responder != null) {
            return new PendingPathFrame(responder.path, new PathResponseFrame(responder.takeResponse()));
        }
        PathState challenger = findChallenger();
        if (challenger != null) {
            long data = random.nextLong();
            challenger.recordChallengeSent(data, nowNanos);
            return new PendingPathFrame(challenger.path, new PathChallengeFrame(data));
        }
        return null;
    }

    public boolean hasFramesToSend(long nowNanos) {
        return findResponder() != null || findChallenger() != null;
    }

    /**
     * The earliest path-validation deadline: a challenge retry one {@code ptoNanos} after the last challenge, or
     * giving up {@link #validationTimeoutNanos} after the validation started; {@link Long#MAX_VALUE} when none.
     */
    public long nextDeadlineNanos(long ptoNanos) {
        long deadline = Long.MAX_VALUE;
        for (PathState state : paths) {
            if (state.validating) {
                deadline = Math.min(deadline, state.validationStartNanos + validationTimeoutNanos(ptoNanos));
                if (state.mayRetryChallenge()) {
                    deadline = Math.min(deadline, state.lastChallengeSentNanos + ptoNanos);
                }
            }
        }
        return deadline;
    }

    /** Gives up validations whose timer expired (RFC 9000 §8.2.4) and marks challenge retries due (§13.3). */
    public void onTimeout(long nowNanos, long ptoNanos) {
        long timeoutNanos = validationTimeoutNanos(ptoNanos);
        for (int i = 0; i < paths.size(); i++) {
            PathState state = paths.get(i);
            if (!state.validating) {
                continue;
            }
            if (nowNanos - state.validationStartNanos >= timeoutNanos) {
                failValidation(state, nowNanos);
            } else if (state.mayRetryChallenge() && nowNanos - state.lastChallengeSentNanos >= ptoNanos) {
                state.challengeDue = true;
            }
        }
    }

    /** The next event, or null. */
    public PathEvent pollEvent() {
        return events.poll();
    }

    /**
     * RFC 9000 §8.2.4: abandon validation after three PTOs, but no sooner than 6 * kInitialRtt (the RECOMMENDED
     * three times the PTO of a new path measured with kInitialRtt).
     */
    public static long validationTimeoutNanos(long ptoNanos) {
        return Math.max(3 * ptoNanos, 6 * INITIAL_RTT_NANOS);
    }

    // ---- for tests of this package

    int trackedPathCount() {
        return paths.size();
    }

    int pendingResponseCount(NetworkPath path) {
        PathState state = find(path);
        return state == null ? 0 : state.pendingResponseCount();
    }

    // ---- internals

    private void failValidation(PathState state, long nowNanos) {
        state.stopValidation();
        state.mtuUnverified = false;
        state.validated = false;
        events.add(new PathEvent.PathValidationFailed(state.path));
        if (state == migrationTarget) {
            migrationTarget = null;
        }
        if (state == fallback) {
            fallback = null;
        }
        // RFC 9000 §9.3.2: an endpoint MUST revert to the last validated peer address when validation fails.
        if (state == active && fallback != null) {
            PathState revertTo = fallback;
            fallback = null;
            switchActive(revertTo);
        } else if (state == active && role == EndpointRole.SERVER) {
            // No validated path to revert to: the peer can only be reached on this one, and an outage
            // longer than the validation timer (§8.2.4) must not leave it unvalidated for good, held
            // by the anti-amplification limit (§8.1) until the idle timeout while the peer waits for
            // data. A new validation starts; the limit still bounds what is sent meanwhile.
            state.startValidation(nowNanos);
        }
    }

    private void switchActive(PathState to) {
        PathState old = active;
        if (old.validated) {
            fallback = old;
        } else if (fallback == to) {
            fallback = null;
        }
        active = to;
        events.add(new PathEvent.ActivePathChanged(old.path, to.path, !onlyPortChanged(old.path, to.path)));
    }

    /** RFC 9000 §9.4: congestion state may be kept when only the peer's port changed. */
    private boolean onlyPortChanged(NetworkPath from, NetworkPath to) {
        return sameHost(from.localAddress(), to.localAddress()) && sameHost(from.remoteAddress(), to.remoteAddress());
    }

    private boolean sameHost(Object first, Object second) {
        return first.equals(second) || sameHost.test(first, second);
    }

    private void abandonMigrationTarget() {
        if (migrationTarget != null) {
            migrationTarget.stopValidation();
            migrationTarget.mtuUnverified = false;
            migrationTarget = null;
        }
    }

    private PathState findResponder() {
        if (active.pendingResponseCount() > 0 && allowanceOf(active) > 0) {
            return active;
        }
        for (PathState state : paths) {
            if (state.pendingResponseCount() > 0 && allowanceOf(state) > 0) {
                return state;
            }
        }
        return null;
    }

    private PathState findChallenger() {
        if (challengeReady(active)) {
            return active;
        }
        for (PathState state : paths) {
            if (challengeReady(state)) {
                return state;
            }
        }
        return null;
    }

    private boolean challengeReady(PathState state) {
        return state.validating && state.challengeDue && allowanceOf(state) > 0;
    }

    private long allowanceOf(PathState state) {
        return role == EndpointRole.CLIENT ? Long.MAX_VALUE : state.sendAllowance();
    }

    private PathState find(NetworkPath path) {
        for (PathState state : paths) {
            if (state.path.equals(path)) {
                return state;
            }
        }
        return null;
    }

    /** Starts tracking {@code path}, evicting another path first when {@link #MAX_TRACKED_PATHS} are tracked. */
    private PathState track(NetworkPath path) {
        if (paths.size() == MAX_TRACKED_PATHS) {
            evictOne();
        }
        PathState state = new PathState(path, nextCreationOrder++);
        paths.add(state);
        return state;
    }

    /**
     * Evicts the oldest path that is neither active, fallback nor migration target, preferring paths neither
     * validated nor being validated; an evicted path under validation reports its validation failed. Three
     * protected paths out of four leave at least one candidate.
     */
    private void evictOne() {
        PathState victim = null;
        for (PathState state : paths) {
            if (state == active || state == fallback || state == migrationTarget) {
                continue;
            }
            if (victim == null || evictionRank(state) < evictionRank(victim)
                    || (evictionRank(state) == evictionRank(victim) && state.creationOrder < victim.creationOrder)) {
                victim = state;
            }
        }
        paths.remove(victim);
        if (victim.validating) {
            events.add(new PathEvent.PathValidationFailed(victim.path));
        }
    }

    private static int evictionRank(PathState state) {
        if (state.validating) {
            return 2;
        }
        return state.validated ? 1 : 0;
    }
}
