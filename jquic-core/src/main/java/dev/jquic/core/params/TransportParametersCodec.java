package dev.jquic.core.params;

import dev.jquic.core.types.StatelessResetToken;
import dev.jquic.core.types.EndpointRole;
import static dev.jquic.core.params.TransportParameterId.ACK_DELAY_EXPONENT;
import static dev.jquic.core.params.TransportParameterId.ACTIVE_CONNECTION_ID_LIMIT;
import static dev.jquic.core.params.TransportParameterId.DISABLE_ACTIVE_MIGRATION;
import static dev.jquic.core.params.TransportParameterId.INITIAL_MAX_DATA;
import static dev.jquic.core.params.TransportParameterId.INITIAL_MAX_STREAMS_BIDI;
import static dev.jquic.core.params.TransportParameterId.INITIAL_MAX_STREAMS_UNI;
import static dev.jquic.core.params.TransportParameterId.INITIAL_MAX_STREAM_DATA_BIDI_LOCAL;
import static dev.jquic.core.params.TransportParameterId.INITIAL_MAX_STREAM_DATA_BIDI_REMOTE;
import static dev.jquic.core.params.TransportParameterId.INITIAL_MAX_STREAM_DATA_UNI;
import static dev.jquic.core.params.TransportParameterId.INITIAL_SOURCE_CONNECTION_ID;
import static dev.jquic.core.params.TransportParameterId.MAX_ACK_DELAY;
import static dev.jquic.core.params.TransportParameterId.MAX_DATAGRAM_FRAME_SIZE;
import static dev.jquic.core.params.TransportParameterId.MAX_IDLE_TIMEOUT;
import static dev.jquic.core.params.TransportParameterId.MAX_UDP_PAYLOAD_SIZE;
import static dev.jquic.core.params.TransportParameterId.ORIGINAL_DESTINATION_CONNECTION_ID;
import static dev.jquic.core.params.TransportParameterId.PREFERRED_ADDRESS;
import static dev.jquic.core.params.TransportParameterId.RETRY_SOURCE_CONNECTION_ID;
import static dev.jquic.core.params.TransportParameterId.STATELESS_RESET_TOKEN;
import static dev.jquic.core.params.TransportParameterId.VERSION_INFORMATION;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.codec.VarInt;
import dev.jquic.core.codec.WireReader;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Wire codec of {@link TransportParameters} (RFC 9000 §18): a sequence of
 * {@code (Transport Parameter ID (i), Transport Parameter Length (i), Value (..))}. Stateless.
 */
final class TransportParametersCodec {
    private TransportParametersCodec() {
    }

    // ---------------------------------------------------------------- encoding

    static int encodedLength(TransportParameters p) {
        int length = 0;
        length += cidLength(ORIGINAL_DESTINATION_CONNECTION_ID, p.originalDestinationConnectionId());
        length += integerLength(MAX_IDLE_TIMEOUT, p.maxIdleTimeoutMillis(), 0);
        if (p.statelessResetToken().isPresent()) {
            length += parameterLength(STATELESS_RESET_TOKEN, StatelessResetToken.LENGTH);
        }
        length += integerLength(MAX_UDP_PAYLOAD_SIZE, p.maxUdpPayloadSize(),
                TransportParameters.DEFAULT_MAX_UDP_PAYLOAD_SIZE);
        length += integerLength(INITIAL_MAX_DATA, p.initialMaxData(), 0);
        length += integerLength(INITIAL_MAX_STREAM_DATA_BIDI_LOCAL, p.initialMaxStreamDataBidiLocal(), 0);
        length += integerLength(INITIAL_MAX_STREAM_DATA_BIDI_REMOTE, p.initialMaxStreamDataBidiRemote(), 0);
        length += integerLength(INITIAL_MAX_STREAM_DATA_UNI, p.initialMaxStreamDataUni(), 0);
        length += integerLength(INITIAL_MAX_STREAMS_BIDI, p.initialMaxStreamsBidi(), 0);
        length += integerLength(INITIAL_MAX_STREAMS_UNI, p.initialMaxStreamsUni(), 0);
        length += integerLength(ACK_DELAY_EXPONENT, p.ackDelayExponent(),
                TransportParameters.DEFAULT_ACK_DELAY_EXPONENT);
        length += integerLength(MAX_ACK_DELAY, p.maxAckDelayMillis(),
                TransportParameters.DEFAULT_MAX_ACK_DELAY_MILLIS);
        if (p.disableActiveMigration()) {
            length += parameterLength(DISABLE_ACTIVE_MIGRATION, 0);
        }
        if (p.preferredAddress().isPresent()) {
            length += parameterLength(PREFERRED_ADDRESS, p.preferredAddress().get().encodedLength());
        }
        length += integerLength(ACTIVE_CONNECTION_ID_LIMIT, p.activeConnectionIdLimit(),
                TransportParameters.DEFAULT_ACTIVE_CONNECTION_ID_LIMIT);
        length += cidLength(INITIAL_SOURCE_CONNECTION_ID, p.initialSourceConnectionId());
        length += cidLength(RETRY_SOURCE_CONNECTION_ID, p.retrySourceConnectionId());
        if (p.versionInformation().isPresent()) {
            length += parameterLength(VERSION_INFORMATION, p.versionInformation().get().encodedLength());
        }
        if (p.maxDatagramFrameSize().isPresent()) {
            length += parameterLength(MAX_DATAGRAM_FRAME_SIZE,
                    VarInt.encodedLength(p.maxDatagramFrameSize().getAsLong()));
        }
        return length;
    }

