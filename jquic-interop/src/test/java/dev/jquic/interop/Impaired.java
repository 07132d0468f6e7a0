package dev.jquic.interop;

import dev.jquic.testkit.relay.Impairment;
import dev.jquic.testkit.relay.RelayConfig;
import dev.jquic.testkit.relay.RelayDirection;
import dev.jquic.testkit.relay.UdpRelay;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;

/** Relay set-ups and triggers of the impaired interop cases. */
final class Impaired {

    /**
     * A fixed seed per case, so a failure can be replayed; printed with any failure. System
     * property {@code interop.seed} replaces it (a replay, or a run over other loss patterns).
     */
    static final long SEED = Long.getLong("interop.seed", 0x6A71_7569_6300L);

    private Impaired() {
    }

    static RelayConfig handshakeLoss(long seed) {
        return RelayConfig.builder(seed).bothWays(Impairment.burstLoss(0.30, 3)).build();
    }

    static RelayConfig handshakeCorruption(long seed) {
        return RelayConfig.builder(seed).bothWays(new Impairment(0, 1, 0.30)).build();
    }

    static RelayConfig transferLoss() {
        return RelayConfig.builder(SEED).bothWays(Impairment.loss(0.02)).build();
    }

    static RelayConfig transferCorruption() {
        return RelayConfig.builder(SEED).bothWays(Impairment.corruption(0.02)).build();
    }

    static RelayConfig longRtt() {
        return RelayConfig.builder(SEED).roundTripTime(Duration.ofMillis(1_500)).build();
    }

    static RelayConfig goodput() {
        return RelayConfig.builder(SEED).roundTripTime(Duration.ofMillis(30)).bottleneck(10_000_000, 25).build();
    }

    static RelayConfig plain() {
        return RelayConfig.builder(SEED).build();
    }

    /** Runs {@code action} once {@code bytes} server-to-client bytes went through {@code relay}. */
    static Future<?> when(UdpRelay relay, long bytes, Runnable action) {
        return when(() -> relay.statistics(RelayDirection.TO_CLIENT).forwardedBytes(), bytes, action);
    }

    private static Future<?> when(LongSupplier progress, long bytes, Runnable action) {
        ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "impairment-trigger");
            t.setDaemon(true);
            return t;
        });
        Future<?> future = thread.submit(() -> {
            while (progress.getAsLong() < bytes) {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException stopped) {
                    return;
                }
            }
            action.run();
        });
        thread.shutdown();
        return future;
    }

    /** Goodput in Mbit/s of {@code bytes} in {@code nanos}. */
    static double megabitsPerSecond(long bytes, long nanos) {
        return bytes * 8 / (nanos / 1e9) / 1e6;
    }

    static InetSocketAddress address(UdpRelay relay) {
        return relay.address();
    }
}
