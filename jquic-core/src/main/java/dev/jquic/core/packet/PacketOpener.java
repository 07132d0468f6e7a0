package dev.jquic.core.packet;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.crypto.PacketProtection;
import java.nio.ByteBuffer;

/**
 * Removes header and packet protection from one received packet, in place (RFC 9001 §5.3,
 * §5.4), and recovers its full packet number (RFC 9000 §17.1, §A.3). Stateless.
 *
 * <p>A packet that cannot be authenticated is dropped, which is a normal outcome: {@link #open}
 * returns {@code null}. Only a packet that authenticates and still breaks a rule raises
 * {@link QuicProtocolException} (a connection error).
 */
public final class PacketOpener {

    private PacketOpener() {
    }

    /**
     * Unprotects the packet described by {@code header} within {@code datagram}.
     *
     * @param largestReceivedPacketNumber the largest packet number successfully processed in the
     *     packet's number space, or {@link PacketNumbers#NONE}
     * @return the opened packet, or {@code null} if it must be dropped: too short to be sampled
     *     (RFC 9001 §5.4.2) or failing authentication (RFC 9001 §5.3); the packet's bytes are
     *     then unspecified
     * @throws QuicProtocolException PROTOCOL_VIOLATION if the reserved bits are not zero after
     *     protection is removed
     */
    public static OpenedPacket open(ByteBuffer datagram, PacketHeader header, PacketProtection keys,
            long largestReceivedPacketNumber) throws QuicProtocolException {
        long headerResult = keys.removeHeaderProtection(
                datagram, header.packetStart(), header.packetNumberOffset(), header.packetEnd());
        if (headerResult == PacketProtection.FAILED) {
            return null;
        }
        int packetNumberLength = PacketProtection.packetNumberLength(headerResult);
        long packetNumber = PacketNumbers.decode(largestReceivedPacketNumber,
                PacketProtection.truncatedPacketNumber(headerResult), packetNumberLength);
        int payloadOffset = header.packetNumberOffset() + packetNumberLength;
        int payloadEnd = keys.open(datagram, header.packetStart(), payloadOffset, header.packetEnd(), packetNumber);
        if (payloadEnd == PacketProtection.FAILED) {
            return null;
        }
        int firstByte = datagram.get(header.packetStart()) & 0xff;
        // RFC 9000 §17.2, §17.3.1: non-zero reserved bits after removing both packet and header
        // protection MUST be treated as a connection error of type PROTOCOL_VIOLATION.
        if (header.reservedBits(firstByte) != 0) {
            throw new QuicProtocolException(TransportError.PROTOCOL_VIOLATION, "reserved header bits are not zero");
        }
        return new OpenedPacket(header, packetNumber, header.keyPhase(firstByte), payloadOffset, payloadEnd);
    }
}
