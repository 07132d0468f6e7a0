package dev.jquic.core.packet;

import java.nio.ByteBuffer;

/**
 * A received packet whose protection has been removed in place (RFC 9001 §5): its header, full
 * packet number, key phase, and where the decrypted frames lie in the datagram buffer.
 *
 * @param header the header as parsed before decryption
 * @param packetNumber the full packet number recovered per RFC 9000 §A.3
 * @param keyPhase the Key Phase bit of a short header (RFC 9001 §6), 0 for long headers
 * @param payloadOffset absolute index of the first frame byte
 * @param payloadEnd absolute index one past the last frame byte (the AEAD tag excluded)
 */
public record OpenedPacket(PacketHeader header, long packetNumber, int keyPhase, int payloadOffset, int payloadEnd) {

    /** A view of the decrypted frames within {@code datagram} (not a copy). */
    public ByteBuffer payload(ByteBuffer datagram) {
        return datagram.slice(payloadOffset, payloadEnd - payloadOffset);
    }
}
