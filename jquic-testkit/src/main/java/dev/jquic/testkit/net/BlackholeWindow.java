package dev.jquic.testkit.net;

/**
 * A span of virtual time during which a link drops everything sent on it.
 *
 * @param startNanos first instant of the window (inclusive)
 * @param endNanos   end of the window (exclusive); must be after {@code startNanos}
 */
public record BlackholeWindow(long startNanos, long endNanos) {

    /** Validates the window. */
    public BlackholeWindow {
        if (startNanos < 0 || endNanos <= startNanos) {
            throw new IllegalArgumentException(
                    "blackhole window needs 0 <= start < end, got [" + startNanos + ", " + endNanos + ")");
        }
    }

    /** Whether {@code timeNanos} falls inside the window. */
    public boolean contains(long timeNanos) {
        return timeNanos >= startNanos && timeNanos < endNanos;
    }
}
