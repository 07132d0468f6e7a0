package dev.jquic.core.packet;

import dev.jquic.core.codec.VarInt;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.PacketType;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;

/**
 * Writes unprotected packet headers for the sender (RFC 9000 §17.2, §17.3.1; RFC 9369 §3.2 for
 * the v2 long-header type bits) into a caller-owned buffer. Reserved bits are written as 0
 * (RFC 9000 §17.2: MUST be 0 before protection). Stateless; allocates nothing.
 *
 * <p>A long header's Length field is written in a fixed {@value #LENGTH_FIELD_BYTES} bytes right
 * before the Packet Number, so that it can be set by {@link #patchLength} once the payload (and
 * the AEAD tag) is known, as in RFC 9001 Appendix A.2 ({@code 0x449e}).
 */
public final class PacketHeaderWriter {
    /** Bytes of the Length field of the long headers written here. */
    public static final int LENGTH_FIELD_BYTES = 2;
    /** The largest Length a {@value #LENGTH_FIELD_BYTES}-byte varint holds. */
    public static final int MAX_LENGTH = (1 << 14) - 1;

    private PacketHeaderWriter() {
    }

    /**
     * Writes an Initial packet header (RFC 9000 §17.2.2) up to and including the Packet Number;
     * the Length field is 0 until {@link #patchLength} sets it.
     *
     * @param token the token (empty for none), RFC 9000 §17.2.2
     * @return the absolute index of the Packet Number field in {@code out}
     */
    public static int writeInitial(ByteBuffer out, Version version, ConnectionId destinationConnectionId,
            ConnectionId sourceConnectionId, byte[] token, long packetNumber, int packetNumberLength) {
        writeLongHeaderStart(out, PacketType.INITIAL, version, destinationConnectionId, sourceConnectionId,
                packetNumberLength);
        VarInt.write(out, token.length);
        out.put(token);
        return writeLengthAndPacketNumber(out, packetNumber, packetNumberLength);
    }

    /**
     * The number of bytes {@link #writeInitial} writes (RFC 9000 §17.2.2), for connection IDs and
     * a token of the given lengths and a packet number of {@code packetNumberLength} bytes.
     */
    public static int initialHeaderLength(int destinationLength, int sourceLength, int tokenLength,
            int packetNumberLength) {
        return 1 + 4 + 1 + destinationLength + 1 + sourceLength + VarInt.encodedLength(tokenLength) + tokenLength
                + LENGTH_FIELD_BYTES + packetNumberLength;
    }

    /**
     * Writes a 0-RTT (RFC 9000 §17.2.3) or Handshake (§17.2.4) packet header up to and including
     * the Packet Number; the Length field is 0 until {@link #patchLength} sets it.
     *
     * @return the absolute index of the Packet Number field in {@code out}
     * @throws IllegalArgumentException for any other type (Initial has its own method)
     */
    public static int writeLongHeader(ByteBuffer out, PacketType type, Version version,
            ConnectionId destinationConnectionId, ConnectionId sourceConnectionId,
            long packetNumber, int packetNumberLength) {
        if (type != PacketType.ZERO_RTT && type != PacketType.HANDSHAKE) {
            throw new IllegalArgumentException("writeLongHeader writes 0-RTT and Handshake headers, not " + type);
        }
        writeLongHeaderStart(out, type, version, destinationConnectionId, sourceConnectionId, packetNumberLength);
        return writeLengthAndPacketNumber(out, packetNumber, packetNumberLength);
    }

    /**
     * Sets the Length field of a long header written by this class: the number of bytes from
     * the Packet Number field to {@code packetEnd} (packet number, payload and AEAD tag).
     *
     * @param packetNumberOffset the index returned when the header was written
     * @param packetEnd absolute index one past the packet's last byte once protected
     */
    public static void patchLength(ByteBuffer out, int packetNumberOffset, int packetEnd) {
        int length = packetEnd - packetNumberOffset;
        if (length < 1 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("packet length " + length + " outside 1.." + MAX_LENGTH);
        }
        out.putShort(packetNumberOffset - LENGTH_FIELD_BYTES, (short) (0x4000 | length));
    }

    /**
     * Writes a 1-RTT short header (RFC 9000 §17.3.1): first byte, Destination Connection ID and
     * Packet Number.
     *
     * @param spinBit the latency spin bit value (RFC 9000 §17.4)
     * @param keyPhase the key phase bit value, 0 or 1 (RFC 9001 §6)
     * @return the absolute index of the Packet Number field in {@code out}
     */
    public static int writeShortHeader(ByteBuffer out, boolean spinBit, int keyPhase,
            ConnectionId destinationConnectionId, long packetNumber, int packetNumberLength) {
        checkPacketNumberLength(packetNumberLength);
        if (keyPhase != 0 && keyPhase != 1) {
            throw new IllegalArgumentException("key phase must be 0 or 1: " + keyPhase);
        }
        int firstByte = 0x40 | (spinBit ? 0x20 : 0) | keyPhase << 2 | (packetNumberLength - 1);
        out.put((byte) firstByte);
        destinationConnectionId.writeTo(out);
        int packetNumberOffset = out.position();
        PacketNumbers.write(out, packetNumber, packetNumberLength);
        return packetNumberOffset;
    }

    private static void writeLongHeaderStart(ByteBuffer out, PacketType type, Version version,
            ConnectionId destination, ConnectionId source, int packetNumberLength) {
        checkPacketNumberLength(packetNumberLength);
        if (!version.isSupported()) {
            throw new IllegalArgumentException("cannot write a header of unsupported version " + version);
        }
        int firstByte = 0xc0 | version.longHeaderTypeBits(type) << 4 | (packetNumberLength - 1);
        out.put((byte) firstByte);
        out.putInt(version.value());
        out.put((byte) destination.length());
        destination.writeTo(out);
        out.put((byte) source.length());
        source.writeTo(out);
    }

    private static int writeLengthAndPacketNumber(ByteBuffer out, long packetNumber, int packetNumberLength) {
        out.putShort((short) 0x4000);
        int packetNumberOffset = out.position();
        PacketNumbers.write(out, packetNumber, packetNumberLength);
        return packetNumberOffset;
    }

    private static void checkPacketNumberLength(int packetNumberLength) {
        if (packetNumberLength < 1 || packetNumberLength > 4) {
            throw new IllegalArgumentException("packet number length must be 1 to 4: " + packetNumberLength);
        }
    }
}
