package dev.jquic.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Bounded waits on futures whose failures read well on a command line. */
final class Waits {

    private Waits() {
    }

    /**
     * The value of {@code future}, waiting at most {@code timeoutNanos}.
     *
     * @throws CommandFailure "{@code what}: {cause}" on failure, "{@code what}: no result within N s" on timeout
     */
    static <T> T await(CompletableFuture<T> future, long timeoutNanos, String what) throws InterruptedException {
        try {
            return future.get(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
        } catch (ExecutionException failed) {
            throw new CommandFailure(what + ": " + JquicCommand.describe(failed.getCause()), failed.getCause());
        } catch (TimeoutException slow) {
            throw new CommandFailure(what + ": no result within "
                    + TimeUnit.NANOSECONDS.toMillis(Math.max(0, timeoutNanos)) + " ms");
        }
    }

    /** The time left until {@code deadlineNanos} (a {@link System#nanoTime()} value). */
    static long remaining(long deadlineNanos) {
        return deadlineNanos - System.nanoTime();
    }
}
