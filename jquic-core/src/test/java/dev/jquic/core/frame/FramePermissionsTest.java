package dev.jquic.core.frame;

import static dev.jquic.core.frame.FrameTesting.assertDecodeError;
import static dev.jquic.core.frame.FrameTesting.bytes;
import static dev.jquic.core.frame.FrameTesting.decodeOne;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.codec.WireReader;
import dev.jquic.core.types.PacketType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The full RFC 9000 §12.4 Table 3 "Pkts" column (plus RFC 9221 §4 for DATAGRAM): every frame
 * type in every frame-carrying packet type is either decoded or a PROTOCOL_VIOLATION.
 */
class FramePermissionsTest {

    /**
     * The "Pkts" column as printed in RFC 9000 §12.4 (I = Initial, H = Handshake, 0 = 0-RTT,
     * 1 = 1-RTT; "ih" for CONNECTION_CLOSE means only type 0x1c in Initial/Handshake), with a
     * minimal valid encoding of each type.
     */
    private static final String[][] TABLE = {
        {"00", "IH01", "00"},
        {"01", "IH01", "01"},
        {"02", "IH_1", "0200000000"},
        {"03", "IH_1", "0300000000000000"},
        {"04", "__01", "04000000"},
        {"05", "__01", "050000"},
        {"06", "IH_1", "060000"},
        {"07", "___1", "0701aa"},
        {"08", "__01", "0800"},
        {"09", "__01", "0900"},
        {"0a", "__01", "0a0000"},
        {"0b", "__01", "0b0000"},
        {"0c", "__01", "0c0000"},
        {"0d", "__01", "0d0000"},
        {"0e", "__01", "0e000000"},
        {"0f", "__01", "0f000000"},
        {"10", "__01", "1000"},
        {"11", "__01", "110000"},
        {"12", "__01", "1200"},
        {"13", "__01", "1300"},
        {"14", "__01", "1400"},
        {"15", "__01", "150000"},
        {"16", "__01", "1600"},
        {"17", "__01", "1700"},
        {"18", "__01", "18000001aa00000000000000000000000000000000"},
        {"19", "__01", "1900"},
        {"1a", "__01", "1a0000000000000000"},
        {"1b", "___1", "1b0000000000000000"},
        {"1c", "IH01", "1c000000"},
        {"1d", "__01", "1d0000"},
        {"1e", "___1", "1e"},
        // RFC 9221 §4: DATAGRAM only with 0-RTT or 1-RTT protection.
        {"30", "__01", "30"},
        {"31", "__01", "3100"},
    };

    private static final PacketType[] COLUMNS = {
        PacketType.INITIAL, PacketType.HANDSHAKE, PacketType.ZERO_RTT, PacketType.ONE_RTT,
    };

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (String[] row : TABLE) {
            for (int column = 0; column < COLUMNS.length; column++) {
                boolean permitted = row[1].charAt(column) != '_';
                cells.add(Arguments.of(row[0], COLUMNS[column], permitted, row[2]));
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "type 0x{0} in {1}: permitted={2}")
    @MethodSource("cells")
    void decoderEnforcesTheTable(String type, PacketType packetType, boolean permitted, String encoding)
            throws QuicProtocolException {
        long frameType = Long.parseLong(type, 16);
        assertEquals(permitted, FramePermissions.isPermitted(frameType, packetType));
        if (permitted) {
            assertEquals(frameType, Long.parseLong(encoding.substring(0, 2), 16));
            decodeOne(bytes(encoding), packetType);
        } else {
            assertDecodeError(TransportError.PROTOCOL_VIOLATION, bytes(encoding), packetType);
        }
    }

    @Test
    void tableCoversEveryKnownTypeAndOnlyThose() {
        int rows = 0;
        for (long frameType = 0; frameType < 0x40; frameType++) {
            assertEquals(FrameTypes.isKnown(frameType), FramePermissions.isPermitted(frameType, PacketType.ONE_RTT),
                    "1-RTT admits every known frame type, type 0x" + Long.toHexString(frameType));
            rows += FrameTypes.isKnown(frameType) ? 1 : 0;
        }
        assertEquals(TABLE.length, rows);
    }

    @Test
    void packetsWithoutFramesPermitNothing() {
        for (String[] row : TABLE) {
            long frameType = Long.parseLong(row[0], 16);
            assertFalse(FramePermissions.isPermitted(frameType, PacketType.RETRY));
            assertFalse(FramePermissions.isPermitted(frameType, PacketType.VERSION_NEGOTIATION));
        }
    }

    @Test
    void decodingForAPacketTypeWithoutFramesIsACallerBug() {
        assertThrows(IllegalArgumentException.class,
                () -> FrameDecoder.decode(FrameTesting.reader(bytes("01")), PacketType.RETRY));
        assertThrows(IllegalArgumentException.class,
                () -> FrameDecoder.decodeAll(ByteBuffer.wrap(bytes("01")), PacketType.VERSION_NEGOTIATION));
        assertThrows(IllegalArgumentException.class, () -> FrameDecoder.decode(
                new WireReader(ByteBuffer.wrap(bytes("01")),
                        TransportError.TRANSPORT_PARAMETER_ERROR), PacketType.ONE_RTT));
    }

    /** The permission check comes before the body is read, so a truncated frame still reports it. */
    @Test
    void forbiddenTypeIsReportedEvenWhenTheBodyIsTruncated() {
        assertDecodeError(TransportError.PROTOCOL_VIOLATION, bytes("08"), PacketType.INITIAL);
        assertDecodeError(TransportError.PROTOCOL_VIOLATION, bytes("1d"), PacketType.HANDSHAKE);
        assertDecodeError(TransportError.PROTOCOL_VIOLATION, bytes("02"), PacketType.ZERO_RTT);
    }
}
