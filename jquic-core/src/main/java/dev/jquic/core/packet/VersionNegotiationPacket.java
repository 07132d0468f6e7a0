package dev.jquic.core.packet;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.codec.WireReader;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A Version Negotiation packet (RFC 9000 §17.2.1, RFC 8999 §6). It has no packet protection and
 * fills the rest of its datagram.
 *
 * <pre>
 * Version Negotiation Packet {
 *   Header Form (1) = 1,
 *   Unused (7),
 *   Version (32) = 0,
 *   Destination Connection ID Length (8),
 *   Destination Connection ID (0..2040),
 *   Source Connection ID Length (8),
 *   Source Connection ID (0..2040),
 *   Supported Version (32) ...,
 * }
 * </pre>
 *
 * <p>Connection IDs are held as byte arrays because they may belong to another version and be
 * up to 255 bytes long; the record copies them in and out.
 *
 * @param unusedBits the 7 low bits of the first byte (0..127); a server sets them arbitrarily
 *     (RFC 9000 §17.2.1: SHOULD set 0x40), a client ignores them
 * @param destinationConnectionId 0..255 bytes
 * @param sourceConnectionId 0..255 bytes
 * @param supportedVersions at least one version
 * @param packetStart index of the first byte in the datagram (0 for a packet built to send)
 * @param packetEnd index one past the last byte (the end of the datagram)
 */
public record VersionNegotiationPacket(
        int unusedBits,
        byte[] destinationConnectionId,
        byte[] sourceConnectionId,
        List<Version> supportedVersions,
        int packetStart,
        int packetEnd) implements ParsedPacket {

    /** The maximum connection ID length any version can express (an 8-bit length). */
    public static final int MAX_CONNECTION_ID_LENGTH = 255;

    /** Validates the fields and copies the arrays; invalid fields are a bug of ours. */
    public VersionNegotiationPacket {
        if (unusedBits < 0 || unusedBits > 0x7f) {
            throw new IllegalArgumentException("unused bits must fit 7 bits: " + unusedBits);
        }
        if (destinationConnectionId.length > MAX_CONNECTION_ID_LENGTH
                || sourceConnectionId.length > MAX_CONNECTION_ID_LENGTH) {
            throw new IllegalArgumentException("connection ID longer than 255 bytes");
        }
        if (supportedVersions.isEmpty()) {
            throw new IllegalArgumentException("a Version Negotiation packet lists at least one version");
        }
        destinationConnectionId = destinationConnectionId.clone();
        sourceConnectionId = sourceConnectionId.clone();
        supportedVersions = List.copyOf(supportedVersions);
    }

    /**
     * A packet to send: {@code packetStart} 0 and {@code packetEnd} its encoded length.
     *
     * @param unusedBits caller-supplied (typically random) 7 bits; jquic generates no randomness
     */
    public static VersionNegotiationPacket of(
            int unusedBits, byte[] destinationConnectionId, byte[] sourceConnectionId, List<Version> supportedVersions) {
        int length = 1 + 4 + 1 + destinationConnectionId.length + 1 + sourceConnectionId.length
                + 4 * supportedVersions.size();
        return new VersionNegotiationPacket(
                unusedBits, destinationConnectionId, sourceConnectionId, supportedVersions, 0, length);
    }

    /**
     * The answer to a packet of an unsupported version. RFC 9000 §17.2.1: the Destination
     * Connection ID MUST echo the received Source Connection ID and the Source Connection ID
     * MUST echo the received Destination Connection ID. The 0x40 bit is set as the RFC
     * recommends; the other unused bits come from {@code randomBits}.
     */
    public static VersionNegotiationPacket inResponseTo(
            UnsupportedVersionPacket received, int randomBits, List<Version> supportedVersions) {
        return of(0x40 | (randomBits & 0x3f),
                toArray(received.sourceConnectionId()),
                toArray(received.destinationConnectionId()),
                supportedVersions);
    }

    /** The number of bytes {@link #encode} writes. */
    public int encodedLength() {
        return 1 + 4 + 1 + destinationConnectionId.length + 1 + sourceConnectionId.length
                + 4 * supportedVersions.size();
    }

    /** Writes the packet at the buffer's position. */
    public void encode(ByteBuffer out) {
        out.put((byte) (0x80 | unusedBits));
        // RFC 9000 §17.2.1: the Version field MUST be set to 0x00000000.
        out.putInt(0);
        out.put((byte) destinationConnectionId.length);
        out.put(destinationConnectionId);
        out.put((byte) sourceConnectionId.length);
        out.put(sourceConnectionId);
        for (Version version : supportedVersions) {
            out.putInt(version.value());
        }
    }

    /**
     * Parses the rest of a Version Negotiation packet after its Version field, from a reader
     * whose limit is the end of the datagram. {@code firstByte} was already read.
     */
    static VersionNegotiationPacket decodeAfterVersion(WireReader reader, int packetStart, int firstByte)
            throws QuicProtocolException {
        byte[] destination = reader.readBytes(reader.readUint8());
        byte[] source = reader.readBytes(reader.readUint8());
        int remaining = reader.remaining();
        // RFC 8999 §6 / RFC 9000 §17.2.1: the rest is a list of 32-bit versions.
        if (remaining == 0 || remaining % 4 != 0) {
            throw reader.error("Version Negotiation version list of " + remaining + " bytes");
        }
        List<Version> versions = new ArrayList<>(remaining / 4);
        while (reader.hasRemaining()) {
            versions.add(Version.of((int) reader.readUint32()));
        }
        return new VersionNegotiationPacket(
                firstByte & 0x7f, destination, source, versions, packetStart, reader.position());
    }

    /**
     * Parses a Version Negotiation packet at {@code offset} of {@code datagram} (absolute index),
     * extending to the datagram's limit.
     *
     * @throws QuicProtocolException (PROTOCOL_VIOLATION) if it is not a well-formed Version
     *     Negotiation packet
     */
    public static VersionNegotiationPacket decode(ByteBuffer datagram, int offset) throws QuicProtocolException {
        ParsedPacket packet = PacketParser.parse(datagram, offset, 0);
        if (packet instanceof VersionNegotiationPacket negotiation) {
            return negotiation;
        }
        throw new QuicProtocolException(TransportError.PROTOCOL_VIOLATION, "not a Version Negotiation packet");
    }

    @Override
    public byte[] destinationConnectionId() {
        return destinationConnectionId.clone();
    }

    @Override
    public byte[] sourceConnectionId() {
        return sourceConnectionId.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VersionNegotiationPacket that
                && unusedBits == that.unusedBits
                && Arrays.equals(destinationConnectionId, that.destinationConnectionId)
                && Arrays.equals(sourceConnectionId, that.sourceConnectionId)
                && supportedVersions.equals(that.supportedVersions)
                && packetStart == that.packetStart
                && packetEnd == that.packetEnd;
    }

    @Override
    public int hashCode() {
        return (31 * Arrays.hashCode(destinationConnectionId) + Arrays.hashCode(sourceConnectionId)) * 31
                + supportedVersions.hashCode();
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "VersionNegotiationPacket[unusedBits=0x" + Integer.toHexString(unusedBits)
                + ", dcid=" + hex.formatHex(destinationConnectionId)
                + ", scid=" + hex.formatHex(sourceConnectionId)
                + ", versions=" + supportedVersions + "]";
    }

    private static byte[] toArray(ByteBuffer view) {
        byte[] bytes = new byte[view.remaining()];
        view.get(view.position(), bytes);
        return bytes;
    }
}
