package dev.jquic.core.connection;

import dev.jquic.core.stream.StreamLimits;
import dev.jquic.core.types.Version;
import java.util.List;
import java.util.Objects;

/**
 * Immutable settings of one connection: what it advertises in its transport parameters (RFC 9000
 * §18.2), how it sends, and its own bounds. Build with {@link #builder()}; every value is
 * checked when built and a bad one names the option.
 *
 * @param maxIdleTimeoutMillis max_idle_timeout (0 = none advertised; RFC 9000 §10.1)
 * @param maxDatagramSizeBytes largest UDP payload this endpoint sends (1200..65527): datagrams
 *     start at 1200 bytes and path MTU discovery (RFC 9000 §14.3, DPLPMTUD) searches up to
 *     min(this, the peer's max_udp_payload_size) once the handshake is confirmed; 1200 (the
 *     default here) disables discovery
 * @param maxUdpPayloadSizeBytes advertised max_udp_payload_size (RFC 9000 §18.2): the largest
 *     datagram this endpoint accepts
 * @param ackDelayExponent advertised ack_delay_exponent
 * @param maxAckDelayMillis advertised max_ack_delay (RFC 9000 §13.2.1)
 * @param activeConnectionIdLimit advertised active_connection_id_limit (at least 2)
 * @param connectionIdLength length of the connection IDs this endpoint issues (0 or 8..20 for a
 *     client; a server needs at least 8 so that stateless resets and routing work)
 * @param streamLimits stream and flow-control windows (advertised) and caps
 * @param congestionControl the congestion controller
 * @param initialRttMillis RFC 9002 §6.2.2: the RTT assumed before a sample (default 333)
 * @param keepAliveIntervalMillis send a PING when nothing was sent for this long (0 = off)
 * @param maxDatagramFrameSize advertised max_datagram_frame_size (RFC 9221 §3); 0 = DATAGRAM
 *     not supported
 * @param datagramQueueCapacity DATAGRAM frames held waiting to be read or sent, per direction
 * @param pacing whether sends are paced (RFC 9002 §7.7)
 * @param disableActiveMigration advertised disable_active_migration
 * @param version the version of the client's first Initial (RFC 9000 §6); ignored by servers
 * @param supportedVersions versions offered in version_information, most preferred first
 *     (RFC 9368 §3); a server switches a client to its preferred compatible version
 * @param cryptoBufferLimits bounds on buffered CRYPTO data per level (RFC 9000 §7.5)
 * @param probabilityOfSkippedPacketNumber one in this many packet numbers is skipped to expose
 *     optimistic ACKs (RFC 9000 §21.4); 0 = never
 */
