package dev.jquic.core.params;

import dev.jquic.core.types.StatelessResetToken;
import dev.jquic.core.types.EndpointRole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.VarInt;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Byte vectors: the RFC 9001 §A.2 client parameters and a hand-built server set. */
class TransportParametersVectorTest {
    private static final HexFormat HEX = HexFormat.of();

    /**
     * The quic_transport_parameters extension data (type 0x0039, length 0x0032) of the ClientHello
     * in the RFC 9001 Appendix A.2 client Initial, copied from the CRYPTO frame there.
     */
    private static final String RFC9001_CLIENT_PARAMETERS =
            "0408ffffffffffffffff" + "05048000ffff" + "07048000ffff" + "080110" + "010480007530"
            + "090110" + "0f088394c8f03e515708" + "06048000ffff";

    /** The same parameters in identifier order, as jquic encodes them. */
    private static final String RFC9001_CLIENT_PARAMETERS_IN_ID_ORDER =
            "010480007530" + "0408ffffffffffffffff" + "05048000ffff" + "06048000ffff" + "07048000ffff"
            + "080110" + "090110" + "0f088394c8f03e515708";

    static ByteBuffer bytes(String hex) {
        return ByteBuffer.wrap(HEX.parseHex(hex));
    }

    static String encodeToHex(TransportParameters parameters) {
        ByteBuffer out = ByteBuffer.allocate(parameters.encodedLength());
        parameters.encode(out);
        assertFalse(out.hasRemaining(), "encodedLength must equal the bytes written");
        return HEX.formatHex(out.array());
    }

    @Test
    void decodesTheRfc9001AppendixA2ClientParameters() throws QuicProtocolException {
        assertEquals(0x32, RFC9001_CLIENT_PARAMETERS.length() / 2);
        TransportParameters client = TransportParameters.decode(bytes(RFC9001_CLIENT_PARAMETERS), EndpointRole.CLIENT);
        assertEquals(VarInt.MAX_VALUE, client.initialMaxData());
        assertEquals(65_535, client.initialMaxStreamDataBidiLocal());
        assertEquals(65_535, client.initialMaxStreamDataBidiRemote());
        assertEquals(65_535, client.initialMaxStreamDataUni());
        assertEquals(16, client.initialMaxStreamsBidi());
        assertEquals(16, client.initialMaxStreamsUni());
        assertEquals(30_000, client.maxIdleTimeoutMillis());
        assertEquals(Optional.of(ConnectionId.ofHex("8394c8f03e515708")), client.initialSourceConnectionId());
        assertEquals(TransportParameters.DEFAULT_MAX_UDP_PAYLOAD_SIZE, client.maxUdpPayloadSize());
        assertEquals(Optional.empty(), client.originalDestinationConnectionId());
        assertEquals(OptionalLong.empty(), client.maxDatagramFrameSize());
    }

    @Test
    void encodesTheRfc9001AppendixA2ClientParametersInIdentifierOrder() {
        TransportParameters client = TransportParameters.builder()
                .maxIdleTimeoutMillis(30_000)
                .initialMaxData(VarInt.MAX_VALUE)
                .initialMaxStreamDataBidiLocal(65_535)
                .initialMaxStreamDataBidiRemote(65_535)
                .initialMaxStreamDataUni(65_535)
                .initialMaxStreamsBidi(16)
                .initialMaxStreamsUni(16)
                .initialSourceConnectionId(ConnectionId.ofHex("8394c8f03e515708"))
                .build();
        assertEquals(RFC9001_CLIENT_PARAMETERS_IN_ID_ORDER, encodeToHex(client));
        assertEquals(0x32, client.encodedLength());
    }

    /** Every parameter present; built by hand from the §18.2 layouts. */
    private static final String SERVER_PARAMETERS = String.join("",
            "00" + "08" + "8394c8f03e515708",                  // original_destination_connection_id
            "01" + "04" + "80007530",                          // max_idle_timeout 30000
            "02" + "10" + "00112233445566778899aabbccddeeff",  // stateless_reset_token
            "03" + "02" + "45c0",                              // max_udp_payload_size 1472
            "04" + "04" + "80100000",                          // initial_max_data 1048576
            "05" + "04" + "80040000",                          // initial_max_stream_data_bidi_local 262144
            "06" + "02" + "4400",                              // initial_max_stream_data_bidi_remote 1024
            "07" + "01" + "3f",                                // initial_max_stream_data_uni 63
            "08" + "02" + "4064",                              // initial_max_streams_bidi 100
            "09" + "01" + "03",                                // initial_max_streams_uni 3
            "0a" + "01" + "14",                                // ack_delay_exponent 20
            "0b" + "02" + "7fff",                              // max_ack_delay 16383
            "0c" + "00",                                       // disable_active_migration
            "0d" + "2d"                                        // preferred_address, 45 bytes:
                    + "c0000201" + "1151"                      //   192.0.2.1:4433
                    + "20010db8000000000000000000000001" + "1152" // 2001:db8::1:4434
                    + "04" + "a1b2c3d4"                        //   connection ID
                    + "ffeeddccbbaa99887766554433221100",      //   stateless reset token
            "0e" + "01" + "08",                                // active_connection_id_limit 8
            "0f" + "04" + "5300f0f0",                          // initial_source_connection_id
            "10" + "00",                                       // retry_source_connection_id, empty
            "11" + "0c" + "00000001" + "6b3343cf" + "00000001", // version_information v1; [v2, v1]
            "20" + "04" + "8000ffff");                         // max_datagram_frame_size 65535

