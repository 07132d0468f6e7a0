package dev.jquic.testkit.net;

import java.util.ArrayList;
import java.util.List;

/**
 * The impairments of one link direction, immutable; built with {@link #builder()}. The default
 * ({@link #PERFECT}) delivers every datagram instantly, intact and in order.
 *
 * <p>A datagram sent at time {@code t} goes through, in this order: the link's
 * {@link PacketInterceptor}; the size limit (a path MTU, silently dropping larger datagrams);
 * the blackhole windows; loss (burst state, then random loss, then
 * the burst-length cap); the bandwidth queue (tail drop when full; serialization takes
 * {@code length * 8 / bandwidth} seconds after the previous datagram finished); corruption; and
 * finally it arrives at {@code departure + oneWayDelay + U[0, jitter]}. Without reordering, an
 * arrival is never earlier than the previous one on the same link. A duplicate gets its own
 * jitter draw.
 */
public final class LinkModel {

    /** No delay, no loss, unlimited bandwidth. */
    public static final LinkModel PERFECT = builder().build();

    private final long oneWayDelayNanos;
    private final long jitterNanos;
    private final boolean reorderingAllowed;
    private final double lossRate;
    private final double burstEnterProbability;
    private final double burstExitProbability;
    private final int maxConsecutiveLosses;
    private final double duplicationRate;
    private final double corruptionRate;
    private final long bandwidthBitsPerSecond;
    private final int queueLimitPackets;
    private final List<BlackholeWindow> blackholeWindows;
    private final int maxDatagramSizeBytes;

    private LinkModel(Builder builder) {
        this.oneWayDelayNanos = builder.oneWayDelayNanos;
        this.jitterNanos = builder.jitterNanos;
        this.reorderingAllowed = builder.reorderingAllowed;
        this.lossRate = builder.lossRate;
        this.burstEnterProbability = builder.burstEnterProbability;
        this.burstExitProbability = builder.burstExitProbability;
        this.maxConsecutiveLosses = builder.maxConsecutiveLosses;
        this.duplicationRate = builder.duplicationRate;
        this.corruptionRate = builder.corruptionRate;
        this.bandwidthBitsPerSecond = builder.bandwidthBitsPerSecond;
        this.queueLimitPackets = builder.queueLimitPackets;
        this.blackholeWindows = List.copyOf(builder.blackholeWindows);
        this.maxDatagramSizeBytes = builder.maxDatagramSizeBytes;
    }

    /** A builder starting from {@link #PERFECT}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this model's settings. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.oneWayDelayNanos = oneWayDelayNanos;
        builder.jitterNanos = jitterNanos;
        builder.reorderingAllowed = reorderingAllowed;
        builder.lossRate = lossRate;
        builder.burstEnterProbability = burstEnterProbability;
        builder.burstExitProbability = burstExitProbability;
        builder.maxConsecutiveLosses = maxConsecutiveLosses;
        builder.duplicationRate = duplicationRate;
        builder.corruptionRate = corruptionRate;
        builder.bandwidthBitsPerSecond = bandwidthBitsPerSecond;
        builder.queueLimitPackets = queueLimitPackets;
        builder.blackholeWindows.addAll(blackholeWindows);
        builder.maxDatagramSizeBytes = maxDatagramSizeBytes;
        return builder;
    }

    /** Fixed propagation delay added to every datagram. */
    public long oneWayDelayNanos() {
        return oneWayDelayNanos;
    }

    /** Upper bound of the uniform extra delay {@code U[0, jitter]}. */
    public long jitterNanos() {
        return jitterNanos;
    }

    /** Whether jitter may make a later datagram arrive before an earlier one. */
    public boolean reorderingAllowed() {
        return reorderingAllowed;
    }

    /** Probability that a datagram is lost independently of bursts. */
    public double lossRate() {
        return lossRate;
    }

    /** Gilbert-Elliott: per-datagram probability of entering the burst (all lost) state. */
    public double burstEnterProbability() {
        return burstEnterProbability;
    }

    /** Gilbert-Elliott: per-datagram probability of leaving the burst state. */
    public double burstExitProbability() {
        return burstExitProbability;
    }

    /** Longest run of consecutive losses the link allows ({@link Integer#MAX_VALUE} = no cap). */
    public int maxConsecutiveLosses() {
        return maxConsecutiveLosses;
    }

    /** Probability that a delivered datagram is delivered twice. */
    public double duplicationRate() {
        return duplicationRate;
    }

    /** Probability that a datagram has one random bit of one random byte flipped. */
    public double corruptionRate() {
        return corruptionRate;
    }

    /** Bandwidth in bits per second; 0 means unlimited (no serialization time, no queue). */
    public long bandwidthBitsPerSecond() {
        return bandwidthBitsPerSecond;
    }

    /** Datagrams the bandwidth queue holds (including the one being serialized) before tail drop. */
    public int queueLimitPackets() {
        return queueLimitPackets;
    }

    /** The spans of time during which the link drops everything. */
    public List<BlackholeWindow> blackholeWindows() {
        return blackholeWindows;
    }

    /**
     * The largest datagram (UDP payload) the link carries; larger ones are dropped without notice,
     * like a path MTU with no ICMP feedback. {@link Integer#MAX_VALUE} = no limit.
     */
    public int maxDatagramSizeBytes() {
        return maxDatagramSizeBytes;
    }

    /** Time to put {@code lengthBytes} on the wire, rounded up to a whole nanosecond. */
    public long serializationNanos(int lengthBytes) {
        if (bandwidthBitsPerSecond == 0) {
            return 0;
        }
        long bits = 8L * lengthBytes;
        long numerator = Math.multiplyExact(bits, 1_000_000_000L);
        return (numerator + bandwidthBitsPerSecond - 1) / bandwidthBitsPerSecond;
    }

