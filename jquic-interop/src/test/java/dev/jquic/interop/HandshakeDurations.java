package dev.jquic.interop;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The wall time of each of the 50 handshakes (with their 1 KB download) of a handshake-loss or
 * -corruption case, so that the matrix shows how slow the slowest one was. Thread-safe.
 */
final class HandshakeDurations {
    private static final long SLOW_MILLIS = 5_000;
    private final List<Long> millis = new ArrayList<>();

    /** Runs one handshake and records its duration, whether it succeeded or threw. */
    <T> T timed(Callable<T> handshake) throws Exception {
        long start = System.nanoTime();
        String outcome = "threw";
        try {
            T result = handshake.call();
            outcome = "returned " + result;
            return result;
        } finally {
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            if (elapsed > SLOW_MILLIS) {
                System.out.println("slow handshake: " + elapsed + " ms, " + outcome);
            }
            synchronized (millis) {
                millis.add(elapsed);
            }
        }
    }

    /** "median 1.0 s, slowest 12.3 s" over the recorded handshakes. */
    String summary() {
        List<Long> sorted;
        synchronized (millis) {
            sorted = new ArrayList<>(millis);
        }
        if (sorted.isEmpty()) {
            return "no handshake recorded";
        }
        Collections.sort(sorted);
        return String.format(java.util.Locale.ROOT, "median %.1f s, slowest %.1f s",
                sorted.get(sorted.size() / 2) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0);
    }
}
