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
     * Chooses the payload keys of a packet once its key phase and full packet number are known
     * (RFC 9001 §6: the header protection key stays the same across key updates, the payload keys
     * do not).
     */
    public interface PayloadKeySelector {
        /** The keys that may open the packet, or {@code null} to drop it. */
        PacketProtection select(int keyPhase, long packetNumber);

        /**
         * Called when the selected keys fail to authenticate the packet (RFC 9001 §6.6 counts
         * these against the integrity limit).
         */
        default void onAuthenticationFailed() throws QuicProtocolException {
        }
    }

    /**
     * Unprotects the packet described by {@code header} within {@code datagram} with one set of
     * keys (Initial, 0-RTT, Handshake packets, or 1-RTT without key updates).
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
        return open(datagram, header, keys, (keyPhase, packetNumber) -> keys, largestReceivedPacketNumber);
    }

    /**
     * Unprotects a packet whose payload keys depend on its key phase: header protection is
     * removed with {@code headerKeys}, then {@code payloadKeys} picks the keys for the revealed
     * key phase and recovered packet number.
     *
     * @return the opened packet, or {@code null} if it must be dropped (too short to be sampled,
     *     no keys for it, or failing authentication)
     * @throws QuicProtocolException PROTOCOL_VIOLATION for non-zero reserved bits, or what the
     *     selector raises on an authentication failure
     */
    public static OpenedPacket open(ByteBuffer datagram, PacketHeader header, PacketProtection headerKeys,
            PayloadKeySelector payloadKeys, long largestReceivedPacketNumber) throws QuicProtocolException {
        long headerResult = headerKeys.removeHeaderProtection(
                datagram, header.packetStart(), header.packetNumberOffset(), header.packetEnd());
        if (headerResult == PacketProtection.FAILED) {
            return null;
        }
        int packetNumberLength = PacketProtection.packetNumberLength(headerResult);
        long packetNumber = PacketNumbers.decode(largestReceivedPacketNumber,
                PacketProtection.truncatedPacketNumber(headerResult), packetNumberLength);
        int firstByte = datagram.get(header.packetStart()) & 0xff;
        int keyPhase = header.keyPhase(firstByte);
        PacketProtection keys = payloadKeys.select(keyPhase, packetNumber);
        if (keys == null) {
            return null;
        }
        int payloadOffset = header.packetNumberOffset() + packetNumberLength;
        int payloadEnd = keys.open(datagram, header.packetStart(), payloadOffset, header.packetEnd(), packetNumber);
        if (payloadEnd == PacketProtection.FAILED) {
            payloadKeys.onAuthenticationFailed();
            return null;
        }
        // RFC 9000 §17.2, §17.3.1: non-zero reserved bits after removing both packet and header
        // protection MUST be treated as a connection error of type PROTOCOL_VIOLATION.
        if (header.reservedBits(firstByte) != 0) {
            throw new QuicProtocolException(TransportError.PROTOCOL_VIOLATION, "reserved header bits are not zero");
        }
        return new OpenedPacket(header, packetNumber, keyPhase, payloadOffset, payloadEnd);
    }
}
