package dev.jquic.testkit.relay;

import java.time.Duration;

/**
 * What the relay does to traffic. Build with {@link #builder(long)}.
 *
 * @param seed                   seed of every drop and corrupt decision (printed on failure)
 * @param toServer               impairments of client-to-server datagrams
 * @param toClient               impairments of server-to-client datagrams
 * @param oneWayDelayNanos       delay added in each direction (RTT adds twice this)
 * @param bandwidthBitsPerSecond bottleneck rate of each direction; 0 for unlimited
 * @param queuePackets           datagrams that may wait for the bottleneck per direction before
 *                               tail drop (only with a bandwidth limit)
 * @param holdHandshakeNanos     how long client datagrams that carry a Handshake packet are held once
 *                               the first one arrives (the client's second flight is delayed); 0 for no hold
 */
public record RelayConfig(long seed, Impairment toServer, Impairment toClient, long oneWayDelayNanos,
        long bandwidthBitsPerSecond, int queuePackets, long holdHandshakeNanos) {

    /** Validates the ranges. */
    public RelayConfig {
        if (toServer == null || toClient == null) {
            throw new IllegalArgumentException("impairments must not be null");
        }
        if (oneWayDelayNanos < 0 || bandwidthBitsPerSecond < 0 || queuePackets < 1 || holdHandshakeNanos < 0) {
            throw new IllegalArgumentException("negative delay, hold or bandwidth, or queue < 1");
        }
    }

    /** A pass-through relay whose (unused) decisions follow {@code seed}. */
    public static Builder builder(long seed) {
        return new Builder(seed);
    }

    /** Impairments of {@code direction}. */
    public Impairment impairment(RelayDirection direction) {
        return direction == RelayDirection.TO_SERVER ? toServer : toClient;
    }

    /** Builder of {@link RelayConfig}; defaults pass everything through at once. */
    public static final class Builder {
        private final long seed;
        private Impairment toServer = Impairment.NONE;
        private Impairment toClient = Impairment.NONE;
        private long oneWayDelayNanos;
        private long bandwidthBitsPerSecond;
        private int queuePackets = 1_000;
        private long holdHandshakeNanos;

        private Builder(long seed) {
            this.seed = seed;
        }

        /** The same impairments in both directions. */
        public Builder bothWays(Impairment impairment) {
            this.toServer = impairment;
            this.toClient = impairment;
            return this;
        }

        /** Impairments of client-to-server datagrams. */
        public Builder toServer(Impairment impairment) {
            this.toServer = impairment;
            return this;
        }

        /** Impairments of server-to-client datagrams. */
        public Builder toClient(Impairment impairment) {
            this.toClient = impairment;
            return this;
        }

        /** Round-trip time added by the relay (half in each direction). */
        public Builder roundTripTime(Duration rtt) {
            this.oneWayDelayNanos = rtt.toNanos() / 2;
            return this;
        }

        /** A bottleneck of {@code bitsPerSecond} per direction with a tail-drop queue of {@code packets}. */
        public Builder bottleneck(long bitsPerSecond, int packets) {
            this.bandwidthBitsPerSecond = bitsPerSecond;
            this.queuePackets = packets;
            return this;
        }

        /**
         * Holds the client's datagrams that carry a Handshake packet for {@code hold} from the first
         * one's arrival, then sends them in order (other datagrams pass meanwhile). The first one to
         * reach the server validates the client's address (RFC 9000 §8.1); see
         * {@link UdpRelay#addressValidationWindow()}.
         */
        public Builder holdClientHandshake(Duration hold) {
            this.holdHandshakeNanos = hold.toNanos();
            return this;
        }

        /** The configuration. */
        public RelayConfig build() {
            return new RelayConfig(seed, toServer, toClient, oneWayDelayNanos, bandwidthBitsPerSecond, queuePackets,
                    holdHandshakeNanos);
        }
    }
}