    @Override
    public String toString() {
        return "LinkModel[delay=" + oneWayDelayNanos + "ns, jitter=" + jitterNanos + "ns"
                + (reorderingAllowed ? " (reordering)" : "")
                + ", loss=" + lossRate + ", burst=" + burstEnterProbability + "/" + burstExitProbability
                + ", maxConsecutiveLosses=" + maxConsecutiveLosses
                + ", duplication=" + duplicationRate + ", corruption=" + corruptionRate
                + ", bandwidth=" + bandwidthBitsPerSecond + "bit/s, queue=" + queueLimitPackets
                + ", blackholes=" + blackholeWindows
                + (maxDatagramSizeBytes == Integer.MAX_VALUE ? "" : ", maxDatagram=" + maxDatagramSizeBytes) + "]";
    }

    /** Builds a {@link LinkModel}; every setter validates its argument and names it when it fails. */
    public static final class Builder {

        private long oneWayDelayNanos;
        private long jitterNanos;
        private boolean reorderingAllowed;
        private double lossRate;
        private double burstEnterProbability;
        private double burstExitProbability = 1.0;
        private int maxConsecutiveLosses = Integer.MAX_VALUE;
        private double duplicationRate;
        private double corruptionRate;
        private long bandwidthBitsPerSecond;
        private int queueLimitPackets = 1_000;
        private final List<BlackholeWindow> blackholeWindows = new ArrayList<>();
        private int maxDatagramSizeBytes = Integer.MAX_VALUE;

        private Builder() {
        }

        /** Fixed one-way delay (not negative). */
        public Builder oneWayDelayNanos(long delayNanos) {
            this.oneWayDelayNanos = requireNotNegative("oneWayDelayNanos", delayNanos);
            return this;
        }

        /** Uniform jitter {@code U[0, jitterNanos]} that never reorders datagrams. */
        public Builder jitterNanos(long jitterNanos) {
            this.jitterNanos = requireNotNegative("jitterNanos", jitterNanos);
            this.reorderingAllowed = false;
            return this;
        }

        /** Uniform jitter {@code U[0, jitterNanos]} that may reorder datagrams. */
        public Builder jitterWithReorderingNanos(long jitterNanos) {
            this.jitterNanos = requireNotNegative("jitterWithReorderingNanos", jitterNanos);
            this.reorderingAllowed = true;
            return this;
        }

        /** Independent loss probability in [0, 1]. */
        public Builder lossRate(double rate) {
            this.lossRate = requireProbability("lossRate", rate);
            return this;
        }

        /**
         * Gilbert-Elliott burst loss: in the good state each datagram moves the link to the bad
         * state with {@code enterProbability}; in the bad state every datagram is lost and each
         * moves it back with {@code exitProbability} (mean burst length 1/exit).
         */
        public Builder burstLoss(double enterProbability, double exitProbability) {
            this.burstEnterProbability = requireProbability("burstLoss enterProbability", enterProbability);
            this.burstExitProbability = requireProbability("burstLoss exitProbability", exitProbability);
            if (enterProbability > 0 && exitProbability == 0) {
                throw new IllegalArgumentException("burstLoss exitProbability must be > 0 when bursts can start");
            }
            return this;
        }

        /** No more than {@code count} consecutive datagrams are lost (random or burst); at least 1. */
        public Builder maxConsecutiveLosses(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("maxConsecutiveLosses must be at least 1: " + count);
            }
            this.maxConsecutiveLosses = count;
            return this;
        }

        /** Duplication probability in [0, 1]. */
        public Builder duplicationRate(double rate) {
            this.duplicationRate = requireProbability("duplicationRate", rate);
            return this;
        }

        /** Corruption probability in [0, 1]. */
        public Builder corruptionRate(double rate) {
            this.corruptionRate = requireProbability("corruptionRate", rate);
            return this;
        }

        /** Bandwidth limit in bits per second (positive), served by a FIFO queue. */
        public Builder bandwidthBitsPerSecond(long bitsPerSecond) {
            if (bitsPerSecond <= 0) {
                throw new IllegalArgumentException("bandwidthBitsPerSecond must be positive: " + bitsPerSecond);
            }
            this.bandwidthBitsPerSecond = bitsPerSecond;
            return this;
        }

        /** Removes the bandwidth limit. */
        public Builder unlimitedBandwidth() {
            this.bandwidthBitsPerSecond = 0;
            return this;
        }

        /** Queue capacity in datagrams (at least 1), used with a bandwidth limit; default 1000. */
        public Builder queueLimitPackets(int packets) {
            if (packets < 1) {
                throw new IllegalArgumentException("queueLimitPackets must be at least 1: " + packets);
            }
            this.queueLimitPackets = packets;
            return this;
        }

        /** Drops everything sent in {@code [startNanos, endNanos)}. */
        public Builder blackhole(long startNanos, long endNanos) {
            blackholeWindows.add(new BlackholeWindow(startNanos, endNanos));
            return this;
        }

        /** Drops datagrams longer than {@code bytes} (a path MTU minus IP and UDP headers); at least 1. */
        public Builder maxDatagramSizeBytes(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxDatagramSizeBytes must be at least 1: " + bytes);
            }
            this.maxDatagramSizeBytes = bytes;
            return this;
        }

        /** The immutable model. */
        public LinkModel build() {
            return new LinkModel(this);
        }

        private static long requireNotNegative(String name, long value) {
            if (value < 0) {
                throw new IllegalArgumentException(name + " must not be negative: " + value);
            }
            return value;
        }

        private static double requireProbability(String name, double value) {
            if (!(value >= 0.0 && value <= 1.0)) {
                throw new IllegalArgumentException(name + " must be in [0, 1]: " + value);
            }
            return value;
        }
    }
}
