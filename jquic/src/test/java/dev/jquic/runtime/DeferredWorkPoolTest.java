package dev.jquic.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server's signer threads: the work runs on them, and its result (or its failure) is delivered. */
@Timeout(30)
class DeferredWorkPoolTest {

    private record Outcome(String workThread, String deliverThread, byte[] result) {
    }

    private static Outcome run(DeferredWorkPool pool, java.util.function.Supplier<byte[]> work) throws Exception {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        String[] workThread = new String[1];
        pool.run(() -> {
            workThread[0] = Thread.currentThread().getName();
            return work.get();
        }, result -> outcome.complete(new Outcome(workThread[0], Thread.currentThread().getName(), result)));
        return outcome.get(10, TimeUnit.SECONDS);
    }

    @Test
    void theWorkRunsOnAPoolThreadAndItsResultIsDeliveredFromThere() throws Exception {
        try (DeferredWorkPool pool = new DeferredWorkPool(() -> "test-signer")) {
            Outcome outcome = run(pool, () -> new byte[] {1, 2, 3});
            assertTrue(outcome.workThread().startsWith("test-signer-"), outcome.workThread());
            assertEquals(outcome.workThread(), outcome.deliverThread());
            assertArrayEquals(new byte[] {1, 2, 3}, outcome.result());
        }
    }

    @Test
    void failedWorkIsDeliveredAsNull() throws Exception {
        try (DeferredWorkPool pool = new DeferredWorkPool(() -> "test-signer")) {
            Outcome outcome = run(pool, () -> {
                throw new IllegalStateException("the key is gone");
            });
            assertNull(outcome.result());
        }
    }

    @Test
    void afterCloseTheWorkRunsOnTheCallingThread() throws Exception {
        DeferredWorkPool pool = new DeferredWorkPool(() -> "test-signer");
        pool.close();
        Outcome outcome = run(pool, () -> new byte[] {4});
        assertEquals(Thread.currentThread().getName(), outcome.workThread());
        assertArrayEquals(new byte[] {4}, outcome.result());
    }
}
