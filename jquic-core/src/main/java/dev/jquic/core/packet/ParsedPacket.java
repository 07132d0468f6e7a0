package dev.jquic.core.packet;

/**
 * One packet found in a datagram by {@link PacketParser}, before any packet protection is
 * removed. Offsets are absolute indices into the datagram buffer.
 *
 * <ul>
 *   <li>{@link PacketHeader}: an Initial, 0-RTT, Handshake (QUIC v1 or v2) or 1-RTT packet,
 *       still protected;</li>
 *   <li>{@link RetryPacket} and {@link VersionNegotiationPacket}: parsed fully, as they carry
 *       no packet protection;</li>
 *   <li>{@link UnsupportedVersionPacket}: a long header of a version jquic does not implement,
 *       of which only the RFC 8999 invariant fields are known.</li>
 * </ul>
 */
public sealed interface ParsedPacket
        permits PacketHeader, RetryPacket, VersionNegotiationPacket, UnsupportedVersionPacket {

    /** Index of the packet's first byte in the datagram buffer. */
    int packetStart();

    /** Index one past the packet's last byte in the datagram buffer. */
    int packetEnd();
}
