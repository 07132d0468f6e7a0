package dev.jquic.core.params;

import dev.jquic.core.types.StatelessResetToken;
import dev.jquic.core.types.EndpointRole;
import static dev.jquic.core.params.TransportParametersVectorTest.bytes;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.Version;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Defaults (RFC 9000 §18.2) and every rejection rule of the decoder. */
class TransportParametersRulesTest {
    private static final String CID_21_BYTES = "15" + "00".repeat(21);
    private static final String TOKEN = "00112233445566778899aabbccddeeff";
    private static final String ADDRESSES = "c0000201" + "1151" + "00000000000000000000000000000000" + "0000";

    private static void assertRejected(String hex, EndpointRole sender) {
        QuicProtocolException exception = assertThrows(QuicProtocolException.class,
                () -> TransportParameters.decode(bytes(hex), sender));
        assertEquals(TransportError.TRANSPORT_PARAMETER_ERROR.code(), exception.errorCode(), exception.reason());
    }

    private static TransportParameters decode(String hex, EndpointRole sender) throws QuicProtocolException {
        return TransportParameters.decode(bytes(hex), sender);
    }

    @Test
    void anEmptyExtensionHasTheRfcDefaults() throws QuicProtocolException {
        TransportParameters p = decode("", EndpointRole.SERVER);
        assertEquals(TransportParameters.DEFAULTS, p);
        assertEquals(0, p.maxIdleTimeoutMillis());
        assertEquals(65_527, p.maxUdpPayloadSize());
        assertEquals(0, p.initialMaxData());
        assertEquals(0, p.initialMaxStreamDataBidiLocal());
        assertEquals(0, p.initialMaxStreamDataBidiRemote());
        assertEquals(0, p.initialMaxStreamDataUni());
        assertEquals(0, p.initialMaxStreamsBidi());
        assertEquals(0, p.initialMaxStreamsUni());
        assertEquals(3, p.ackDelayExponent());
        assertEquals(25, p.maxAckDelayMillis());
        assertFalse(p.disableActiveMigration());
        assertEquals(2, p.activeConnectionIdLimit());
        assertEquals(Optional.empty(), p.originalDestinationConnectionId());
        assertEquals(Optional.empty(), p.initialSourceConnectionId());
        assertEquals(Optional.empty(), p.retrySourceConnectionId());
        assertEquals(Optional.empty(), p.statelessResetToken());
        assertEquals(Optional.empty(), p.preferredAddress());
        assertEquals(OptionalLong.empty(), p.maxDatagramFrameSize());
        assertEquals(Optional.empty(), p.versionInformation());
    }

    @Test
    void tellsAZeroLengthConnectionIdFromAnAbsentOne() throws QuicProtocolException {
        assertEquals(Optional.of(ConnectionId.EMPTY), decode("0f00", EndpointRole.CLIENT).initialSourceConnectionId());
        assertEquals(OptionalLong.of(0), decode("200100", EndpointRole.CLIENT).maxDatagramFrameSize());
    }

    // ------------------------------------------------------------------ ignored parameters

    @ParameterizedTest
    @ValueSource(strings = {
        "1b00",                    // 27 = 31*0+27, empty
        "3a03010203",              // 58 = 31*1+27
        "4c37" + "02ffff",         // 3127 = 31*100+27, two-byte identifier
        "21" + "0101",             // 0x21, unassigned
        "8000ff00" + "00",         // 0xff00, unassigned
        "ffffffffffffffff" + "0400000000", // 2^62-1
        "1b00" + "1b0101",         // an ignored identifier twice
    })
    void ignoresUnknownAndReservedParameters(String unknown) throws QuicProtocolException {
        TransportParameters p = decode("090103" + unknown + "0f0101", EndpointRole.CLIENT);
        assertEquals(3, p.initialMaxStreamsUni());
        assertEquals(Optional.of(ConnectionId.ofHex("01")), p.initialSourceConnectionId());
    }

