package dev.jquic.core.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.PacketType;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Byte vectors of RFC 9001 Appendix A and RFC 9369 Appendix A. */
class PacketVectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final ConnectionId CLIENT_DCID = ConnectionId.ofHex("8394c8f03e515708");
    private static final ConnectionId SERVER_SCID = ConnectionId.ofHex("f067a5502a4262b5");

    /** RFC 9001 Appendix A.2: unprotected client Initial header, Length 1182, pn 2 in 4 bytes. */
    private static final String V1_CLIENT_INITIAL_HEADER = "c300000001088394c8f03e5157080000449e00000002";
    /** RFC 9369 Appendix A.2: the same header in QUIC v2. */
    private static final String V2_CLIENT_INITIAL_HEADER = "d36b3343cf088394c8f03e5157080000449e00000002";
    /** RFC 9001 Appendix A.3: unprotected server Initial header, pn 1 in 2 bytes. */
    private static final String V1_SERVER_INITIAL_HEADER = "c1000000010008f067a5502a4262b50040750001";
    /** RFC 9369 Appendix A.3. */
    private static final String V2_SERVER_INITIAL_HEADER = "d16b3343cf0008f067a5502a4262b50040750001";
    /** RFC 9001 Appendix A.4. */
    private static final String V1_RETRY = "ff000000010008f067a5502a4262b574"
            + "6f6b656e04a265ba2eff4d829058fb3f0f2496ba";
    /** RFC 9369 Appendix A.4. */
    private static final String V2_RETRY = "cf6b3343cf0008f067a5502a4262b574"
            + "6f6b656ec8646ce8bfe33952d9555436" + "65dcc7b6";
    /** RFC 9001 Appendix A.3: the protected server Initial packet. */
    private static final String V1_PROTECTED_SERVER_INITIAL = "cf000000010008f067a5502a4262b500"
            + "4075c0d95a482cd0991cd25b0aac406a5816b6394100f37a1c69797554780bb3"
            + "8cc5a99f5ede4cf73c3ec2493a1839b3dbcba3f6ea46c5b7684df3548e7ddeb9"
            + "c3bf9c73cc3f3bded74b562bfb19fb84022f8ef4cdd93795d77d06edbb7aaf2f"
            + "58891850abbdca3d20398c276456cbc42158407dd074ee";
    /** RFC 9001 Appendix A.5: the protected ChaCha20 short-header packet (empty DCID). */
    private static final String V1_PROTECTED_SHORT = "4cfe4189655e5cd55c41f69080575d7999c25a5bfb";

    @Test
    void writesTheRfc9001ClientInitialHeader() {
        assertEquals(V1_CLIENT_INITIAL_HEADER, clientInitialHeader(Version.V1));
    }

    @Test
    void writesTheRfc9369ClientInitialHeader() {
        assertEquals(V2_CLIENT_INITIAL_HEADER, clientInitialHeader(Version.V2));
    }

    @Test
    void writesTheRfc9001AndRfc9369ServerInitialHeaders() {
        assertEquals(V1_SERVER_INITIAL_HEADER, serverInitialHeader(Version.V1));
        assertEquals(V2_SERVER_INITIAL_HEADER, serverInitialHeader(Version.V2));
    }

    @Test
    void parsesTheRfc9001ClientInitialHeaderWithItsOffsets() throws QuicProtocolException {
        assertClientInitial(Version.V1, V1_CLIENT_INITIAL_HEADER);
    }

    @Test
    void parsesTheRfc9369ClientInitialHeaderWithItsOffsets() throws QuicProtocolException {
        assertClientInitial(Version.V2, V2_CLIENT_INITIAL_HEADER);
    }

    @Test
    void parsesTheProtectedRfc9001ServerInitial() throws QuicProtocolException {
        byte[] packet = HEX.parseHex(V1_PROTECTED_SERVER_INITIAL);
        PacketHeader header = (PacketHeader) PacketParser.parse(ByteBuffer.wrap(packet), 0, 8);
        assertEquals(PacketType.INITIAL, header.type());
        assertEquals(Version.V1, header.version());
        assertEquals(0xcf, header.protectedFirstByte());
        assertEquals(ConnectionId.EMPTY, header.destinationConnectionId());
        assertEquals(SERVER_SCID, header.sourceConnectionId());
        assertEquals(0x75, header.length());
        assertEquals(18, header.packetNumberOffset());
        assertEquals(packet.length, header.packetEnd());
        assertTrue(header.hasHeaderProtectionSample(16));
        // After header protection removal (RFC 9001 A.3) the first byte is 0xc1.
        assertEquals(2, header.packetNumberLength(0xc1));
        assertEquals(0, header.reservedBits(0xc1));
    }

    @Test
    void parsesTheProtectedRfc9001ShortHeaderPacket() throws QuicProtocolException {
        byte[] packet = HEX.parseHex(V1_PROTECTED_SHORT);
        PacketHeader header = (PacketHeader) PacketParser.parse(ByteBuffer.wrap(packet), 0, 0);
        assertEquals(PacketType.ONE_RTT, header.type());
        assertNull(header.version());
        assertFalse(header.isLongHeader());
        assertEquals(ConnectionId.EMPTY, header.destinationConnectionId());
        assertEquals(0, header.packetStart());
        assertEquals(1, header.packetNumberOffset());
        assertEquals(21, header.packetEnd());
        assertEquals(20, header.length());
        assertTrue(header.hasHeaderProtectionSample(16));
        assertFalse(header.hasHeaderProtectionSample(17));
        // RFC 9001 A.5: unprotected header 4200bff4: pn length 3, key phase 0.
        assertEquals(3, header.packetNumberLength(0x42));
        assertEquals(0, header.keyPhase(0x42));
    }

    /** RFC 9001 A.5: the unprotected short header is 4200bff4 for pn 654360564. */
    @Test
    void writesTheRfc9001ShortHeader() {
        ByteBuffer out = ByteBuffer.allocate(16);
        int packetNumberOffset = PacketHeaderWriter.writeShortHeader(out, false, 0, ConnectionId.EMPTY, 654360564L, 3);
        assertEquals(1, packetNumberOffset);
        assertEquals("4200bff4", HEX.formatHex(out.array(), 0, out.position()));
        assertEquals(654360564L, PacketNumbers.decode(654360563L, PacketNumbers.read(out, 1, 3), 3));
    }

    @Test
    void parsesAndReencodesTheRfc9001Retry() throws QuicProtocolException {
        assertRetry(Version.V1, V1_RETRY, "04a265ba2eff4d829058fb3f0f2496ba");
    }

    @Test
    void parsesAndReencodesTheRfc9369Retry() throws QuicProtocolException {
        assertRetry(Version.V2, V2_RETRY, "c8646ce8bfe33952d955543665dcc7b6");
    }

    /** RFC 9001 §5.8: the pseudo-packet is the ODCID with its length, then the Retry without tag. */
    @Test
    void writesTheRetryPseudoPacket() throws QuicProtocolException {
        RetryPacket retry = RetryPacket.decode(ByteBuffer.wrap(HEX.parseHex(V1_RETRY)), 0);
        ByteBuffer out = ByteBuffer.allocate(retry.pseudoPacketLength(CLIENT_DCID));
        retry.writePseudoPacket(out, CLIENT_DCID);
        assertFalse(out.hasRemaining());
        String withoutTag = V1_RETRY.substring(0, V1_RETRY.length() - 32);
        assertEquals("088394c8f03e515708" + withoutTag, HEX.formatHex(out.array()));

        ByteBuffer beforeStatic = ByteBuffer.allocate(out.capacity());
        RetryPacket.writePseudoPacket(beforeStatic, CLIENT_DCID, Version.V1, 0x0f, ConnectionId.EMPTY, SERVER_SCID,
                "token".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertArrayEquals(out.array(), beforeStatic.array());
    }

    private static void assertRetry(Version version, String hex, String tag) throws QuicProtocolException {
        byte[] bytes = HEX.parseHex(hex);
        ParsedPacket parsed = PacketParser.parse(ByteBuffer.wrap(bytes), 0, 8);
        RetryPacket retry = assertInstanceOf(RetryPacket.class, parsed);
        assertEquals(version, retry.version());
        assertEquals(0x0f, retry.unusedBits());
        assertEquals(ConnectionId.EMPTY, retry.destinationConnectionId());
        assertEquals(SERVER_SCID, retry.sourceConnectionId());
        assertEquals("746f6b656e", HEX.formatHex(retry.token()));
        assertEquals(tag, HEX.formatHex(retry.integrityTag()));
        assertEquals(0, retry.packetStart());
        assertEquals(bytes.length, retry.packetEnd());
        assertEquals(bytes.length, retry.encodedLength());

        ByteBuffer out = ByteBuffer.allocate(retry.encodedLength());
        retry.encode(out);
        assertEquals(hex, HEX.formatHex(out.array()));
        RetryPacket built = RetryPacket.of(version, 0x0f, ConnectionId.EMPTY, SERVER_SCID,
                retry.token(), retry.integrityTag());
        assertEquals(retry, built);
    }

    private static void assertClientInitial(Version version, String headerHex) throws QuicProtocolException {
        byte[] header = HEX.parseHex(headerHex);
        // The datagram carries the 1182 bytes announced by the Length field.
        ByteBuffer datagram = ByteBuffer.allocate(header.length - 4 + 1182 + 10);
        datagram.position(10).put(header);
        datagram.clear();
        PacketHeader parsed = (PacketHeader) PacketParser.parse(datagram, 10, 8);
        assertEquals(PacketType.INITIAL, parsed.type());
        assertEquals(version, parsed.version());
        assertTrue(parsed.isLongHeader());
        assertEquals(header[0] & 0xff, parsed.protectedFirstByte());
        assertEquals(CLIENT_DCID, parsed.destinationConnectionId());
        assertEquals(ConnectionId.EMPTY, parsed.sourceConnectionId());
        assertEquals(0, parsed.token().remaining());
        assertEquals(1182, parsed.length());
        assertEquals(10, parsed.packetStart());
        assertEquals(10 + 18, parsed.packetNumberOffset());
        assertEquals(18, parsed.headerLengthBeforePacketNumber());
        assertEquals(datagram.limit(), parsed.packetEnd());
        assertEquals(4, parsed.packetNumberLength(header[0]));
        assertEquals(2, PacketNumbers.read(datagram, parsed.packetNumberOffset(), 4));
        assertEquals(0, datagram.position());
    }

    private static String clientInitialHeader(Version version) {
        ByteBuffer out = ByteBuffer.allocate(1300);
        int packetNumberOffset = PacketHeaderWriter.writeInitial(
                out, version, CLIENT_DCID, ConnectionId.EMPTY, new byte[0], 2, 4);
        assertEquals(18, packetNumberOffset);
        PacketHeaderWriter.patchLength(out, packetNumberOffset, packetNumberOffset + 1182);
        return HEX.formatHex(out.array(), 0, out.position());
    }

    private static String serverInitialHeader(Version version) {
        ByteBuffer out = ByteBuffer.allocate(200);
        int packetNumberOffset = PacketHeaderWriter.writeInitial(
                out, version, ConnectionId.EMPTY, SERVER_SCID, new byte[0], 1, 2);
        PacketHeaderWriter.patchLength(out, packetNumberOffset, packetNumberOffset + 0x75);
        return HEX.formatHex(out.array(), 0, out.position());
    }
}
