package dev.jquic.testkit.net;

/**
 * Simulated time in nanoseconds. It starts at a given instant and only moves forward; nothing
 * here reads the wall clock. Not thread-safe.
 */
public final class VirtualClock {

    private long nowNanos;

    /** A clock at time zero. */
    public VirtualClock() {
        this(0);
    }

    /** A clock at {@code startNanos} (must not be negative). */
    public VirtualClock(long startNanos) {
        if (startNanos < 0) {
            throw new IllegalArgumentException("startNanos must not be negative: " + startNanos);
        }
        this.nowNanos = startNanos;
    }

    /** The current virtual time. */
    public long nowNanos() {
        return nowNanos;
    }

    /**
     * Moves the clock to {@code timeNanos}.
     *
     * @throws IllegalStateException if that would move the clock backwards
     */
    public void advanceTo(long timeNanos) {
        if (timeNanos < nowNanos) {
            throw new IllegalStateException(
                    "virtual clock cannot go backwards: now " + nowNanos + " ns, asked " + timeNanos + " ns");
        }
        nowNanos = timeNanos;
    }

    /** Moves the clock forward by {@code durationNanos} (not negative). */
    public void advanceBy(long durationNanos) {
        if (durationNanos < 0) {
            throw new IllegalArgumentException("durationNanos must not be negative: " + durationNanos);
        }
        advanceTo(Math.addExact(nowNanos, durationNanos));
    }

    @Override
    public String toString() {
        return "VirtualClock[" + nowNanos + " ns]";
    }
}
