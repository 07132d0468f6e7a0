package dev.jquic.core.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.PacketType;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Write then parse round trips for every header kind. */
class PacketRoundTripPropertiesTest {

    @Property
    void longHeadersRoundTrip(
            @ForAll("longTypes") PacketType type,
            @ForAll("versions") Version version,
            @ForAll("connectionIds") ConnectionId dcid,
            @ForAll("connectionIds") ConnectionId scid,
            @ForAll @Size(max = 60) byte[] token,
            @ForAll @LongRange(min = 0, max = PacketNumbers.MAX_PACKET_NUMBER) long packetNumber,
            @ForAll @IntRange(min = 1, max = 4) int packetNumberLength,
            @ForAll @IntRange(min = 0, max = 300) int payloadLength,
            @ForAll @IntRange(min = 0, max = 7) int offset) throws QuicProtocolException {
        byte[] expectedToken = type == PacketType.INITIAL ? token : new byte[0];
        ByteBuffer out = ByteBuffer.allocate(offset + 100 + token.length + payloadLength + 9);
        out.position(offset);
        int packetNumberOffset = type == PacketType.INITIAL
                ? PacketHeaderWriter.writeInitial(out, version, dcid, scid, token, packetNumber, packetNumberLength)
                : PacketHeaderWriter.writeLongHeader(out, type, version, dcid, scid, packetNumber, packetNumberLength);
        int packetEnd = out.position() + payloadLength;
        PacketHeaderWriter.patchLength(out, packetNumberOffset, packetEnd);

        PacketHeader header = (PacketHeader) PacketParser.parse(out, offset, 8);
        assertEquals(type, header.type());
        assertEquals(version, header.version());
        assertEquals(dcid, header.destinationConnectionId());
        assertEquals(scid, header.sourceConnectionId());
        assertEquals(ByteBuffer.wrap(expectedToken), header.token());
        assertEquals(offset, header.packetStart());
        assertEquals(packetNumberOffset, header.packetNumberOffset());
        assertEquals(packetEnd, header.packetEnd());
        assertEquals(packetEnd - packetNumberOffset, header.length());
        int firstByte = header.protectedFirstByte();
        assertEquals(packetNumberLength, header.packetNumberLength(firstByte));
        assertEquals(0, header.reservedBits(firstByte));
        assertEquals(PacketNumbers.truncate(packetNumber, packetNumberLength),
                PacketNumbers.read(out, packetNumberOffset, packetNumberLength));
    }

    @Property
    void shortHeadersRoundTrip(
            @ForAll("connectionIds") ConnectionId dcid,
            @ForAll boolean spinBit,
            @ForAll @IntRange(min = 0, max = 1) int keyPhase,
            @ForAll @LongRange(min = 0, max = PacketNumbers.MAX_PACKET_NUMBER) long packetNumber,
            @ForAll @IntRange(min = 1, max = 4) int packetNumberLength,
            @ForAll @IntRange(min = 0, max = 300) int payloadLength,
            @ForAll @IntRange(min = 0, max = 7) int offset) throws QuicProtocolException {
        ByteBuffer out = ByteBuffer.allocate(offset + 30 + payloadLength);
        out.position(offset);
        int packetNumberOffset = PacketHeaderWriter.writeShortHeader(
                out, spinBit, keyPhase, dcid, packetNumber, packetNumberLength);
        int packetEnd = out.position() + payloadLength;
        out.limit(packetEnd);

        PacketHeader header = (PacketHeader) PacketParser.parse(out, offset, dcid.length());
        assertEquals(PacketType.ONE_RTT, header.type());
        assertNull(header.version());
        assertNull(header.sourceConnectionId());
        assertEquals(dcid, header.destinationConnectionId());
        assertEquals(spinBit, header.spinBit());
        assertEquals(keyPhase, header.keyPhase(header.protectedFirstByte()));
        assertEquals(0, header.reservedBits(header.protectedFirstByte()));
        assertEquals(packetNumberLength, header.packetNumberLength(header.protectedFirstByte()));
        assertEquals(offset, header.packetStart());
        assertEquals(packetNumberOffset, header.packetNumberOffset());
        assertEquals(offset + 1 + dcid.length(), packetNumberOffset);
        assertEquals(packetEnd, header.packetEnd());
        assertEquals(PacketNumbers.truncate(packetNumber, packetNumberLength),
                PacketNumbers.read(out, packetNumberOffset, packetNumberLength));
    }

