package dev.jquic.core.packet;

import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.PacketType;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;

/**
 * The header of a protected packet as read before header protection is removed (RFC 9000
 * §17.2, §17.3): an Initial, 0-RTT or Handshake packet of QUIC v1/v2 (long header) or a 1-RTT
 * packet (short header). Offsets are absolute indices into the datagram buffer, which is what a
 * packet protector needs (RFC 9001 §5.4.2: the sample starts at {@code packetNumberOffset + 4}).
 *
 * <p>The packet number length, reserved bits and key phase are protected, so they are read from
 * the first byte only after header protection has been removed; see
 * {@link #packetNumberLength(int)}, {@link #reservedBits(int)} and {@link #keyPhase(int)}.
 *
 * @param type INITIAL, ZERO_RTT, HANDSHAKE or ONE_RTT
 * @param version the long header's version; {@code null} for a short header, which carries none
 * @param protectedFirstByte the first byte as received (0..255), still under header protection
 * @param destinationConnectionId the Destination Connection ID
 * @param sourceConnectionId the Source Connection ID; {@code null} for a short header
 * @param token the Initial packet's Token field, a read-only view of the datagram (not a copy);
 *     empty for other types
 * @param length the Length field (packet number plus payload bytes); for a short header, the
 *     same quantity up to the end of the datagram
 * @param packetStart index of the first byte
 * @param packetNumberOffset index of the (protected) Packet Number field
 * @param packetEnd {@code packetNumberOffset + length}
 */
public record PacketHeader(
        PacketType type,
        Version version,
        int protectedFirstByte,
        ConnectionId destinationConnectionId,
        ConnectionId sourceConnectionId,
        ByteBuffer token,
        int length,
        int packetStart,
        int packetNumberOffset,
        int packetEnd) implements ParsedPacket {

    static final ByteBuffer NO_TOKEN = ByteBuffer.allocate(0).asReadOnlyBuffer();

    /** Whether the header has the long form (RFC 9000 §17.2). */
    public boolean isLongHeader() {
        return type.hasLongHeader();
    }

    /** The latency spin bit of a short header (RFC 9000 §17.4); it is not header-protected. */
    public boolean spinBit() {
        return !isLongHeader() && (protectedFirstByte & 0x20) != 0;
    }

    /** RFC 9000 §17.2, §17.3.1: the Packet Number field length, 1 to 4 bytes. */
    public int packetNumberLength(int unprotectedFirstByte) {
        return (unprotectedFirstByte & 0x03) + 1;
    }

    /**
     * The reserved bits (0x0c of a long header, 0x18 of a short header) of the first byte after
     * header protection is removed. RFC 9000 §17.2, §17.3.1: non-zero after removing both packet
     * and header protection is a PROTOCOL_VIOLATION.
     */
    public int reservedBits(int unprotectedFirstByte) {
        return unprotectedFirstByte & (isLongHeader() ? 0x0c : 0x18);
    }

    /** RFC 9000 §17.3.1: the Key Phase bit (0x04) of a short header after header protection removal. */
    public int keyPhase(int unprotectedFirstByte) {
        return isLongHeader() ? 0 : (unprotectedFirstByte & 0x04) >>> 2;
    }

    /**
     * Whether the packet is long enough for a header protection sample of {@code sampleLength}
     * bytes (RFC 9001 §5.4.2: the sample starts 4 bytes after the start of the Packet Number
     * field). The parser does not check this; a packet failing it must be dropped.
     */
    public boolean hasHeaderProtectionSample(int sampleLength) {
        return packetNumberOffset + 4 + sampleLength <= packetEnd;
    }

    /** Number of bytes from the first byte to the Packet Number field. */
    public int headerLengthBeforePacketNumber() {
        return packetNumberOffset - packetStart;
    }
}
