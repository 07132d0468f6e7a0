package dev.jquic.bench.idle;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The driving JVM: one client endpoint of one stack that opens the connections and keeps them.
 *
 * <pre>
 * args: STACK PORT WARMUP CONNECTIONS IN_FLIGHT KEEP_STREAM_OPEN(true|false) TIMEOUT_SECONDS
 * out:  WARM k        (k connections opened, echoed and closed)
 * in:   OPEN          out: OPENED n millis   (n connections opened and echoed, kept open)
 * in:   STOP
 * </pre>
 */
public final class IdleClientMain {

    private IdleClientMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try {
            run(args, out);
        } catch (Exception | Error failure) {
            failure.printStackTrace();
            out.println("FAILED " + failure);
        }
        System.exit(0);
    }

    private static void run(String[] args, PrintStream out) throws Exception {
        IdleStack stack = IdleStack.named(args[0]);
        int port = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        int connections = Integer.parseInt(args[3]);
        int inFlight = Integer.parseInt(args[4]);
        boolean keepStreamOpen = Boolean.parseBoolean(args[5]);
        long timeoutSeconds = Long.parseLong(args[6]);
        try (IdleStack.Client client = stack.client(port)) {
            List<Object> warm = open(client, warmup, inFlight, keepStreamOpen, timeoutSeconds);
            List<CompletableFuture<?>> closed = new ArrayList<>();
            for (Object connection : warm) {
                closed.add(client.close(connection));
            }
            CompletableFuture.allOf(closed.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
            warm.clear();
            out.println("WARM " + closed.size());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            List<Object> kept = List.of();
            for (String line = in.readLine(); line != null && !line.equals("STOP"); line = in.readLine()) {
                if (line.equals("OPEN")) {
                    long start = System.nanoTime();
                    kept = open(client, connections, inFlight, keepStreamOpen, timeoutSeconds);
                    out.println("OPENED " + kept.size() + " " + (System.nanoTime() - start) / 1_000_000);
                }
            }
            System.err.println("stopping with " + kept.size() + " connections");
        }
    }

    /**
     * Opens {@code count} connections, at most {@code inFlight} handshakes at once; each within
     * 30 s and all within {@code timeoutSeconds}, else throws.
     */
    private static List<Object> open(IdleStack.Client client, int count, int inFlight, boolean keepStreamOpen,
            long timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        Semaphore slots = new Semaphore(inFlight);
        ConcurrentLinkedQueue<Object> opened = new ConcurrentLinkedQueue<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < count && failure.get() == null; i++) {
            if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("timed out after " + opened.size() + " of " + count + " connections");
            }
            client.open(keepStreamOpen).orTimeout(30, TimeUnit.SECONDS).whenComplete((connection, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                } else {
                    opened.add(connection);
                }
                slots.release();
            });
            if ((i + 1) % 1_000 == 0) {
                System.err.println("started " + (i + 1) + " of " + count);
            }
        }
        if (!slots.tryAcquire(inFlight, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("timed out after " + opened.size() + " of " + count + " connections");
        }
        slots.release(inFlight);
        if (failure.get() != null) {
            throw new IllegalStateException("a connection failed after " + opened.size() + " of " + count, failure.get());
        }
        return new ArrayList<>(opened);
    }
}