    @Property
    void retryPacketsRoundTrip(
            @ForAll("versions") Version version,
            @ForAll @IntRange(min = 0, max = 15) int unusedBits,
            @ForAll("connectionIds") ConnectionId dcid,
            @ForAll("connectionIds") ConnectionId scid,
            @ForAll @Size(min = 1, max = 100) byte[] token,
            @ForAll @Size(value = 16) byte[] tag) throws QuicProtocolException {
        RetryPacket retry = RetryPacket.of(version, unusedBits, dcid, scid, token, tag);
        ByteBuffer out = ByteBuffer.allocate(retry.encodedLength());
        retry.encode(out);
        RetryPacket parsed = assertInstanceOf(RetryPacket.class, PacketParser.parse(out, 0, 0));
        assertEquals(retry, parsed);
        assertArrayEquals(token, parsed.token());

        ByteBuffer beforeTag = ByteBuffer.allocate(retry.encodedLength() - 16);
        retry.writeBeforeTag(beforeTag);
        assertArrayEquals(java.util.Arrays.copyOf(out.array(), beforeTag.capacity()), beforeTag.array());
    }

    @Property
    void versionNegotiationPacketsRoundTrip(
            @ForAll @IntRange(min = 0, max = 127) int unusedBits,
            @ForAll @Size(max = 255) byte[] dcid,
            @ForAll @Size(max = 255) byte[] scid,
            @ForAll @Size(min = 1, max = 20) List<Integer> versions) throws QuicProtocolException {
        List<Version> supported = versions.stream().map(Version::of).toList();
        VersionNegotiationPacket packet = VersionNegotiationPacket.of(unusedBits, dcid, scid, supported);
        ByteBuffer out = ByteBuffer.allocate(packet.encodedLength());
        packet.encode(out);
        assertEquals(packet.packetEnd(), out.position());
        VersionNegotiationPacket parsed = VersionNegotiationPacket.decode(out, 0);
        assertEquals(packet, parsed);
        assertArrayEquals(dcid, parsed.destinationConnectionId());
        assertEquals(supported, parsed.supportedVersions());
    }

    /** RFC 8999 §5.1, §6: an unknown version yields its invariant fields, enough to answer. */
    @Property
    void unsupportedVersionsExposeInvariantsForVersionNegotiation(
            @ForAll int versionValue,
            @ForAll @IntRange(min = 0x80, max = 0xff) int firstByte,
            @ForAll @Size(max = 255) byte[] dcid,
            @ForAll @Size(max = 255) byte[] scid,
            @ForAll @Size(max = 50) byte[] rest,
            @ForAll @IntRange(min = 0, max = 127) int randomBits) throws QuicProtocolException {
        Version version = Version.of(versionValue);
        net.jqwik.api.Assume.that(!version.isSupported() && versionValue != 0);
        ByteBuffer datagram = ByteBuffer.allocate(1 + 4 + 2 + dcid.length + scid.length + rest.length);
        datagram.put((byte) firstByte).putInt(versionValue)
                .put((byte) dcid.length).put(dcid).put((byte) scid.length).put(scid).put(rest);
        UnsupportedVersionPacket packet = assertInstanceOf(UnsupportedVersionPacket.class,
                PacketParser.parse(datagram, 0, 8));
        assertEquals(version, packet.version());
        assertEquals(firstByte, packet.firstByte());
        assertEquals(ByteBuffer.wrap(dcid), packet.destinationConnectionId());
        assertEquals(ByteBuffer.wrap(scid), packet.sourceConnectionId());
        assertEquals(datagram.limit(), packet.packetEnd());
        assertEquals(datagram.limit(), packet.packetLength());

        VersionNegotiationPacket answer = VersionNegotiationPacket.inResponseTo(
                packet, randomBits, List.of(Version.V1, Version.V2));
        // RFC 9000 §17.2.1: the connection IDs are echoed, swapped.
        assertArrayEquals(scid, answer.destinationConnectionId());
        assertArrayEquals(dcid, answer.sourceConnectionId());
        assertEquals(0x40, answer.unusedBits() & 0x40);
        ByteBuffer out = ByteBuffer.allocate(answer.encodedLength());
        answer.encode(out);
        assertEquals(answer, VersionNegotiationPacket.decode(out, 0));
    }

    @Provide
    Arbitrary<PacketType> longTypes() {
        return Arbitraries.of(PacketType.INITIAL, PacketType.ZERO_RTT, PacketType.HANDSHAKE);
    }

    @Provide
    Arbitrary<Version> versions() {
        return PacketArbitraries.versions();
    }

    @Provide
    Arbitrary<ConnectionId> connectionIds() {
        return PacketArbitraries.connectionIds();
    }
}
