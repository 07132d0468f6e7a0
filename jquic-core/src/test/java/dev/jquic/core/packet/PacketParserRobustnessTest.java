package dev.jquic.core.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.PacketType;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Untrusted bytes raise only QuicProtocolException, and the RFC's drop rules are applied. */
class PacketParserRobustnessTest {
    private static final HexFormat HEX = HexFormat.of();

    @Property
    void randomBytesRaiseOnlyQuicProtocolException(
            @ForAll @Size(max = 300) byte[] bytes,
            @ForAll @IntRange(min = 0, max = 20) int connectionIdLength,
            @ForAll @IntRange(min = -2, max = 10) int offset) {
        parseOrReject(ByteBuffer.wrap(bytes), offset, connectionIdLength);
    }

    /** Random bytes behind a plausible long-header start reach the deeper parsing paths. */
    @Property
    void randomBytesAfterASupportedVersionRaiseOnlyQuicProtocolException(
            @ForAll @IntRange(min = 0, max = 255) int firstByte,
            @ForAll("versionValues") int version,
            @ForAll @Size(max = 100) byte[] rest,
            @ForAll @IntRange(min = 0, max = 20) int connectionIdLength) {
        ByteBuffer datagram = ByteBuffer.allocate(5 + rest.length);
        datagram.put((byte) firstByte).putInt(version).put(rest).flip();
        parseOrReject(datagram, 0, connectionIdLength);
    }

    /** Every prefix of a valid packet either parses within its bounds or is rejected. */
    @Property
    void truncationAtEveryPositionRaisesOnlyQuicProtocolException(
            @ForAll("validPackets") byte[] packet, @ForAll @IntRange(min = 0, max = 20) int connectionIdLength) {
        for (int length = 0; length <= packet.length; length++) {
            parseOrReject(ByteBuffer.wrap(packet, 0, length).slice(), 0, connectionIdLength);
        }
    }

    /** Changing any byte of a valid packet never raises anything else. */
    @Property
    void corruptionOfAnyByteRaisesOnlyQuicProtocolException(
            @ForAll("validPackets") byte[] packet, @ForAll int position, @ForAll byte value,
            @ForAll @IntRange(min = 0, max = 20) int connectionIdLength) {
        byte[] corrupted = packet.clone();
        if (corrupted.length > 0) {
            corrupted[Math.floorMod(position, corrupted.length)] = value;
        }
        parseOrReject(ByteBuffer.wrap(corrupted), 0, connectionIdLength);
    }

    @Property
    void splitterOnRandomBytesRaisesOnlyQuicProtocolException(
            @ForAll @Size(max = 300) byte[] bytes, @ForAll @IntRange(min = 0, max = 20) int connectionIdLength) {
        CoalescedPacketSplitter splitter = new CoalescedPacketSplitter();
        splitter.reset(ByteBuffer.wrap(bytes), connectionIdLength);
        int previousStart = -1;
        while (splitter.hasNext()) {
            assertTrue(splitter.nextPacketStart() > previousStart, "the splitter makes progress");
            previousStart = splitter.nextPacketStart();
            try {
                ParsedPacket packet = splitter.next();
                assertTrue(packet.packetEnd() <= bytes.length);
            } catch (QuicProtocolException expected) {
                assertFalse(splitter.hasNext(), "an error ends the iteration");
            }
        }
    }

    /** RFC 9000 §17.2: a long header with a zero fixed bit is dropped. */
    @Test
    void dropsLongHeaderWithZeroFixedBit() {
        byte[] packet = validInitial();
        packet[0] &= ~0x40;
        assertRejected(packet, 8);
    }

    /** RFC 9000 §17.3.1: a short header with a zero fixed bit is dropped. */
    @Test
    void dropsShortHeaderWithZeroFixedBit() {
        assertRejected(HEX.parseHex("0cfe4189655e5cd55c41f69080575d7999c25a5bfb"), 0);
    }