    private static TransportParameters serverParameters() {
        return TransportParameters.builder()
                .originalDestinationConnectionId(ConnectionId.ofHex("8394c8f03e515708"))
                .maxIdleTimeoutMillis(30_000)
                .statelessResetToken(StatelessResetToken.ofHex("00112233445566778899aabbccddeeff"))
                .maxUdpPayloadSize(1_472)
                .initialMaxData(1_048_576)
                .initialMaxStreamDataBidiLocal(262_144)
                .initialMaxStreamDataBidiRemote(1_024)
                .initialMaxStreamDataUni(63)
                .initialMaxStreamsBidi(100)
                .initialMaxStreamsUni(3)
                .ackDelayExponent(20)
                .maxAckDelayMillis(16_383)
                .disableActiveMigration()
                .preferredAddress(new PreferredAddress(HEX.parseHex("c0000201"), 4433,
                        HEX.parseHex("20010db8000000000000000000000001"), 4434,
                        ConnectionId.ofHex("a1b2c3d4"), StatelessResetToken.ofHex("ffeeddccbbaa99887766554433221100")))
                .activeConnectionIdLimit(8)
                .initialSourceConnectionId(ConnectionId.ofHex("5300f0f0"))
                .retrySourceConnectionId(ConnectionId.EMPTY)
                .versionInformation(new VersionInformation(Version.V1, List.of(Version.V2, Version.V1)))
                .maxDatagramFrameSize(65_535)
                .build();
    }

    @Test
    void encodesAHandBuiltServerVector() {
        assertEquals(SERVER_PARAMETERS, encodeToHex(serverParameters()));
    }

    @Test
    void decodesAHandBuiltServerVector() throws QuicProtocolException {
        ByteBuffer in = bytes(SERVER_PARAMETERS);
        TransportParameters decoded = TransportParameters.decode(in, EndpointRole.SERVER);
        assertFalse(in.hasRemaining());
        assertEquals(serverParameters(), decoded);
        PreferredAddress address = decoded.preferredAddress().orElseThrow();
        assertEquals(4433, address.ipv4Port());
        assertEquals("20010db8000000000000000000000001", HEX.formatHex(address.ipv6Address()));
        assertTrue(address.hasIpv4());
        assertTrue(address.hasIpv6());
        assertEquals(Optional.of(ConnectionId.EMPTY), decoded.retrySourceConnectionId());
        assertEquals(OptionalLong.of(65_535), decoded.maxDatagramFrameSize());
        assertTrue(decoded.disableActiveMigration());
    }

    @Test
    void decodesNonMinimalIntegerEncodingsAndAnyOrder() throws QuicProtocolException {
        // initial_max_streams_uni 3 as an 8-byte varint, then max_idle_timeout 5 as a 2-byte varint.
        TransportParameters decoded = TransportParameters.decode(
                bytes("0908c000000000000003" + "01024005"), EndpointRole.CLIENT);
        assertEquals(3, decoded.initialMaxStreamsUni());
        assertEquals(5, decoded.maxIdleTimeoutMillis());
    }

    @Test
    void appendsTheCallersGreaseParameter() throws QuicProtocolException {
        TransportParameters parameters = TransportParameters.builder().initialMaxStreamsUni(3).build();
        GreaseParameter grease = new GreaseParameter(GreaseParameter.reservedId(1), HEX.parseHex("cafe"));
        ByteBuffer out = ByteBuffer.allocate(parameters.encodedLength(grease));
        parameters.encode(out, grease);
        assertFalse(out.hasRemaining());
        assertEquals("090103" + "3a02cafe", HEX.formatHex(out.array()));
        assertEquals(parameters, TransportParameters.decode(out.flip(), EndpointRole.SERVER));
    }

    @Test
    void encodesNothingForTheDefaults() {
        assertEquals(0, TransportParameters.DEFAULTS.encodedLength());
        assertEquals("", encodeToHex(TransportParameters.DEFAULTS));
    }

    @Test
    void explicitDefaultValuesDecodeToTheDefaults() throws QuicProtocolException {
        // max_udp_payload_size 65527, ack_delay_exponent 3, max_ack_delay 25, active_connection_id_limit 2.
        TransportParameters decoded = TransportParameters.decode(
                bytes("03048000fff7" + "0a0103" + "0b0119" + "0e0102"), EndpointRole.SERVER);
        assertEquals(TransportParameters.DEFAULTS, decoded);
    }
}