public record ConnectionConfig(
        long maxIdleTimeoutMillis,
        int maxDatagramSizeBytes,
        long maxUdpPayloadSizeBytes,
        int ackDelayExponent,
        int maxAckDelayMillis,
        int activeConnectionIdLimit,
        int connectionIdLength,
        StreamLimits streamLimits,
        CongestionControl congestionControl,
        long initialRttMillis,
        long keepAliveIntervalMillis,
        long maxDatagramFrameSize,
        int datagramQueueCapacity,
        boolean pacing,
        boolean disableActiveMigration,
        Version version,
        List<Version> supportedVersions,
        CryptoBufferLimits cryptoBufferLimits,
        int probabilityOfSkippedPacketNumber) {

    /** RFC 9000 §14: the smallest datagram a QUIC endpoint must be able to send. */
    public static final int MIN_DATAGRAM_SIZE = 1200;

    public ConnectionConfig {
        check(maxIdleTimeoutMillis >= 0, "maxIdleTimeoutMillis", maxIdleTimeoutMillis);
        check(maxDatagramSizeBytes >= MIN_DATAGRAM_SIZE && maxDatagramSizeBytes <= 65_527,
                "maxDatagramSizeBytes (1200..65527)", maxDatagramSizeBytes);
        check(maxUdpPayloadSizeBytes >= MIN_DATAGRAM_SIZE && maxUdpPayloadSizeBytes <= 65_527,
                "maxUdpPayloadSizeBytes (1200..65527)", maxUdpPayloadSizeBytes);
        check(ackDelayExponent >= 0 && ackDelayExponent <= 20, "ackDelayExponent (0..20)", ackDelayExponent);
        check(maxAckDelayMillis >= 0 && maxAckDelayMillis < (1 << 14), "maxAckDelayMillis (0..16383)",
                maxAckDelayMillis);
        check(activeConnectionIdLimit >= 2 && activeConnectionIdLimit <= 64, "activeConnectionIdLimit (2..64)",
                activeConnectionIdLimit);
        check(connectionIdLength == 0 || (connectionIdLength >= 8 && connectionIdLength <= 20),
                "connectionIdLength (0 or 8..20)", connectionIdLength);
        Objects.requireNonNull(streamLimits, "streamLimits");
        Objects.requireNonNull(congestionControl, "congestionControl");
        check(initialRttMillis > 0 && initialRttMillis <= 10_000, "initialRttMillis (1..10000)", initialRttMillis);
        check(keepAliveIntervalMillis >= 0, "keepAliveIntervalMillis", keepAliveIntervalMillis);
        check(maxDatagramFrameSize >= 0 && maxDatagramFrameSize <= 65_535, "maxDatagramFrameSize (0..65535)",
                maxDatagramFrameSize);
        check(datagramQueueCapacity >= 1 && datagramQueueCapacity <= 65_536, "datagramQueueCapacity (1..65536)",
                datagramQueueCapacity);
        Objects.requireNonNull(version, "version");
        check(version.isSupported(), "version (a supported QUIC version)", version);
        supportedVersions = List.copyOf(supportedVersions);
        check(!supportedVersions.isEmpty() && supportedVersions.stream().allMatch(Version::isSupported),
                "supportedVersions (non-empty, supported versions only)", supportedVersions);
        check(supportedVersions.contains(version), "supportedVersions (must contain version)", supportedVersions);
        Objects.requireNonNull(cryptoBufferLimits, "cryptoBufferLimits");
        check(probabilityOfSkippedPacketNumber >= 0, "probabilityOfSkippedPacketNumber",
                probabilityOfSkippedPacketNumber);
    }

    private static void check(boolean valid, String option, Object value) {
        if (!valid) {
            throw new IllegalArgumentException("invalid " + option + ": " + value);
        }
    }

    /**
     * Defaults: 30 s idle timeout, 1200-byte datagrams (no path MTU discovery; the public API
     * enables it), 1472 advertised as max_udp_payload_size, CUBIC, pacing, DATAGRAM off, QUIC v1.
     */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.maxIdleTimeoutMillis = maxIdleTimeoutMillis;
        builder.maxDatagramSizeBytes = maxDatagramSizeBytes;
        builder.maxUdpPayloadSizeBytes = maxUdpPayloadSizeBytes;
        builder.ackDelayExponent = ackDelayExponent;
        builder.maxAckDelayMillis = maxAckDelayMillis;
        builder.activeConnectionIdLimit = activeConnectionIdLimit;
        builder.connectionIdLength = connectionIdLength;
        builder.streamLimits = streamLimits;
        builder.congestionControl = congestionControl;
        builder.initialRttMillis = initialRttMillis;
        builder.keepAliveIntervalMillis = keepAliveIntervalMillis;
        builder.maxDatagramFrameSize = maxDatagramFrameSize;
        builder.datagramQueueCapacity = datagramQueueCapacity;
        builder.pacing = pacing;
        builder.disableActiveMigration = disableActiveMigration;
        builder.version = version;
        builder.supportedVersions = supportedVersions;
        builder.cryptoBufferLimits = cryptoBufferLimits;
        builder.probabilityOfSkippedPacketNumber = probabilityOfSkippedPacketNumber;
        return builder;
    }

    /** Builder of {@link ConnectionConfig}; not thread-safe. */
    public static final class Builder {
        private long maxIdleTimeoutMillis = 30_000;
        private int maxDatagramSizeBytes = MIN_DATAGRAM_SIZE;
        private long maxUdpPayloadSizeBytes = 1_472;
        private int ackDelayExponent = 3;
        private int maxAckDelayMillis = 25;
        private int activeConnectionIdLimit = 4;
        private int connectionIdLength = 8;
        private StreamLimits streamLimits = StreamLimits.defaults();
        private CongestionControl congestionControl = CongestionControl.CUBIC;
        private long initialRttMillis = 333;
        private long keepAliveIntervalMillis;
        private long maxDatagramFrameSize;
        private int datagramQueueCapacity = 256;
        private boolean pacing = true;
        private boolean disableActiveMigration;
        private Version version = Version.V1;
        private List<Version> supportedVersions = List.of(Version.V1, Version.V2);
        private CryptoBufferLimits cryptoBufferLimits = CryptoBufferLimits.DEFAULT;
        private int probabilityOfSkippedPacketNumber = 1024;

        private Builder() {
        }

        public Builder maxIdleTimeoutMillis(long value) {
            maxIdleTimeoutMillis = value;
            return this;
        }

        public Builder maxDatagramSizeBytes(int value) {
            maxDatagramSizeBytes = value;
            return this;
        }

        public Builder maxUdpPayloadSizeBytes(long value) {
            maxUdpPayloadSizeBytes = value;
            return this;
        }

        public Builder ackDelayExponent(int value) {
            ackDelayExponent = value;
            return this;
        }

        public Builder maxAckDelayMillis(int value) {
            maxAckDelayMillis = value;
            return this;
        }

        public Builder activeConnectionIdLimit(int value) {
            activeConnectionIdLimit = value;
            return this;
        }

        public Builder connectionIdLength(int value) {
            connectionIdLength = value;
            return this;
        }

        public Builder streamLimits(StreamLimits value) {
            streamLimits = value;
            return this;
        }

        public Builder congestionControl(CongestionControl value) {
            congestionControl = value;
            return this;
        }

        public Builder initialRttMillis(long value) {
            initialRttMillis = value;
            return this;
        }

        public Builder keepAliveIntervalMillis(long value) {
            keepAliveIntervalMillis = value;
            return this;
        }

        public Builder maxDatagramFrameSize(long value) {
            maxDatagramFrameSize = value;
            return this;
        }

        public Builder datagramQueueCapacity(int value) {
            datagramQueueCapacity = value;
            return this;
        }

        public Builder pacing(boolean value) {
            pacing = value;
            return this;
        }

        public Builder disableActiveMigration(boolean value) {
            disableActiveMigration = value;
            return this;
        }

        public Builder version(Version value) {
            version = value;
            return this;
        }

        public Builder supportedVersions(List<Version> value) {
            supportedVersions = value;
            return this;
        }

        public Builder cryptoBufferLimits(CryptoBufferLimits value) {
            cryptoBufferLimits = value;
            return this;
        }

        public Builder probabilityOfSkippedPacketNumber(int value) {
            probabilityOfSkippedPacketNumber = value;
            return this;
        }

        public ConnectionConfig build() {
            return new ConnectionConfig(maxIdleTimeoutMillis, maxDatagramSizeBytes, maxUdpPayloadSizeBytes,
                    ackDelayExponent, maxAckDelayMillis, activeConnectionIdLimit, connectionIdLength, streamLimits,
                    congestionControl, initialRttMillis, keepAliveIntervalMillis, maxDatagramFrameSize,
                    datagramQueueCapacity, pacing, disableActiveMigration, version, supportedVersions,
                    cryptoBufferLimits, probabilityOfSkippedPacketNumber);
        }
    }
}
