package dev.jquic.core.endpoint;

/** A token bucket: {@code ratePerSecond} tokens a second, holding at most that many (the burst). */
final class TokenBucket {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private final long ratePerSecond;
    private long tokens;
    private long lastRefillNanos;

    TokenBucket(long ratePerSecond, long nowNanos) {
        this.ratePerSecond = ratePerSecond;
        this.tokens = ratePerSecond;
        this.lastRefillNanos = nowNanos;
    }

    /** Takes one token if there is one at {@code nowNanos}. */
    boolean tryTake(long nowNanos) {
        long elapsed = nowNanos - lastRefillNanos;
        if (elapsed > 0) {
            long earned = elapsed >= NANOS_PER_SECOND ? ratePerSecond : elapsed * ratePerSecond / NANOS_PER_SECOND;
            if (earned > 0) {
                tokens = Math.min(ratePerSecond, tokens + earned);
                lastRefillNanos = nowNanos;
            }
        }
        if (tokens == 0) {
            return false;
        }
        tokens--;
        return true;
    }
}
