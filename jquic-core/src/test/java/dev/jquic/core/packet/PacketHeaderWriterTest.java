package dev.jquic.core.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.PacketType;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacketHeaderWriterTest {
    private final ByteBuffer out = ByteBuffer.allocate(100);

    /** RFC 9000 §17.2.4 (v1 type 2) and RFC 9369 §3.2 (v2 type 3): Handshake first bytes. */
    @Test
    void writesHandshakeTypeBitsPerVersion() {
        PacketHeaderWriter.writeLongHeader(out, PacketType.HANDSHAKE, Version.V1, ConnectionId.EMPTY,
                ConnectionId.EMPTY, 0, 1);
        assertEquals((byte) 0xe0, out.get(0));
        out.clear();
        PacketHeaderWriter.writeLongHeader(out, PacketType.ZERO_RTT, Version.V2, ConnectionId.EMPTY,
                ConnectionId.EMPTY, 0, 3);
        assertEquals((byte) 0xe2, out.get(0));
    }

    /** The length a client checks a Retry token against is what writeInitial writes. */
    @Test
    void initialHeaderLengthIsWhatWriteInitialWrites() {
        ByteBuffer big = ByteBuffer.allocate(20_000);
        for (int tokenLength : new int[] {0, 1, 63, 64, 16_383, 16_384}) {
            for (int packetNumberLength = 1; packetNumberLength <= 4; packetNumberLength++) {
                big.clear();
                PacketHeaderWriter.writeInitial(big, Version.V1, ConnectionId.ofHex("0102030405060708"),
                        ConnectionId.ofHex("0a0b"), new byte[tokenLength], 7, packetNumberLength);
                assertEquals(big.position(), PacketHeaderWriter.initialHeaderLength(8, 2, tokenLength,
                        packetNumberLength), "token " + tokenLength + ", packet number " + packetNumberLength);
            }
        }
    }

    @Test
    void writesSpinAndKeyPhaseBitsOfTheShortHeader() {
        int packetNumberOffset = PacketHeaderWriter.writeShortHeader(out, true, 1, ConnectionId.ofHex("abcd"), 0x1234, 2);
        assertEquals(3, packetNumberOffset);
        assertEquals("65abcd1234", HexFormat.of().formatHex(out.array(), 0, out.position()));
    }

    @Test
    void rejectsInvalidArgumentsFromOurOwnCode() {
        ConnectionId cid = ConnectionId.EMPTY;
        assertThrows(IllegalArgumentException.class,
                () -> PacketHeaderWriter.writeLongHeader(out, PacketType.INITIAL, Version.V1, cid, cid, 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> PacketHeaderWriter.writeLongHeader(out, PacketType.HANDSHAKE, Version.of(7), cid, cid, 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> PacketHeaderWriter.writeShortHeader(out, false, 2, cid, 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> PacketHeaderWriter.writeShortHeader(out, false, 0, cid, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> PacketHeaderWriter.patchLength(out, 10, 10));
        assertThrows(IllegalArgumentException.class,
                () -> PacketHeaderWriter.patchLength(out, 10, 10 + PacketHeaderWriter.MAX_LENGTH + 1));
        assertThrows(IllegalArgumentException.class,
                () -> RetryPacket.of(Version.V1, 0, cid, cid, new byte[0], new byte[16]));
        assertThrows(IllegalArgumentException.class,
                () -> RetryPacket.of(Version.V1, 0, cid, cid, new byte[1], new byte[15]));
        assertThrows(IllegalArgumentException.class,
                () -> VersionNegotiationPacket.of(0x80, new byte[0], new byte[0], List.of(Version.V1)));
        assertThrows(IllegalArgumentException.class,
                () -> VersionNegotiationPacket.of(0, new byte[0], new byte[0], List.of()));
    }
}
