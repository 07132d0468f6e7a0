package dev.jquic.runtime;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The threads of one server that compute what its connections' TLS sessions defer (their
 * CertificateVerify signatures: ~1 ms each for RSA-2048 on JDK 17), so that a handshake does not
 * hold up the event loop and every other connection on it. A result goes back to the loop that
 * owns the connection. Idle threads end after a while; the pool grows to one thread per
 * processor.
 */
final class DeferredWorkPool implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.jquic.runtime");

    private final ExecutorService executor;

    /** @param name names the threads, {@code name-1}, {@code name-2}, ... (asked when each starts) */
    DeferredWorkPool(Supplier<String> name) {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), work -> {
                    Thread thread = new Thread(work, name.get() + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        this.executor = pool;
    }

    /**
     * Computes {@code work} on a pool thread and passes the result to {@code deliver} there (which
     * hands it to the connection's loop); on the calling thread if the pool has shut down.
     */
    void run(Supplier<byte[]> work, Consumer<byte[]> deliver) {
        try {
            executor.execute(() -> deliver.accept(compute(work)));
        } catch (RejectedExecutionException shutDown) {
            deliver.accept(compute(work));
        }
    }

    /** The work's result, or {@code null} if it failed (the connection then closes with the TLS's error). */
    static byte[] compute(Supplier<byte[]> work) {
        try {
            return work.get();
        } catch (RuntimeException failure) {
            LOG.log(System.Logger.Level.WARNING, "deferred handshake work failed", failure);
            return null;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
