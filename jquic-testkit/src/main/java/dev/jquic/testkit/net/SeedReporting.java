package dev.jquic.testkit.net;

/**
 * Makes a failing simulated scenario name its seed without tying the testkit to a test
 * framework: any exception or error thrown by the scenario (an assertion failure included) gets
 * a suppressed {@link SeedNote} naming the seed, which test runners print with the failure.
 *
 * <pre>{@code
 * SimulatedNetwork network = new SimulatedNetwork(seed);
 * SeedReporting.reportSeedOnFailure(network, () -> {
 *     network.runUntil(() -> client.handshakeDone(), 5_000_000_000L);
 *     assertEquals(expected, server.received());
 * });
 * }</pre>
 */
public final class SeedReporting {

    private SeedReporting() {
    }

    /** Runs {@code scenario}; on failure, attaches a {@link SeedNote} for the network's seed and rethrows. */
    public static void reportSeedOnFailure(SimulatedNetwork network, Runnable scenario) {
        try {
            scenario.run();
        } catch (RuntimeException | Error failure) {
            if (!(failure instanceof SimulationLimitException)) {
                failure.addSuppressed(new SeedNote(network.seed()));
            }
            throw failure;
        }
    }

    /** A marker attached to a failure; its message names the seed to replay. */
    public static final class SeedNote extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final long seed;

        SeedNote(long seed) {
            super("simulated network seed=" + seed + "L; replay with new SimulatedNetwork(" + seed + "L)",
                    null, false, false);
            this.seed = seed;
        }

        /** The seed of the failing run. */
        public long seed() {
            return seed;
        }
    }
}
