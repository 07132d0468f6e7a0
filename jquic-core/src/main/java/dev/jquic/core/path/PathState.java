package dev.jquic.core.path;

/**
 * Mutable per-path bookkeeping of the {@link PathManager}: anti-amplification byte counts (RFC 9000 §8.1),
 * the bounded queue of PATH_RESPONSE data owed to the peer (§8.2.2) and this endpoint's own validation
 * attempt (§8.2.1, §8.2.4). Single-threaded, not thread-safe.
 */
final class PathState {

    final NetworkPath path;
    /** Increasing number given at creation; the smallest is the oldest path. */
    final long creationOrder;

    boolean validated;
    /** RFC 9000 §8.2.1: a challenge of the current validation went out in a datagram under 1200 bytes. */
    boolean mtuUnverified;
    long bytesReceived;
    long bytesSent;

    // PATH_RESPONSE data owed to the peer, a ring of at most MAX_PENDING_RESPONSES_PER_PATH entries.
    private final long[] pendingResponses = new long[PathManager.MAX_PENDING_RESPONSES_PER_PATH];
    private int responseHead;
    private int responseCount;

    // Our own validation of this path.
    boolean validating;
    boolean challengeDue;
    long validationStartNanos;
    long lastChallengeSentNanos;
    int challengesSent;
    private final long[] outstandingChallenges = new long[PathManager.MAX_CHALLENGE_ATTEMPTS];

    PathState(NetworkPath path, long creationOrder) {
        this.path = path;
        this.creationOrder = creationOrder;
    }

    /** RFC 9000 §8.1: three times the bytes received, minus the bytes sent, never negative. */
    long sendAllowance() {
        if (validated) {
            return Long.MAX_VALUE;
        }
        long limit = bytesReceived > Long.MAX_VALUE / 3 ? Long.MAX_VALUE : 3 * bytesReceived;
        return Math.max(0, limit - bytesSent);
    }

    /** Queues a response; returns false (dropping it) when the queue is full. */
    boolean offerResponse(long data) {
        if (responseCount == pendingResponses.length) {
            return false;
        }
        pendingResponses[(responseHead + responseCount) % pendingResponses.length] = data;
        responseCount++;
        return true;
    }

    int pendingResponseCount() {
        return responseCount;
    }

    /** Removes and returns the oldest queued response; only call when {@link #pendingResponseCount()} > 0. */
    long takeResponse() {
        long data = pendingResponses[responseHead];
        responseHead = (responseHead + 1) % pendingResponses.length;
        responseCount--;
        return data;
    }

    void startValidation(long nowNanos) {
        validating = true;
        challengeDue = true;
        validationStartNanos = nowNanos;
        challengesSent = 0;
    }

    void stopValidation() {
        validating = false;
        challengeDue = false;
        challengesSent = 0;
    }

    /** Records a challenge just sent with {@code data}; only call while {@link #challengeDue}. */
    void recordChallengeSent(long data, long nowNanos) {
        outstandingChallenges[challengesSent] = data;
        challengesSent++;
        lastChallengeSentNanos = nowNanos;
        challengeDue = false;
    }

    /** True when {@code data} echoes a challenge sent during the current validation. */
    boolean matchesOutstandingChallenge(long data) {
        if (!validating) {
            return false;
        }
        for (int i = 0; i < challengesSent; i++) {
            if (outstandingChallenges[i] == data) {
                return true;
            }
        }
        return false;
    }

    boolean mayRetryChallenge() {
        return validating && !challengeDue && challengesSent > 0 && challengesSent < outstandingChallenges.length;
    }
}