    private static int parameterLength(long id, int valueLength) {
        return VarInt.encodedLength(id) + VarInt.encodedLength(valueLength) + valueLength;
    }

    private static int integerLength(long id, long value, long defaultValue) {
        return value == defaultValue ? 0 : parameterLength(id, VarInt.encodedLength(value));
    }

    private static int cidLength(long id, Optional<ConnectionId> cid) {
        return cid.isPresent() ? parameterLength(id, cid.get().length()) : 0;
    }

    static void encode(TransportParameters p, ByteBuffer out) {
        p.originalDestinationConnectionId().ifPresent(cid -> writeCid(out, ORIGINAL_DESTINATION_CONNECTION_ID, cid));
        writeInteger(out, MAX_IDLE_TIMEOUT, p.maxIdleTimeoutMillis(), 0);
        p.statelessResetToken().ifPresent(token -> {
            writeHeader(out, STATELESS_RESET_TOKEN, StatelessResetToken.LENGTH);
            token.writeTo(out);
        });
        writeInteger(out, MAX_UDP_PAYLOAD_SIZE, p.maxUdpPayloadSize(), TransportParameters.DEFAULT_MAX_UDP_PAYLOAD_SIZE);
        writeInteger(out, INITIAL_MAX_DATA, p.initialMaxData(), 0);
        writeInteger(out, INITIAL_MAX_STREAM_DATA_BIDI_LOCAL, p.initialMaxStreamDataBidiLocal(), 0);
        writeInteger(out, INITIAL_MAX_STREAM_DATA_BIDI_REMOTE, p.initialMaxStreamDataBidiRemote(), 0);
        writeInteger(out, INITIAL_MAX_STREAM_DATA_UNI, p.initialMaxStreamDataUni(), 0);
        writeInteger(out, INITIAL_MAX_STREAMS_BIDI, p.initialMaxStreamsBidi(), 0);
        writeInteger(out, INITIAL_MAX_STREAMS_UNI, p.initialMaxStreamsUni(), 0);
        writeInteger(out, ACK_DELAY_EXPONENT, p.ackDelayExponent(), TransportParameters.DEFAULT_ACK_DELAY_EXPONENT);
        writeInteger(out, MAX_ACK_DELAY, p.maxAckDelayMillis(), TransportParameters.DEFAULT_MAX_ACK_DELAY_MILLIS);
        if (p.disableActiveMigration()) {
            writeHeader(out, DISABLE_ACTIVE_MIGRATION, 0);
        }
        p.preferredAddress().ifPresent(address -> {
            writeHeader(out, PREFERRED_ADDRESS, address.encodedLength());
            address.encode(out);
        });
        writeInteger(out, ACTIVE_CONNECTION_ID_LIMIT, p.activeConnectionIdLimit(),
                TransportParameters.DEFAULT_ACTIVE_CONNECTION_ID_LIMIT);
        p.initialSourceConnectionId().ifPresent(cid -> writeCid(out, INITIAL_SOURCE_CONNECTION_ID, cid));
        p.retrySourceConnectionId().ifPresent(cid -> writeCid(out, RETRY_SOURCE_CONNECTION_ID, cid));
        p.versionInformation().ifPresent(information -> {
            writeHeader(out, VERSION_INFORMATION, information.encodedLength());
            information.encode(out);
        });
        if (p.maxDatagramFrameSize().isPresent()) {
            writeInteger(out, MAX_DATAGRAM_FRAME_SIZE, p.maxDatagramFrameSize().getAsLong(), -1);
        }
    }

