package dev.jquic.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One run of a {@code jquic perf client} workload: started once, it completes {@link #done()}
 * (or fails it with a one-line reason); {@link #progress()} may be read from any thread.
 */
abstract class PerfWorkload {

    /** Latencies are recorded in microseconds, up to 10 minutes, with 3 significant digits. */
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Histogram latencies = new Histogram(HIGHEST_MICROS, 3);
    final TransportTotals transport = new TransportTotals();

    /** Starts the workload; it runs on the loop thread from then on. */
    abstract void start();

    /** The units completed so far (bytes or requests or connections). */
    abstract long progress();

    /** Whether {@link #progress()} counts bytes (else requests or connections). */
    abstract boolean countsBytes();

    CompletableFuture<Void> done() {
        return done;
    }

    void complete() {
        done.complete(null);
    }

    void fail(String problem) {
        done.completeExceptionally(new CommandFailure(problem));
    }

    void fail(String what, Throwable failure) {
        done.completeExceptionally(new CommandFailure(what + ": " + JquicCommand.describe(failure), failure));
    }

    void recordLatency(long startNanos) {
        long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - startNanos);
        synchronized (latencies) {
            latencies.recordValue(Math.max(0, Math.min(micros, HIGHEST_MICROS)));
        }
    }

    /** A copy of the latencies recorded so far. */
    Histogram latencies() {
        synchronized (latencies) {
            return latencies.copy();
        }
    }
}
