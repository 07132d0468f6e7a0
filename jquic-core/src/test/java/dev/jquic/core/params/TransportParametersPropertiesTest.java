package dev.jquic.core.params;

import dev.jquic.core.types.StatelessResetToken;
import dev.jquic.core.types.EndpointRole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.codec.VarInt;
import dev.jquic.core.codec.WireReader;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Round trips over random valid parameter sets and robustness against arbitrary bytes. */
class TransportParametersPropertiesTest {

    // ------------------------------------------------------------------ generators

    private static Arbitrary<Long> varInts() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, 63),
                Arbitraries.longs().between(64, 16_383),
                Arbitraries.longs().between(16_384, (1L << 30) - 1),
                Arbitraries.longs().between(1L << 30, VarInt.MAX_VALUE));
    }

    private static Arbitrary<ConnectionId> connectionIds(int minLength) {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(minLength).ofMaxSize(ConnectionId.MAX_LENGTH)
                .map(ConnectionId::of);
    }

    private static Arbitrary<StatelessResetToken> tokens() {
        return Arbitraries.bytes().array(byte[].class).ofSize(16).map(StatelessResetToken::of);
    }

    private static Arbitrary<PreferredAddress> preferredAddresses() {
        Arbitrary<byte[]> ipv4 = Arbitraries.bytes().array(byte[].class).ofSize(4);
        Arbitrary<byte[]> ipv6 = Arbitraries.bytes().array(byte[].class).ofSize(16);
        Arbitrary<Integer> ports = Arbitraries.integers().between(0, 0xffff);
        return Combinators.combine(ipv4, ports, ipv6, ports, connectionIds(1), tokens())
                .as(PreferredAddress::new);
    }

    private static Arbitrary<Version> nonZeroVersions() {
        return Arbitraries.oneOf(Arbitraries.of(Version.V1, Version.V2),
                Arbitraries.integers().filter(value -> value != 0).map(Version::of));
    }

    /** A client's list includes its chosen version (RFC 9368 §4); a server's may be anything. */
    private static Arbitrary<VersionInformation> versionInformation(EndpointRole sender) {
        Arbitrary<List<Version>> others = nonZeroVersions().list().ofMaxSize(6);
        return Combinators.combine(nonZeroVersions(), others, Arbitraries.integers().between(0, 6))
                .as((chosen, available, position) -> {
                    List<Version> versions = new ArrayList<>(available);
                    if (sender == EndpointRole.CLIENT) {
                        versions.add(Math.min(position, versions.size()), chosen);
                    }
                    return new VersionInformation(chosen, versions);
                });
    }

    private static Arbitrary<TransportParameters> parameters(EndpointRole sender) {
        double present = 0.5;
        var builder = Builders.withBuilder(TransportParameters::builder)
                .use(varInts()).withProbability(present).in(TransportParameters.Builder::maxIdleTimeoutMillis)
                .use(Arbitraries.longs().between(1_200, VarInt.MAX_VALUE)).withProbability(present)
                .in(TransportParameters.Builder::maxUdpPayloadSize)
                .use(varInts()).withProbability(present).in(TransportParameters.Builder::initialMaxData)
                .use(varInts()).withProbability(present).in(TransportParameters.Builder::initialMaxStreamDataBidiLocal)
                .use(varInts()).withProbability(present).in(TransportParameters.Builder::initialMaxStreamDataBidiRemote)
                .use(varInts()).withProbability(present).in(TransportParameters.Builder::initialMaxStreamDataUni)
                .use(varInts().filter(value -> value <= 1L << 60)).withProbability(present)
                .in(TransportParameters.Builder::initialMaxStreamsBidi)
                .use(varInts().filter(value -> value <= 1L << 60)).withProbability(present)
                .in(TransportParameters.Builder::initialMaxStreamsUni)
                .use(Arbitraries.integers().between(0, 20)).withProbability(present)
                .in(TransportParameters.Builder::ackDelayExponent)
                .use(Arbitraries.integers().between(0, (1 << 14) - 1)).withProbability(present)
                .in(TransportParameters.Builder::maxAckDelayMillis)
                .use(Arbitraries.of(true, false))
                .in((b, disable) -> disable ? b.disableActiveMigration() : b.allowActiveMigration())
                .use(varInts().filter(value -> value >= 2)).withProbability(present)
                .in(TransportParameters.Builder::activeConnectionIdLimit)
                .use(connectionIds(sender == EndpointRole.SERVER ? 1 : 0)).withProbability(0.8)
                .in(TransportParameters.Builder::initialSourceConnectionId)
                .use(varInts()).withProbability(present).in(TransportParameters.Builder::maxDatagramFrameSize)
                .use(versionInformation(sender)).withProbability(present)
                .in(TransportParameters.Builder::versionInformation);
        if (sender == EndpointRole.SERVER) {
            builder = builder
                    .use(connectionIds(0)).withProbability(present)
                    .in(TransportParameters.Builder::originalDestinationConnectionId)
                    .use(tokens()).withProbability(present).in(TransportParameters.Builder::statelessResetToken)
                    .use(preferredAddresses()).withProbability(present)
                    .in(TransportParameters.Builder::preferredAddress)
                    .use(connectionIds(0)).withProbability(present)
                    .in(TransportParameters.Builder::retrySourceConnectionId);
        }
        return builder.build(TransportParameters.Builder::build);
    }

    @Provide
    Arbitrary<TransportParameters> clientParameters() {
        return parameters(EndpointRole.CLIENT);
    }

    @Provide
    Arbitrary<TransportParameters> serverParameters() {
        return parameters(EndpointRole.SERVER);
    }

    private static byte[] encode(TransportParameters parameters) {
        ByteBuffer out = ByteBuffer.allocate(parameters.encodedLength());
        parameters.encode(out);
        assertFalse(out.hasRemaining(), "encodedLength must equal the bytes written");
        return out.array();
    }

    /** Decodes, asserting that the only failure is TRANSPORT_PARAMETER_ERROR; null on failure. */
    private static TransportParameters decodeOrNull(byte[] bytes, EndpointRole sender) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            TransportParameters decoded = TransportParameters.decode(in, sender);
            assertFalse(in.hasRemaining(), "decode consumes all input");
            return decoded;
        } catch (QuicProtocolException e) {
            assertEquals(TransportError.TRANSPORT_PARAMETER_ERROR.code(), e.errorCode(), e.reason());
            return null;
        }
    }

    // ------------------------------------------------------------------ round trips

    @Property
    void clientParametersRoundTrip(@ForAll("clientParameters") TransportParameters parameters)
            throws QuicProtocolException {
        parameters.requireSendableBy(EndpointRole.CLIENT);
        assertEquals(parameters, TransportParameters.decode(ByteBuffer.wrap(encode(parameters)), EndpointRole.CLIENT));
    }

    @Property
    void serverParametersRoundTrip(@ForAll("serverParameters") TransportParameters parameters)
            throws QuicProtocolException {
        assertEquals(parameters, TransportParameters.decode(ByteBuffer.wrap(encode(parameters)), EndpointRole.SERVER));
    }

    @Property
    void greaseIsIgnored(@ForAll("serverParameters") TransportParameters parameters,
            @ForAll("greaseParameters") GreaseParameter grease) throws QuicProtocolException {
        ByteBuffer out = ByteBuffer.allocate(parameters.encodedLength(grease));
        parameters.encode(out, grease);
        assertFalse(out.hasRemaining());
        assertEquals(parameters, TransportParameters.decode(out.flip(), EndpointRole.SERVER));
    }

    @Provide
    Arbitrary<GreaseParameter> greaseParameters() {
        Arbitrary<Long> ids = Arbitraries.longs().between(0, (VarInt.MAX_VALUE - 27) / 31).map(GreaseParameter::reservedId);
        Arbitrary<byte[]> values = Arbitraries.bytes().array(byte[].class).ofMaxSize(GreaseParameter.MAX_VALUE_LENGTH);
        return Combinators.combine(ids, values).as(GreaseParameter::new);
    }

    @Property
    void serverOnlyParametersFromAClientAreRejected(@ForAll("serverParameters") TransportParameters parameters) {
        byte[] bytes = encode(parameters);
        if (parameters.hasServerOnlyParameters()) {
            QuicProtocolException e = assertThrows(QuicProtocolException.class,
                    () -> TransportParameters.decode(ByteBuffer.wrap(bytes), EndpointRole.CLIENT));
            assertEquals(TransportError.TRANSPORT_PARAMETER_ERROR.code(), e.errorCode());
        }
    }

    // ------------------------------------------------------------------ truncation and noise

    /** Offsets where one parameter ends and the next begins (0 and the end included). */
    private static Set<Integer> parameterBoundaries(byte[] bytes) throws QuicProtocolException {
        Set<Integer> boundaries = new HashSet<>();
        WireReader reader = new WireReader(ByteBuffer.wrap(bytes), TransportError.TRANSPORT_PARAMETER_ERROR);
        boundaries.add(0);
        while (reader.hasRemaining()) {
            reader.readVarInt();
            reader.skip(reader.readVarIntLength("value"));
            boundaries.add(reader.position());
        }
        return boundaries;
    }

    @Property
    void truncationAtEveryPositionFailsOnlyWithTransportParameterError(
            @ForAll("serverParameters") TransportParameters parameters) throws QuicProtocolException {
        byte[] bytes = encode(parameters);
        Set<Integer> boundaries = parameterBoundaries(bytes);
        for (int cut = 0; cut < bytes.length; cut++) {
            byte[] prefix = java.util.Arrays.copyOf(bytes, cut);
            TransportParameters decoded = decodeOrNull(prefix, EndpointRole.SERVER);
            // A cut between parameters leaves a valid, shorter set; a cut inside one must fail.
            assertEquals(boundaries.contains(cut), decoded != null, "cut at " + cut + " of " + bytes.length);
        }
    }

    @Property(tries = 2000)
    void randomBytesFailOnlyWithTransportParameterError(@ForAll @Size(max = 120) byte[] bytes) {
        for (EndpointRole sender : EndpointRole.values()) {
            TransportParameters decoded = decodeOrNull(bytes, sender);
            if (decoded != null) {
                assertEquals(decoded, decodeOrNull(encode(decoded), sender), "re-encoding is stable");
            }
        }
    }

    /** Random values under known identifiers, to reach the per-parameter checks. */
    @Provide
    Arbitrary<byte[]> knownIdentifiersWithRandomValues() {
        Arbitrary<byte[]> parameter = Combinators.combine(
                Arbitraries.oneOf(Arbitraries.longs().between(0, 0x11), Arbitraries.just(0x20L),
                        Arbitraries.longs().between(0, 100)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(50),
                Arbitraries.integers().between(-2, 2))
                .as((id, value, lengthError) -> {
                    long length = Math.max(0, value.length + (lengthError == 0 ? 0 : lengthError));
                    ByteBuffer out = ByteBuffer.allocate(16 + value.length);
                    VarInt.write(out, id);
                    VarInt.write(out, length);
                    out.put(value);
                    return java.util.Arrays.copyOf(out.array(), out.position());
                });
        return parameter.list().ofMaxSize(8).map(list -> {
            ByteBuffer all = ByteBuffer.allocate(list.stream().mapToInt(p -> p.length).sum());
            list.forEach(all::put);
            return all.array();
        });
    }

    @Property(tries = 2000)
    void randomParameterSequencesFailOnlyWithTransportParameterError(
            @ForAll("knownIdentifiersWithRandomValues") byte[] bytes) {
        for (EndpointRole sender : EndpointRole.values()) {
            TransportParameters decoded = decodeOrNull(bytes, sender);
            if (decoded != null) {
                assertEquals(decoded, decodeOrNull(encode(decoded), sender), "re-encoding is stable");
            }
        }
    }
}
