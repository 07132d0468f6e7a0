package dev.jquic.cli;

import dev.jquic.QuicServer;
import java.io.PrintWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a server subcommand runs: until {@link #stop} completes (an interrupt completes it through
 * a shutdown hook when the command owns the process console), then a graceful shutdown bounded in
 * time, falling back to an abrupt close.
 */
final class ServerRun {

    /** How long a shutdown may take to close connections gracefully. */
    static final long SHUTDOWN_TIMEOUT_SECONDS = 5;

    /** Completes with the server once it listens (tests read its port and fingerprint). */
    final CompletableFuture<QuicServer> listening = new CompletableFuture<>();
    /** Completing this stops the server, like an interrupt does. */
    final CompletableFuture<Void> stop = new CompletableFuture<>();
    /** Completes when the server has shut down (the interrupt hook waits for it). */
    private final CompletableFuture<Void> shutDown = new CompletableFuture<>();

    /**
     * Prints {@code banner}, reports the server as listening, waits for {@link #stop} and shuts
     * the server down.
     */
    void runUntilStopped(QuicServer server, Console console, String hookName, PrintWriter out, Runnable banner)
            throws InterruptedException, ExecutionException {
        Thread interruptHook = new Thread(this::stopFromHook, hookName);
        boolean hookInstalled = console.isProcessConsole();
        if (hookInstalled) {
            Runtime.getRuntime().addShutdownHook(interruptHook);
        }
        try {
            banner.run();
            listening.complete(server);
            stop.get();
            out.println("shutting down");
        } finally {
            shutdown(server, out);
            if (hookInstalled) {
                removeHook(interruptHook);
            }
        }
    }

    private void shutdown(QuicServer server, PrintWriter out) {
        try {
            server.shutdown().get(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException | InterruptedException notClean) {
            out.println("shutdown was not clean: " + JquicCommand.describe(notClean));
            server.close();
        }
        shutDown.complete(null);
    }

    private void stopFromHook() {
        stop.complete(null);
        try {
            shutDown.get(SHUTDOWN_TIMEOUT_SECONDS + 1, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException ignored) {
            // The process is exiting anyway.
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: the process is exiting.
        }
    }
}