    private static void writeHeader(ByteBuffer out, long id, int valueLength) {
        VarInt.write(out, id);
        VarInt.write(out, valueLength);
    }

    private static void writeInteger(ByteBuffer out, long id, long value, long defaultValue) {
        if (value != defaultValue) {
            writeHeader(out, id, VarInt.encodedLength(value));
            VarInt.write(out, value);
        }
    }

    private static void writeCid(ByteBuffer out, long id, ConnectionId cid) {
        writeHeader(out, id, cid.length());
        cid.writeTo(out);
    }

    // ---------------------------------------------------------------- decoding

    static TransportParameters decode(ByteBuffer in, EndpointRole sender) throws QuicProtocolException {
        WireReader reader = new WireReader(in, TransportError.TRANSPORT_PARAMETER_ERROR);
        TransportParameters.Builder builder = TransportParameters.builder();
        long seen = 0; // bit i set: known parameter with id i (all known ids are below 64) was read
        long maxUdpPayloadSize = TransportParameters.DEFAULT_MAX_UDP_PAYLOAD_SIZE;
        long initialMaxStreamsBidi = 0;
        long initialMaxStreamsUni = 0;
        long ackDelayExponent = TransportParameters.DEFAULT_ACK_DELAY_EXPONENT;
        long maxAckDelayMillis = TransportParameters.DEFAULT_MAX_ACK_DELAY_MILLIS;
        long activeConnectionIdLimit = TransportParameters.DEFAULT_ACTIVE_CONNECTION_ID_LIMIT;
        while (reader.hasRemaining()) {
            long id = reader.readVarInt();
            int length = reader.readVarIntLength("transport parameter");
            ByteBuffer valueBytes = reader.readSlice(length);
            if (!TransportParameterId.isKnown(id)) {
                // RFC 9000 §7.4.2 / §18.1: unknown (including reserved) parameters MUST be ignored.
                continue;
            }
            String name = TransportParameterId.name(id);
            // RFC 9000 §7.4: MUST NOT send a parameter more than once; we treat it as TRANSPORT_PARAMETER_ERROR.
            if ((seen & (1L << id)) != 0) {
                throw reader.error("duplicate transport parameter " + name);
            }
            seen |= 1L << id;
            // RFC 9000 §18.2: a server MUST treat receipt of a server-only parameter as TRANSPORT_PARAMETER_ERROR.
            if (sender == EndpointRole.CLIENT && isServerOnly(id)) {
                throw reader.error("client sent server-only transport parameter " + name);
            }
            WireReader value = new WireReader(valueBytes, TransportError.TRANSPORT_PARAMETER_ERROR);
            switch ((int) id) {
                case 0x00 -> builder.originalDestinationConnectionId(ConnectionId.read(value, length));
                case 0x01 -> builder.maxIdleTimeoutMillis(value.readVarInt());
                case 0x02 -> {
                    // RFC 9000 §18.2: the stateless reset token is a sequence of 16 bytes.
                    if (length != StatelessResetToken.LENGTH) {
                        throw reader.error("stateless_reset_token of " + length + " bytes, not 16");
                    }
                    builder.statelessResetToken(StatelessResetToken.read(value));
                }
                case 0x03 -> maxUdpPayloadSize = value.readVarInt();
                case 0x04 -> builder.initialMaxData(value.readVarInt());
                case 0x05 -> builder.initialMaxStreamDataBidiLocal(value.readVarInt());
                case 0x06 -> builder.initialMaxStreamDataBidiRemote(value.readVarInt());
                case 0x07 -> builder.initialMaxStreamDataUni(value.readVarInt());
                case 0x08 -> initialMaxStreamsBidi = value.readVarInt();
                case 0x09 -> initialMaxStreamsUni = value.readVarInt();
                case 0x0a -> ackDelayExponent = value.readVarInt();
                case 0x0b -> maxAckDelayMillis = value.readVarInt();
                case 0x0c -> builder.disableActiveMigration(); // RFC 9000 §18.2: a zero-length value
                case 0x0d -> builder.preferredAddress(readPreferredAddress(value));
                case 0x0e -> activeConnectionIdLimit = value.readVarInt();
                case 0x0f -> builder.initialSourceConnectionId(ConnectionId.read(value, length));
                case 0x10 -> builder.retrySourceConnectionId(ConnectionId.read(value, length));
                case 0x11 -> builder.versionInformation(readVersionInformation(value, length, sender));
                default -> builder.maxDatagramFrameSize(value.readVarInt()); // 0x20, the only other known id
            }
            // RFC 9000 §7.4: a value that does not fill its length is an invalid value.
            if (value.hasRemaining()) {
                throw reader.error(name + " has " + value.remaining() + " bytes beyond its value");
            }
        }
        // RFC 9000 §7.4: an endpoint MUST treat an invalid value as TRANSPORT_PARAMETER_ERROR.
        String violation = TransportParameters.rangeViolation(maxUdpPayloadSize, initialMaxStreamsBidi,
                initialMaxStreamsUni, ackDelayExponent, maxAckDelayMillis, activeConnectionIdLimit);
        if (violation != null) {
            throw reader.error(violation);
        }
        TransportParameters parameters = builder.maxUdpPayloadSize(maxUdpPayloadSize)
                .initialMaxStreamsBidi(initialMaxStreamsBidi)
                .initialMaxStreamsUni(initialMaxStreamsUni)
                .ackDelayExponent((int) ackDelayExponent)
                .maxAckDelayMillis((int) maxAckDelayMillis)
                .activeConnectionIdLimit(activeConnectionIdLimit)
                .build();
        // RFC 9000 §18.2: a server that chooses a zero-length connection ID MUST NOT provide a
        // preferred address; a client MUST treat that as TRANSPORT_PARAMETER_ERROR.
        if (parameters.preferredAddress().isPresent()
                && parameters.initialSourceConnectionId().map(cid -> cid.length() == 0).orElse(false)) {
            throw reader.error("preferred_address sent with a zero-length connection ID");
        }
        return parameters;
    }