    @Test
    void reservedIdentifiersAre31NPlus27() {
        assertTrue(TransportParameterId.isReservedForGrease(27));
        assertTrue(TransportParameterId.isReservedForGrease(58));
        assertTrue(TransportParameterId.isReservedForGrease(31L * 1000 + 27));
        assertFalse(TransportParameterId.isReservedForGrease(26));
        assertFalse(TransportParameterId.isReservedForGrease(28));
        assertFalse(TransportParameterId.isReservedForGrease(0));
        assertThrows(IllegalArgumentException.class, () -> new GreaseParameter(28, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new GreaseParameter(27, new byte[256]));
    }

    // ------------------------------------------------------------------ malformed

    @ParameterizedTest
    @ValueSource(strings = {
        "01",               // identifier without length
        "0104",             // length without value
        "01048000",         // value shorter than its length
        "40",               // truncated two-byte identifier
        "0140",             // truncated two-byte length
        "01ff",             // length far beyond the input
        "0d2d" + "c0000201",        // truncated preferred_address
        "0f05" + "0102",            // truncated connection ID
    })
    void rejectsTruncation(String hex) {
        assertRejected(hex, EndpointRole.SERVER);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "01020500",          // a one-byte varint in a two-byte value
        "010140",            // a two-byte varint in a one-byte value
        "0100",              // an integer with no bytes at all
        "0c0100",            // disable_active_migration is zero-length
        "2002" + "0000",     // max_datagram_frame_size with a trailing byte
        "0d2e" + ADDRESSES + "0401020304" + TOKEN + "00", // preferred_address with a trailing byte
    })
    void rejectsAValueThatDoesNotFillItsLength(String hex) {
        assertRejected(hex, EndpointRole.SERVER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"010105" + "010105", "0c00" + "0c00", "200100" + "090101" + "200100", "0f00" + "0f0101"})
    void rejectsDuplicates(String hex) {
        assertRejected(hex, EndpointRole.CLIENT);
    }

    // ------------------------------------------------------------------ out of range

    @ParameterizedTest
    @CsvSource({
        // parameter,   rejected,               accepted boundary
        "max_udp_payload_size, 030244af, 030244b0",             // 1199 / 1200
        "ack_delay_exponent, 0a0115, 0a0114",                    // 21 / 20
        "max_ack_delay, 0b0480004000, 0b027fff",                 // 16384 / 16383
        "active_connection_id_limit, 0e0101, 0e0102",            // 1 / 2
        "active_connection_id_limit zero, 0e0100, 0e0103",       // 0 / 3
        "initial_max_streams_bidi, 0808d000000000000001, 0808d000000000000000", // 2^60+1 / 2^60
        "initial_max_streams_uni, 0908d000000000000001, 0908d000000000000000",
        "initial_max_streams_bidi 2^62-1, 0808ffffffffffffffff, 080100",
    })
    void rejectsOutOfRangeValuesAndAcceptsTheBoundary(String parameter, String rejected, String accepted)
            throws QuicProtocolException {
        assertRejected(rejected, EndpointRole.SERVER);
        assertDoesNotThrow(() -> decode(accepted, EndpointRole.SERVER), parameter);
    }

    @Test
    void acceptsTheLargestValidValues() throws QuicProtocolException {
        TransportParameters p = decode("030244b0" + "0a0114" + "0b027fff" + "0808d000000000000000"
                + "0908d000000000000000" + "0e08ffffffffffffffff", EndpointRole.SERVER);
        assertEquals(1_200, p.maxUdpPayloadSize());
        assertEquals(20, p.ackDelayExponent());
        assertEquals(16_383, p.maxAckDelayMillis());
        assertEquals(1L << 60, p.initialMaxStreamsBidi());
        assertEquals(1L << 60, p.initialMaxStreamsUni());
        assertEquals((1L << 62) - 1, p.activeConnectionIdLimit());
    }

    @ParameterizedTest
    @ValueSource(strings = {"020f" + "112233445566778899aabbccddeeff", "0211" + TOKEN + "00", "0200"})
    void rejectsAStatelessResetTokenThatIsNot16Bytes(String hex) {
        assertRejected(hex, EndpointRole.SERVER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"00", "0f", "10"})
    void rejectsConnectionIdsLongerThan20Bytes(String id) throws QuicProtocolException {
        assertRejected(id + CID_21_BYTES, EndpointRole.SERVER);
        String twentyBytes = "14" + "ab".repeat(20);
        assertEquals(2 + 20, TransportParameters.decode(bytes(id + twentyBytes), EndpointRole.SERVER)
                .encodedLength());
    }

    @Test
    void rejectsAPreferredAddressWithAnEmptyOrOversizedConnectionId() throws QuicProtocolException {
        assertRejected("0d29" + ADDRESSES + "00" + TOKEN, EndpointRole.SERVER);
        assertRejected("0d3e" + ADDRESSES + CID_21_BYTES + TOKEN, EndpointRole.SERVER);
        TransportParameters p = decode("0d2a" + ADDRESSES + "01aa" + TOKEN, EndpointRole.SERVER);
        PreferredAddress address = p.preferredAddress().orElseThrow();
        assertEquals(ConnectionId.ofHex("aa"), address.connectionId());
        assertEquals(StatelessResetToken.ofHex(TOKEN), address.statelessResetToken());
        assertTrue(address.hasIpv4());
        assertFalse(address.hasIpv6());
    }