    /** RFC 9000 §17.2: a v1 or v2 connection ID longer than 20 bytes is dropped. */
    @Test
    void dropsConnectionIdsLongerThan20Bytes() {
        for (Version version : new Version[] {Version.V1, Version.V2}) {
            ByteBuffer datagram = ByteBuffer.allocate(100);
            datagram.put((byte) (0xc0 | version.longHeaderTypeBits(PacketType.HANDSHAKE) << 4))
                    .putInt(version.value()).put((byte) 21).put(new byte[21]).put((byte) 0).put((byte) 1)
                    .put((byte) 0).flip();
            assertRejected(datagram);
            datagram.put(5, (byte) 0).put(6, (byte) 21).limit(100);
            assertRejected(datagram);
        }
    }

    /** RFC 9000 §17.2: a Length beyond the datagram is an error. */
    @Test
    void rejectsLengthBeyondTheDatagram() {
        byte[] packet = validInitial();
        assertRejected(java.util.Arrays.copyOf(packet, packet.length - 1), 8);
    }

    /** RFC 9000 §17.2.1: an empty version list or one not a multiple of 4 bytes is an error. */
    @Test
    void rejectsMalformedVersionNegotiationLists() {
        assertRejected(HEX.parseHex("c00000000001aa01bb"), 0);
        assertRejected(HEX.parseHex("c00000000001aa01bb000000"), 0);
        assertRejected(HEX.parseHex("c00000000001aa01bb0000000100"), 0);
        assertThrows(QuicProtocolException.class,
                () -> VersionNegotiationPacket.decode(ByteBuffer.wrap(validInitial()), 0));
    }

    /** RFC 9000 §17.2.5.2: a Retry with an empty token is discarded. */
    @Test
    void rejectsRetryWithoutToken() {
        // RFC 9001 A.4 Retry with its 5-byte token removed.
        assertRejected(HEX.parseHex("ff000000010008f067a5502a4262b504a265ba2eff4d829058fb3f0f2496ba"), 0);
        assertThrows(QuicProtocolException.class, () -> RetryPacket.decode(ByteBuffer.wrap(validInitial()), 0));
    }

    @Test
    void rejectsOffsetsOutsideTheDatagram() {
        assertThrows(QuicProtocolException.class, () -> PacketParser.parse(ByteBuffer.allocate(3), 3, 0));
        assertThrows(QuicProtocolException.class, () -> PacketParser.parse(ByteBuffer.allocate(3), -1, 0));
    }

    @Provide
    Arbitrary<byte[]> validPackets() {
        return PacketArbitraries.validPackets();
    }

    @Provide
    Arbitrary<Integer> versionValues() {
        return net.jqwik.api.Arbitraries.of(Version.V1.value(), Version.V2.value(), 0, 0x1a2a3a4a);
    }

    private static byte[] validInitial() {
        return PacketArbitraries.longHeaderPacket(PacketType.INITIAL, Version.V1, ConnectionId.ofHex("0102030405060708"),
                ConnectionId.ofHex("0a0b"), new byte[] {1, 2, 3}, 2, new byte[30]);
    }

    private static void assertRejected(byte[] packet, int connectionIdLength) {
        QuicProtocolException error = assertThrows(QuicProtocolException.class,
                () -> PacketParser.parse(ByteBuffer.wrap(packet), 0, connectionIdLength));
        assertEquals(TransportError.PROTOCOL_VIOLATION.code(), error.errorCode());
    }

    private static void assertRejected(ByteBuffer datagram) {
        assertThrows(QuicProtocolException.class, () -> PacketParser.parse(datagram, 0, 8));
    }

    /** Parses; a result must lie within the datagram, and any failure must be the checked one. */
    private static void parseOrReject(ByteBuffer datagram, int offset, int connectionIdLength) {
        int position = datagram.position();
        int limit = datagram.limit();
        try {
            ParsedPacket packet = PacketParser.parse(datagram, offset, connectionIdLength);
            assertEquals(offset, packet.packetStart());
            assertTrue(packet.packetEnd() <= limit && packet.packetEnd() > offset);
            if (packet instanceof PacketHeader header) {
                assertTrue(header.packetNumberOffset() <= header.packetEnd());
                assertTrue(header.packetNumberOffset() > offset);
            }
        } catch (QuicProtocolException expected) {
            assertEquals(TransportError.PROTOCOL_VIOLATION.code(), expected.errorCode());
        }
        assertEquals(position, datagram.position());
        assertEquals(limit, datagram.limit());
    }
}
