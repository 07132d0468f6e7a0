package dev.jquic.testkit.net;

/**
 * A bounded simulation run exceeded its virtual-time or event-count bound, or its goal became
 * unreachable. The message names the bound and the network's seed so the run can be replayed.
 */
public final class SimulationLimitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long seed;

    SimulationLimitException(String message, long seed) {
        super(message + " [seed=" + seed + "L; replay with new SimulatedNetwork(" + seed + "L)]");
        this.seed = seed;
    }

    /** The seed of the network whose run failed. */
    public long seed() {
        return seed;
    }
}
