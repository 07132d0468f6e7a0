package dev.jquic.core.params;

import dev.jquic.core.types.StatelessResetToken;
import dev.jquic.core.types.EndpointRole;
import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.VarInt;
import dev.jquic.core.types.ConnectionId;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One endpoint's QUIC transport parameters (RFC 9000 §7.4, §18.2), plus max_datagram_frame_size
 * (RFC 9221 §3) and version_information (RFC 9368 §3).
 *
 * <p>Absent integer parameters take their RFC default (§18.2: 0 unless stated; max_udp_payload_size
 * 65527, ack_delay_exponent 3, max_ack_delay 25 ms, active_connection_id_limit 2). Parameters whose
 * absence means something are {@link Optional}: the connection ID parameters, stateless_reset_token,
 * preferred_address, max_datagram_frame_size (absent: DATAGRAM unsupported, RFC 9221 §3) and
 * version_information.
 *
 * <p>The constructor enforces the §18.2 value ranges with {@link IllegalArgumentException} (our
 * own values); {@link #decode} enforces them on peer bytes with
 * {@link QuicProtocolException} (TRANSPORT_PARAMETER_ERROR). The codec lives in
 * {@link TransportParametersCodec}. Immutable.
 *
 * @param originalDestinationConnectionId 0x00, server only: DCID of the client's first Initial (§7.3)
 * @param maxIdleTimeoutMillis 0x01: 0 disables the idle timeout
 * @param statelessResetToken 0x02, server only
 * @param maxUdpPayloadSize 0x03: at least 1200, default 65527
 * @param initialMaxData 0x04, bytes
 * @param initialMaxStreamDataBidiLocal 0x05, bytes
 * @param initialMaxStreamDataBidiRemote 0x06, bytes
 * @param initialMaxStreamDataUni 0x07, bytes
 * @param initialMaxStreamsBidi 0x08, at most 2^60
 * @param initialMaxStreamsUni 0x09, at most 2^60
 * @param ackDelayExponent 0x0a: at most 20, default 3
 * @param maxAckDelayMillis 0x0b: below 2^14, default 25
 * @param disableActiveMigration 0x0c: present (zero-length value) when true
 * @param preferredAddress 0x0d, server only
 * @param activeConnectionIdLimit 0x0e: at least 2, default 2
 * @param initialSourceConnectionId 0x0f: SCID of the sender's first Initial (§7.3)
 * @param retrySourceConnectionId 0x10, server only: SCID of the Retry packet (§7.3)
 * @param maxDatagramFrameSize 0x20 (RFC 9221 §3), bytes
 * @param versionInformation 0x11 (RFC 9368 §3)
 */
public record TransportParameters(
        Optional<ConnectionId> originalDestinationConnectionId,
        long maxIdleTimeoutMillis,
        Optional<StatelessResetToken> statelessResetToken,
        long maxUdpPayloadSize,
        long initialMaxData,
        long initialMaxStreamDataBidiLocal,
        long initialMaxStreamDataBidiRemote,
        long initialMaxStreamDataUni,
        long initialMaxStreamsBidi,
        long initialMaxStreamsUni,
        int ackDelayExponent,
        int maxAckDelayMillis,
        boolean disableActiveMigration,
        Optional<PreferredAddress> preferredAddress,
        long activeConnectionIdLimit,
        Optional<ConnectionId> initialSourceConnectionId,
        Optional<ConnectionId> retrySourceConnectionId,
        OptionalLong maxDatagramFrameSize,
        Optional<VersionInformation> versionInformation) {

    /** RFC 9000 §18.2: the default max_udp_payload_size, the largest UDP payload. */
    public static final long DEFAULT_MAX_UDP_PAYLOAD_SIZE = 65_527;
    /** RFC 9000 §18.2: max_udp_payload_size values below 1200 are invalid. */
    public static final long MIN_MAX_UDP_PAYLOAD_SIZE = 1_200;
    /** RFC 9000 §18.2: default ack_delay_exponent. */
    public static final int DEFAULT_ACK_DELAY_EXPONENT = 3;
    /** RFC 9000 §18.2: ack_delay_exponent values above 20 are invalid. */
    public static final int MAX_ACK_DELAY_EXPONENT = 20;
    /** RFC 9000 §18.2: default max_ack_delay. */
    public static final int DEFAULT_MAX_ACK_DELAY_MILLIS = 25;
    /** RFC 9000 §18.2: max_ack_delay values of 2^14 or greater are invalid. */
    public static final int MAX_ACK_DELAY_LIMIT_MILLIS = 1 << 14;
    /** RFC 9000 §18.2: default (and minimum) active_connection_id_limit. */
    public static final long DEFAULT_ACTIVE_CONNECTION_ID_LIMIT = 2;
    /** RFC 9000 §4.6: stream limits above 2^60 are invalid. */
    public static final long MAX_STREAMS_LIMIT = 1L << 60;

    /** Every parameter absent: the values a peer that sent an empty extension has. */
    public static final TransportParameters DEFAULTS = builder().build();

    /** @throws IllegalArgumentException if a value is outside its §18.2 range */
    public TransportParameters {
        Objects.requireNonNull(originalDestinationConnectionId, "originalDestinationConnectionId");
        Objects.requireNonNull(statelessResetToken, "statelessResetToken");
        Objects.requireNonNull(preferredAddress, "preferredAddress");
        Objects.requireNonNull(initialSourceConnectionId, "initialSourceConnectionId");
        Objects.requireNonNull(retrySourceConnectionId, "retrySourceConnectionId");
        Objects.requireNonNull(maxDatagramFrameSize, "maxDatagramFrameSize");
        Objects.requireNonNull(versionInformation, "versionInformation");
        requireVarInt("maxIdleTimeoutMillis", maxIdleTimeoutMillis);
        requireVarInt("maxUdpPayloadSize", maxUdpPayloadSize);
        requireVarInt("initialMaxData", initialMaxData);
        requireVarInt("initialMaxStreamDataBidiLocal", initialMaxStreamDataBidiLocal);
        requireVarInt("initialMaxStreamDataBidiRemote", initialMaxStreamDataBidiRemote);
        requireVarInt("initialMaxStreamDataUni", initialMaxStreamDataUni);
        requireVarInt("activeConnectionIdLimit", activeConnectionIdLimit);
        if (maxDatagramFrameSize.isPresent()) {
            requireVarInt("maxDatagramFrameSize", maxDatagramFrameSize.getAsLong());
        }
        String violation = rangeViolation(maxUdpPayloadSize, initialMaxStreamsBidi, initialMaxStreamsUni,
                ackDelayExponent, maxAckDelayMillis, activeConnectionIdLimit);
        if (violation != null) {
            throw new IllegalArgumentException(violation);
        }
    }

    private static void requireVarInt(String name, long value) {
        if (!VarInt.isValid(value)) {
            throw new IllegalArgumentException(name + " out of range 0..2^62-1: " + value);
        }
    }

    /** The §18.2 range rules shared by the constructor and the decoder; null if all hold. */
    static String rangeViolation(long maxUdpPayloadSize, long initialMaxStreamsBidi, long initialMaxStreamsUni,
            long ackDelayExponent, long maxAckDelayMillis, long activeConnectionIdLimit) {
        // RFC 9000 §18.2: max_udp_payload_size values below 1200 are invalid.
        if (maxUdpPayloadSize < MIN_MAX_UDP_PAYLOAD_SIZE) {
            return "max_udp_payload_size below 1200: " + maxUdpPayloadSize;
        }
        // RFC 9000 §4.6: a max_streams parameter above 2^60 MUST be treated as TRANSPORT_PARAMETER_ERROR.
        if (initialMaxStreamsBidi < 0 || initialMaxStreamsBidi > MAX_STREAMS_LIMIT) {
            return "initial_max_streams_bidi above 2^60: " + initialMaxStreamsBidi;
        }
        if (initialMaxStreamsUni < 0 || initialMaxStreamsUni > MAX_STREAMS_LIMIT) {
            return "initial_max_streams_uni above 2^60: " + initialMaxStreamsUni;
        }
        // RFC 9000 §18.2: ack_delay_exponent values above 20 are invalid.
        if (ackDelayExponent < 0 || ackDelayExponent > MAX_ACK_DELAY_EXPONENT) {
            return "ack_delay_exponent above 20: " + ackDelayExponent;
        }
        // RFC 9000 §18.2: max_ack_delay values of 2^14 or greater are invalid.
        if (maxAckDelayMillis < 0 || maxAckDelayMillis >= MAX_ACK_DELAY_LIMIT_MILLIS) {
            return "max_ack_delay of 2^14 or more: " + maxAckDelayMillis;
        }
        // RFC 9000 §18.2: active_connection_id_limit MUST be at least 2.
        if (activeConnectionIdLimit < DEFAULT_ACTIVE_CONNECTION_ID_LIMIT) {
            return "active_connection_id_limit below 2: " + activeConnectionIdLimit;
        }
        return null;
    }

    /** A builder starting from the defaults (every parameter absent). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Whether any parameter only a server may send (RFC 9000 §18.2) is present. */
    public boolean hasServerOnlyParameters() {
        return originalDestinationConnectionId.isPresent() || statelessResetToken.isPresent()
                || preferredAddress.isPresent() || retrySourceConnectionId.isPresent();
    }

    /**
     * Checks that {@code sender} may send these parameters.
     *
     * @throws IllegalArgumentException if a client's set holds a server-only parameter (RFC 9000 §18.2)
     */
    public void requireSendableBy(EndpointRole sender) {
        // RFC 9000 §18.2: a client MUST NOT include any server-only transport parameter.
        if (sender == EndpointRole.CLIENT && hasServerOnlyParameters()) {
            throw new IllegalArgumentException("a client must not send server-only transport parameters");
        }
    }

    /** Bytes {@link #encode(ByteBuffer)} writes. */
    public int encodedLength() {
        return TransportParametersCodec.encodedLength(this);
    }

    /** Bytes {@link #encode(ByteBuffer, GreaseParameter)} writes. */
    public int encodedLength(GreaseParameter grease) {
        return TransportParametersCodec.encodedLength(this) + grease.encodedLength();
    }

    /**
     * Writes the parameters (RFC 9000 §18) at the buffer's position, in identifier order, omitting
     * absent parameters and integers equal to their default.
     *
     * @throws IllegalArgumentException if fewer than {@link #encodedLength()} bytes remain
     */
    public void encode(ByteBuffer out) {
        requireRoom(out, encodedLength());
        TransportParametersCodec.encode(this, out);
    }

    /** As {@link #encode(ByteBuffer)}, followed by one reserved parameter (RFC 9000 §18.1). */
    public void encode(ByteBuffer out, GreaseParameter grease) {
        requireRoom(out, encodedLength(grease));
        TransportParametersCodec.encode(this, out);
        grease.encode(out);
    }

    private static void requireRoom(ByteBuffer out, int length) {
        if (out.remaining() < length) {
            throw new IllegalArgumentException("need " + length + " bytes, " + out.remaining() + " remain");
        }
    }

    /**
     * Parses the whole remaining content of {@code in} (the quic_transport_parameters extension
     * data) sent by {@code sender}. Unknown and reserved identifiers are ignored (RFC 9000 §7.4.2,
     * §18.1). A known identifier seen twice is rejected (RFC 9000 §7.4 SHOULD); a repeated unknown
     * identifier is ignored like any unknown one. Cross-checks against connection state are left to
     * {@link ConnectionIdAuthentication}.
     *
     * @throws QuicProtocolException with TRANSPORT_PARAMETER_ERROR on any malformed, duplicate,
     *     out-of-range or (from a client) server-only parameter
     */
    public static TransportParameters decode(ByteBuffer in, EndpointRole sender) throws QuicProtocolException {
        return TransportParametersCodec.decode(in, sender);
    }

    /** Builds {@link TransportParameters}, starting from the defaults. Not thread-safe. */
    public static final class Builder {
        private Optional<ConnectionId> originalDestinationConnectionId = Optional.empty();
        private long maxIdleTimeoutMillis;
        private Optional<StatelessResetToken> statelessResetToken = Optional.empty();
        private long maxUdpPayloadSize = DEFAULT_MAX_UDP_PAYLOAD_SIZE;
        private long initialMaxData;
        private long initialMaxStreamDataBidiLocal;
        private long initialMaxStreamDataBidiRemote;
        private long initialMaxStreamDataUni;
        private long initialMaxStreamsBidi;
        private long initialMaxStreamsUni;
        private int ackDelayExponent = DEFAULT_ACK_DELAY_EXPONENT;
        private int maxAckDelayMillis = DEFAULT_MAX_ACK_DELAY_MILLIS;
        private boolean disableActiveMigration;
        private Optional<PreferredAddress> preferredAddress = Optional.empty();
        private long activeConnectionIdLimit = DEFAULT_ACTIVE_CONNECTION_ID_LIMIT;
        private Optional<ConnectionId> initialSourceConnectionId = Optional.empty();
        private Optional<ConnectionId> retrySourceConnectionId = Optional.empty();
        private OptionalLong maxDatagramFrameSize = OptionalLong.empty();
        private Optional<VersionInformation> versionInformation = Optional.empty();

        private Builder() {
        }

        private Builder(TransportParameters from) {
            originalDestinationConnectionId = from.originalDestinationConnectionId;
            maxIdleTimeoutMillis = from.maxIdleTimeoutMillis;
            statelessResetToken = from.statelessResetToken;
            maxUdpPayloadSize = from.maxUdpPayloadSize;
            initialMaxData = from.initialMaxData;
            initialMaxStreamDataBidiLocal = from.initialMaxStreamDataBidiLocal;
            initialMaxStreamDataBidiRemote = from.initialMaxStreamDataBidiRemote;
            initialMaxStreamDataUni = from.initialMaxStreamDataUni;
            initialMaxStreamsBidi = from.initialMaxStreamsBidi;
            initialMaxStreamsUni = from.initialMaxStreamsUni;
            ackDelayExponent = from.ackDelayExponent;
            maxAckDelayMillis = from.maxAckDelayMillis;
            disableActiveMigration = from.disableActiveMigration;
            preferredAddress = from.preferredAddress;
            activeConnectionIdLimit = from.activeConnectionIdLimit;
            initialSourceConnectionId = from.initialSourceConnectionId;
            retrySourceConnectionId = from.retrySourceConnectionId;
            maxDatagramFrameSize = from.maxDatagramFrameSize;
            versionInformation = from.versionInformation;
        }

        public Builder originalDestinationConnectionId(ConnectionId value) {
            originalDestinationConnectionId = Optional.of(value);
            return this;
        }

        public Builder maxIdleTimeoutMillis(long value) {
            maxIdleTimeoutMillis = value;
            return this;
        }

        public Builder statelessResetToken(StatelessResetToken value) {
            statelessResetToken = Optional.of(value);
            return this;
        }

        public Builder maxUdpPayloadSize(long value) {
            maxUdpPayloadSize = value;
            return this;
        }

        public Builder initialMaxData(long value) {
            initialMaxData = value;
            return this;
        }

        public Builder initialMaxStreamDataBidiLocal(long value) {
            initialMaxStreamDataBidiLocal = value;
            return this;
        }

        public Builder initialMaxStreamDataBidiRemote(long value) {
            initialMaxStreamDataBidiRemote = value;
            return this;
        }

        public Builder initialMaxStreamDataUni(long value) {
            initialMaxStreamDataUni = value;
            return this;
        }

        public Builder initialMaxStreamsBidi(long value) {
            initialMaxStreamsBidi = value;
            return this;
        }

        public Builder initialMaxStreamsUni(long value) {
            initialMaxStreamsUni = value;
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

        /** Sets disable_active_migration (RFC 9000 §18.2, §9). */
        public Builder disableActiveMigration() {
            disableActiveMigration = true;
            return this;
        }

        /** Clears disable_active_migration. */
        public Builder allowActiveMigration() {
            disableActiveMigration = false;
            return this;
        }

        public Builder preferredAddress(PreferredAddress value) {
            preferredAddress = Optional.of(value);
            return this;
        }

        public Builder activeConnectionIdLimit(long value) {
            activeConnectionIdLimit = value;
            return this;
        }

        public Builder initialSourceConnectionId(ConnectionId value) {
            initialSourceConnectionId = Optional.of(value);
            return this;
        }

        public Builder retrySourceConnectionId(ConnectionId value) {
            retrySourceConnectionId = Optional.of(value);
            return this;
        }

        public Builder maxDatagramFrameSize(long value) {
            maxDatagramFrameSize = OptionalLong.of(value);
            return this;
        }

        public Builder versionInformation(VersionInformation value) {
            versionInformation = Optional.of(value);
            return this;
        }

        /** @throws IllegalArgumentException if a value is outside its §18.2 range */
        public TransportParameters build() {
            return new TransportParameters(originalDestinationConnectionId, maxIdleTimeoutMillis,
                    statelessResetToken, maxUdpPayloadSize, initialMaxData, initialMaxStreamDataBidiLocal,
                    initialMaxStreamDataBidiRemote, initialMaxStreamDataUni, initialMaxStreamsBidi,
                    initialMaxStreamsUni, ackDelayExponent, maxAckDelayMillis, disableActiveMigration,
                    preferredAddress, activeConnectionIdLimit, initialSourceConnectionId,
                    retrySourceConnectionId, maxDatagramFrameSize, versionInformation);
        }
    }
}
