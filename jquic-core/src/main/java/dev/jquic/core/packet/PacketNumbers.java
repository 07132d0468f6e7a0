package dev.jquic.core.packet;

import dev.jquic.core.codec.VarInt;
import java.nio.ByteBuffer;

/**
 * Packet number encoding and decoding (RFC 9000 §17.1, Appendix A.2 and A.3). Packet numbers are
 * 0 to 2^62-1 and travel truncated to their 1 to 4 least significant bytes. Stateless.
 */
public final class PacketNumbers {
    /** The largest packet number, 2^62-1 (RFC 9000 §12.3). */
    public static final long MAX_PACKET_NUMBER = VarInt.MAX_VALUE;
    /** Stands for "no packet acknowledged / received yet" in the methods below. */
    public static final long NONE = -1;

    private PacketNumbers() {
    }

    /**
     * The number of bytes (1 to 4) to encode {@code fullPacketNumber} with (RFC 9000 §17.1,
     * Appendix A.2): enough bits to represent more than twice the number of unacknowledged
     * packet numbers, i.e. one bit more than the bit length of that count.
     *
     * @param largestAcknowledged the largest acknowledged packet number of the space, or
     *     {@link #NONE}; then the whole packet number must fit (RFC 9000 §17.1)
     * @throws IllegalArgumentException if the packet number is out of range, not above the
     *     largest acknowledged one, or too far ahead to be encoded in 4 bytes
     */
    public static int encodedLength(long fullPacketNumber, long largestAcknowledged) {
        if (fullPacketNumber < 0 || fullPacketNumber > MAX_PACKET_NUMBER) {
            throw new IllegalArgumentException("packet number out of range: " + fullPacketNumber);
        }
        if (largestAcknowledged < NONE || largestAcknowledged >= fullPacketNumber) {
            throw new IllegalArgumentException(
                    "largest acknowledged " + largestAcknowledged + " not below " + fullPacketNumber);
        }
        // RFC 9000 §17.1: without an acknowledgment the full packet number MUST be included.
        long unacknowledged = largestAcknowledged == NONE
                ? fullPacketNumber + 1
                : fullPacketNumber - largestAcknowledged;
        // RFC 9000 §17.1: the size MUST represent more than twice the unacknowledged range.
        int bits = (64 - Long.numberOfLeadingZeros(unacknowledged)) + 1;
        int bytes = (bits + 7) / 8;
        if (bytes > 4) {
            throw new IllegalArgumentException(unacknowledged + " unacknowledged packet numbers exceed 4 bytes");
        }
        return bytes;
    }

    /** The {@code length} least significant bytes of {@code fullPacketNumber}. */
    public static long truncate(long fullPacketNumber, int length) {
        return fullPacketNumber & mask(length);
    }

    /** Writes the {@code length} (1 to 4) least significant bytes of the packet number, big-endian. */
    public static void write(ByteBuffer out, long fullPacketNumber, int length) {
        checkLength(length);
        for (int shift = 8 * (length - 1); shift >= 0; shift -= 8) {
            out.put((byte) (fullPacketNumber >>> shift));
        }
    }

    /**
     * Reads a truncated packet number of {@code length} (1 to 4) bytes at absolute index
     * {@code offset}; the caller has checked the bounds (header protection removed first).
     */
    public static long read(ByteBuffer buffer, int offset, int length) {
        checkLength(length);
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = (value << 8) | (buffer.get(offset + i) & 0xff);
        }
        return value;
    }

    /**
     * Recovers a full packet number from its truncated form (RFC 9000 §17.1, Appendix A.3): the
     * value closest to the next expected packet number, kept within 0..2^62-1.
     *
     * @param largestReceived the largest packet number successfully processed in the space, or
     *     {@link #NONE}
     * @param truncatedPacketNumber the value of the Packet Number field
     * @param length the length of the Packet Number field in bytes (1 to 4)
     */
    public static long decode(long largestReceived, long truncatedPacketNumber, int length) {
        checkLength(length);
        long expected = largestReceived + 1;
        long window = 1L << (8 * length);
        long halfWindow = window / 2;
        long windowMask = window - 1;
        long candidate = (expected & ~windowMask) | (truncatedPacketNumber & windowMask);
        if (candidate <= expected - halfWindow && candidate < (1L << 62) - window) {
            return candidate + window;
        }
        if (candidate > expected + halfWindow && candidate >= window) {
            return candidate - window;
        }
        return candidate;
    }

    private static long mask(int length) {
        checkLength(length);
        return (1L << (8 * length)) - 1;
    }

    private static void checkLength(int length) {
        if (length < 1 || length > 4) {
            throw new IllegalArgumentException("packet number length must be 1 to 4 bytes: " + length);
        }
    }
}
