package dev.jquic.core.packet;

import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.PacketType;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators and builders shared by the packet tests. */
final class PacketArbitraries {
    private PacketArbitraries() {
    }

    static Arbitrary<ConnectionId> connectionIds() {
        return bytes(0, 20).map(ConnectionId::of);
    }

    static Arbitrary<byte[]> bytes(int minSize, int maxSize) {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(minSize).ofMaxSize(maxSize);
    }

    static Arbitrary<Version> versions() {
        return Arbitraries.of(Version.V1, Version.V2);
    }

    /** Encoded sample packets of every kind, for truncation and mutation. */
    static Arbitrary<byte[]> validPackets() {
        Arbitrary<byte[]> longHeaders = Combinators.combine(
                Arbitraries.of(PacketType.INITIAL, PacketType.ZERO_RTT, PacketType.HANDSHAKE),
                versions(), connectionIds(), connectionIds(), bytes(0, 30),
                Arbitraries.integers().between(1, 4), bytes(0, 40))
                .as(PacketArbitraries::longHeaderPacket);
        Arbitrary<byte[]> shortHeaders = Combinators.combine(
                connectionIds(), Arbitraries.integers().between(1, 4), bytes(0, 40))
                .as((dcid, length, payload) -> shortHeaderPacket(dcid, length, payload));
        Arbitrary<byte[]> retries = Combinators.combine(
                versions(), connectionIds(), connectionIds(), bytes(1, 30), bytes(16, 16))
                .as((version, dcid, scid, token, tag) -> {
                    RetryPacket retry = RetryPacket.of(version, 5, dcid, scid, token, tag);
                    ByteBuffer out = ByteBuffer.allocate(retry.encodedLength());
                    retry.encode(out);
                    return out.array();
                });
        Arbitrary<byte[]> negotiations = Combinators.combine(
                bytes(0, 40), bytes(0, 40), Arbitraries.integers().list().ofMinSize(1).ofMaxSize(5))
                .as((dcid, scid, versions) -> {
                    VersionNegotiationPacket packet = VersionNegotiationPacket.of(
                            0x40, dcid, scid, versions.stream().map(Version::of).toList());
                    ByteBuffer out = ByteBuffer.allocate(packet.encodedLength());
                    packet.encode(out);
                    return out.array();
                });
        return Arbitraries.oneOf(longHeaders, shortHeaders, retries, negotiations);
    }

    /** A long-header packet whose payload follows the header and whose Length is patched. */
    static byte[] longHeaderPacket(PacketType type, Version version, ConnectionId dcid, ConnectionId scid,
            byte[] token, int packetNumberLength, byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(100 + token.length + payload.length);
        int packetNumberOffset = type == PacketType.INITIAL
                ? PacketHeaderWriter.writeInitial(out, version, dcid, scid, token, 0x01020304L, packetNumberLength)
                : PacketHeaderWriter.writeLongHeader(out, type, version, dcid, scid, 0x01020304L, packetNumberLength);
        out.put(payload);
        PacketHeaderWriter.patchLength(out, packetNumberOffset, out.position());
        byte[] bytes = new byte[out.position()];
        out.get(0, bytes);
        return bytes;
    }

    static byte[] shortHeaderPacket(ConnectionId dcid, int packetNumberLength, byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(30 + payload.length);
        PacketHeaderWriter.writeShortHeader(out, true, 1, dcid, 77, packetNumberLength);
        out.put(payload);
        byte[] bytes = new byte[out.position()];
        out.get(0, bytes);
        return bytes;
    }
}