    @Test
    void rejectsAPreferredAddressFromAServerUsingAZeroLengthConnectionId() throws QuicProtocolException {
        String preferredAddress = "0d2a" + ADDRESSES + "01aa" + TOKEN;
        assertRejected(preferredAddress + "0f00", EndpointRole.SERVER);
        decode(preferredAddress + "0f0101", EndpointRole.SERVER);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "0008" + "8394c8f03e515708",              // original_destination_connection_id
        "0210" + TOKEN,                           // stateless_reset_token
        "0d2a" + ADDRESSES + "01aa" + TOKEN,      // preferred_address
        "1000",                                   // retry_source_connection_id
    })
    void rejectsServerOnlyParametersFromAClient(String hex) throws QuicProtocolException {
        assertRejected(hex, EndpointRole.CLIENT);
        assertTrue(decode(hex, EndpointRole.SERVER).hasServerOnlyParameters());
    }

    // ------------------------------------------------------------------ version_information

    @ParameterizedTest
    @ValueSource(strings = {
        "1100",                              // empty
        "1103" + "000001",                   // not a multiple of four
        "1105" + "0000000100",
        "1104" + "00000000",                 // chosen version 0
        "1108" + "00000001" + "00000000",    // available version 0
    })
    void rejectsMalformedVersionInformation(String hex) {
        assertRejected(hex, EndpointRole.SERVER);
        assertRejected(hex, EndpointRole.CLIENT);
    }

    @Test
    void aClientMustListItsChosenVersion() throws QuicProtocolException {
        String chosenOnly = "1104" + "00000001";
        String notListed = "1108" + "00000001" + "6b3343cf";
        assertRejected(chosenOnly, EndpointRole.CLIENT);
        assertRejected(notListed, EndpointRole.CLIENT);
        assertEquals(new VersionInformation(Version.V1, List.of()),
                decode(chosenOnly, EndpointRole.SERVER).versionInformation().orElseThrow());
        assertEquals(new VersionInformation(Version.V1, List.of(Version.V2)),
                decode(notListed, EndpointRole.SERVER).versionInformation().orElseThrow());
        assertEquals(new VersionInformation(Version.V2, List.of(Version.V2, Version.V1)),
                decode("110c" + "6b3343cf" + "6b3343cf" + "00000001", EndpointRole.CLIENT)
                        .versionInformation().orElseThrow());
    }

    // ------------------------------------------------------------------ our own values

    @Test
    void theBuilderRejectsOutOfRangeValues() {
        assertThrows(IllegalArgumentException.class, () -> TransportParameters.builder().maxUdpPayloadSize(1_199).build());
        assertThrows(IllegalArgumentException.class, () -> TransportParameters.builder().ackDelayExponent(21).build());
        assertThrows(IllegalArgumentException.class, () -> TransportParameters.builder().maxAckDelayMillis(1 << 14).build());
        assertThrows(IllegalArgumentException.class, () -> TransportParameters.builder().activeConnectionIdLimit(1).build());
        assertThrows(IllegalArgumentException.class,
                () -> TransportParameters.builder().initialMaxStreamsBidi((1L << 60) + 1).build());
        assertThrows(IllegalArgumentException.class, () -> TransportParameters.builder().initialMaxData(-1).build());
        assertThrows(IllegalArgumentException.class, () -> TransportParameters.builder().maxDatagramFrameSize(1L << 62).build());
        assertThrows(IllegalArgumentException.class, () -> new VersionInformation(Version.NEGOTIATION, List.of()));
    }

    @Test
    void aClientMayNotSendServerOnlyParameters() {
        TransportParameters withToken = TransportParameters.builder()
                .statelessResetToken(StatelessResetToken.ofHex(TOKEN)).build();
        assertThrows(IllegalArgumentException.class, () -> withToken.requireSendableBy(EndpointRole.CLIENT));
        withToken.requireSendableBy(EndpointRole.SERVER);
        TransportParameters.DEFAULTS.requireSendableBy(EndpointRole.CLIENT);
    }

    @Test
    void encodingIntoATooSmallBufferIsRefused() {
        TransportParameters p = TransportParameters.builder().initialMaxData(1).build();
        assertThrows(IllegalArgumentException.class, () -> p.encode(java.nio.ByteBuffer.allocate(2)));
    }
}