    private static boolean isServerOnly(long id) {
        return id == ORIGINAL_DESTINATION_CONNECTION_ID || id == STATELESS_RESET_TOKEN
                || id == PREFERRED_ADDRESS || id == RETRY_SOURCE_CONNECTION_ID;
    }

    private static PreferredAddress readPreferredAddress(WireReader value) throws QuicProtocolException {
        byte[] ipv4Address = value.readBytes(PreferredAddress.IPV4_ADDRESS_LENGTH);
        int ipv4Port = value.readUint16();
        byte[] ipv6Address = value.readBytes(PreferredAddress.IPV6_ADDRESS_LENGTH);
        int ipv6Port = value.readUint16();
        int cidLength = value.readUint8();
        // RFC 9000 §18.2: a server MUST NOT include a zero-length connection ID in preferred_address;
        // a client MUST treat that as TRANSPORT_PARAMETER_ERROR.
        if (cidLength == 0) {
            throw value.error("preferred_address with a zero-length connection ID");
        }
        ConnectionId connectionId = ConnectionId.read(value, cidLength);
        StatelessResetToken token = StatelessResetToken.read(value);
        return new PreferredAddress(ipv4Address, ipv4Port, ipv6Address, ipv6Port, connectionId, token);
    }

    private static VersionInformation readVersionInformation(WireReader value, int length, EndpointRole sender)
            throws QuicProtocolException {
        // RFC 9368 §4: a Version Information that is too short or not a multiple of four bytes
        // long is a parsing failure, TRANSPORT_PARAMETER_ERROR in QUIC version 1.
        if (length == 0 || length % 4 != 0) {
            throw value.error("version_information length " + length + " is not a non-zero multiple of 4");
        }
        Version chosen = Version.of((int) value.readUint32());
        List<Version> available = new ArrayList<>(length / 4 - 1);
        while (value.hasRemaining()) {
            available.add(Version.of((int) value.readUint32()));
        }
        // RFC 9368 §4: a Chosen Version or any Available Version equal to zero is a parsing failure.
        if (chosen.value() == 0 || available.contains(Version.NEGOTIATION)) {
            throw value.error("version_information contains version 0");
        }
        // RFC 9368 §4: a server MUST treat a Chosen Version missing from Available Versions as a
        // parsing failure.
        if (sender == EndpointRole.CLIENT && !available.contains(chosen)) {
            throw value.error("client version_information does not list its chosen version");
        }
        return new VersionInformation(chosen, available);
    }
}
