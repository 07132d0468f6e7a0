package dev.jquic.core.packet;

import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;

/**
 * A long-header packet of a version jquic does not implement. Only the version-independent
 * fields of RFC 8999 §5.1 are known; they are enough to answer with a Version Negotiation
 * packet (RFC 8999 §6, RFC 9000 §6.1), see {@link VersionNegotiationPacket#inResponseTo}.
 * Connection IDs may be up to 255 bytes here (RFC 9000 §17.2: servers SHOULD be able to read
 * longer connection IDs of other versions).
 *
 * @param version the unsupported version
 * @param firstByte the first byte as received (0..255); only its 0x80 bit is defined
 * @param destinationConnectionId a read-only view of the datagram (not a copy), 0..255 bytes
 * @param sourceConnectionId a read-only view of the datagram (not a copy), 0..255 bytes
 * @param packetStart index of the first byte
 * @param packetEnd the end of the datagram, as the packet's length is not known
 */
public record UnsupportedVersionPacket(
        Version version,
        int firstByte,
        ByteBuffer destinationConnectionId,
        ByteBuffer sourceConnectionId,
        int packetStart,
        int packetEnd) implements ParsedPacket {

    /** The number of bytes of the packet, which extends to the end of the datagram. */
    public int packetLength() {
        return packetEnd - packetStart;
    }
}
