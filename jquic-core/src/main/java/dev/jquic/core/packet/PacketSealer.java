package dev.jquic.core.packet;

import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.crypto.PacketProtection;
import java.nio.ByteBuffer;

/**
 * Finishes an outgoing packet in place: pads it so that header protection can be sampled, sets
 * the Length of a long header, then applies packet and header protection (RFC 9001 §5.3, §5.4).
 *
 * <p>Usage: write the header with {@link PacketHeaderWriter} (which returns the packet number
 * offset), write the frames after it, then call {@link #seal}. Stateless.
 */
public final class PacketSealer {
    private static final int LONG_HEADER_FORM = 0x80;
    private static final int MIN_PACKET_NUMBER_AND_PAYLOAD = 4;

    private PacketSealer() {
    }

    /**
     * Seals the packet that starts at {@code packetStart} of {@code out} and whose plaintext
     * payload ends at {@code out.position()}. On return the position is the end of the protected
     * packet (payload plus the 16-byte AEAD tag).
     *
     * @param packetNumberOffset the value returned by the {@link PacketHeaderWriter} method that
     *     wrote the header; the first byte's low two bits give the packet number length
     * @param packetNumber the full packet number written in the header
     * @return the end of the protected packet
     * @throws IllegalArgumentException if {@code out} has no room for padding and tag, or a long
     *     header's Length would not fit its field
     */
    public static int seal(ByteBuffer out, int packetStart, int packetNumberOffset, long packetNumber,
            PacketProtection keys) {
        int packetNumberLength = (out.get(packetStart) & 0x03) + 1;
        int payloadEnd = out.position();
        // RFC 9001 §5.4.2: packet number and payload together must be at least 4 bytes so the
        // 16-byte sample, taken 4 bytes after the packet number starts, lies within the packet.
        // PADDING frames (0x00) make up the difference.
        int padding = packetNumberOffset + MIN_PACKET_NUMBER_AND_PAYLOAD - payloadEnd;
        if (padding > 0) {
            if (out.remaining() < padding) {
                throw new IllegalArgumentException("no room for " + padding + " bytes of PADDING");
            }
            for (int i = 0; i < padding; i++) {
                out.put((byte) 0);
            }
            payloadEnd += padding;
        }
        if (out.limit() - payloadEnd < CipherSuite.TAG_LENGTH) {
            throw new IllegalArgumentException("no room for the AEAD tag");
        }
        if ((out.get(packetStart) & LONG_HEADER_FORM) != 0) {
            // RFC 9000 §17.2: Length covers the Packet Number, the payload and the AEAD tag.
            PacketHeaderWriter.patchLength(out, packetNumberOffset, payloadEnd + CipherSuite.TAG_LENGTH);
        }
        int packetEnd = keys.protect(out, packetStart, packetNumberOffset, packetNumberLength, payloadEnd, packetNumber);
        out.position(packetEnd);
        return packetEnd;
    }
}
