package dev.jquic.core.packet;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.codec.WireReader;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.PacketType;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A Retry packet (RFC 9000 §17.2.5, RFC 9369 §3.2 for the v2 type bits). It carries no packet
 * protection and fills the rest of its datagram; its integrity tag (RFC 9001 §5.8) is computed
 * and checked by {@code crypto} over the Retry pseudo-packet, see {@link #writePseudoPacket}.
 *
 * <pre>
 * Retry Packet {
 *   Header Form (1) = 1,
 *   Fixed Bit (1) = 1,
 *   Long Packet Type (2) = 3 (v1) / 0 (v2),
 *   Unused (4),
 *   Version (32),
 *   Destination Connection ID Length (8),
 *   Destination Connection ID (0..160),
 *   Source Connection ID Length (8),
 *   Source Connection ID (0..160),
 *   Retry Token (..),
 *   Retry Integrity Tag (128),
 * }
 * </pre>
 *
 * @param version QUIC v1 or v2
 * @param unusedBits the 4 low bits of the first byte (0..15), arbitrary, ignored by a client
 * @param destinationConnectionId the client's Source Connection ID
 * @param sourceConnectionId the connection ID chosen by the server
 * @param token the Retry Token, at least one byte (copied in and out)
 * @param integrityTag the 16-byte Retry Integrity Tag (copied in and out)
 * @param packetStart index of the first byte in the datagram (0 for a packet built to send)
 * @param packetEnd index one past the tag
 */
public record RetryPacket(
        Version version,
        int unusedBits,
        ConnectionId destinationConnectionId,
        ConnectionId sourceConnectionId,
        byte[] token,
        byte[] integrityTag,
        int packetStart,
        int packetEnd) implements ParsedPacket {

    /** RFC 9001 §5.8: the Retry Integrity Tag is 128 bits. */
    public static final int INTEGRITY_TAG_LENGTH = 16;

    /** Validates the fields and copies the arrays; invalid fields are a bug of ours. */
    public RetryPacket {
        if (!version.isSupported()) {
            throw new IllegalArgumentException("Retry of unsupported version " + version);
        }
        if (unusedBits < 0 || unusedBits > 0x0f) {
            throw new IllegalArgumentException("unused bits must fit 4 bits: " + unusedBits);
        }
        // RFC 9000 §17.2.5.2: a client MUST discard a Retry with a zero-length token.
        if (token.length == 0) {
            throw new IllegalArgumentException("Retry token must not be empty");
        }
        if (integrityTag.length != INTEGRITY_TAG_LENGTH) {
            throw new IllegalArgumentException("Retry Integrity Tag must be 16 bytes: " + integrityTag.length);
        }
        token = token.clone();
        integrityTag = integrityTag.clone();
    }

    /** A packet to send: {@code packetStart} 0 and {@code packetEnd} its encoded length. */
    public static RetryPacket of(Version version, int unusedBits, ConnectionId destinationConnectionId,
            ConnectionId sourceConnectionId, byte[] token, byte[] integrityTag) {
        int length = lengthBeforeTag(destinationConnectionId, sourceConnectionId, token) + INTEGRITY_TAG_LENGTH;
        return new RetryPacket(version, unusedBits, destinationConnectionId, sourceConnectionId,
                token, integrityTag, 0, length);
    }

    /** The number of bytes {@link #encode} writes. */
    public int encodedLength() {
        return lengthBeforeTag(destinationConnectionId, sourceConnectionId, token) + INTEGRITY_TAG_LENGTH;
    }

    /** Writes the whole packet, tag included, at the buffer's position. */
    public void encode(ByteBuffer out) {
        writeBeforeTag(out);
        out.put(integrityTag);
    }

    /** Writes the bytes the integrity tag follows: everything of the packet but the tag. */
    public void writeBeforeTag(ByteBuffer out) {
        writeBeforeTag(out, version, unusedBits, destinationConnectionId, sourceConnectionId, token);
    }

    /**
     * Writes this packet's Retry Pseudo-Packet (RFC 9001 §5.8), over which the integrity tag is
     * computed: the original Destination Connection ID with its length, then
     * {@link #writeBeforeTag(ByteBuffer)}.
     */
    public void writePseudoPacket(ByteBuffer out, ConnectionId originalDestinationConnectionId) {
        writePseudoPacket(out, originalDestinationConnectionId,
                version, unusedBits, destinationConnectionId, sourceConnectionId, token);
    }

    /**
     * Writes the Retry Pseudo-Packet (RFC 9001 §5.8) of a Retry not built yet, so that a server
     * can compute the tag before constructing the record.
     */
    public static void writePseudoPacket(ByteBuffer out, ConnectionId originalDestinationConnectionId,
            Version version, int unusedBits, ConnectionId destinationConnectionId,
            ConnectionId sourceConnectionId, byte[] token) {
        out.put((byte) originalDestinationConnectionId.length());
        originalDestinationConnectionId.writeTo(out);
        writeBeforeTag(out, version, unusedBits, destinationConnectionId, sourceConnectionId, token);
    }

    /** The length of the pseudo-packet {@link #writePseudoPacket} writes. */
    public int pseudoPacketLength(ConnectionId originalDestinationConnectionId) {
        return 1 + originalDestinationConnectionId.length()
                + lengthBeforeTag(destinationConnectionId, sourceConnectionId, token);
    }

    /**
     * Parses a Retry packet at {@code offset} of {@code datagram} (absolute index), extending to
     * the datagram's limit.
     *
     * @throws QuicProtocolException (PROTOCOL_VIOLATION) if it is not a well-formed Retry packet
     */
    public static RetryPacket decode(ByteBuffer datagram, int offset) throws QuicProtocolException {
        ParsedPacket packet = PacketParser.parse(datagram, offset, 0);
        if (packet instanceof RetryPacket retry) {
            return retry;
        }
        throw new QuicProtocolException(TransportError.PROTOCOL_VIOLATION, "not a Retry packet");
    }

    /** Parses the rest of a Retry packet after its Source Connection ID (reader limit = datagram end). */
    static RetryPacket decodeAfterConnectionIds(WireReader reader, int packetStart, int firstByte,
            Version version, ConnectionId destination, ConnectionId source) throws QuicProtocolException {
        int tokenLength = reader.remaining() - INTEGRITY_TAG_LENGTH;
        // RFC 9000 §17.2.5.2: a client MUST discard a Retry packet with a zero-length token.
        if (tokenLength < 1) {
            throw reader.error("Retry packet without token or integrity tag");
        }
        byte[] token = reader.readBytes(tokenLength);
        byte[] tag = reader.readBytes(INTEGRITY_TAG_LENGTH);
        return new RetryPacket(version, firstByte & 0x0f, destination, source, token, tag,
                packetStart, reader.position());
    }

    private static int lengthBeforeTag(ConnectionId destination, ConnectionId source, byte[] token) {
        return 1 + 4 + 1 + destination.length() + 1 + source.length() + token.length;
    }

    private static void writeBeforeTag(ByteBuffer out, Version version, int unusedBits,
            ConnectionId destination, ConnectionId source, byte[] token) {
        if (unusedBits < 0 || unusedBits > 0x0f) {
            throw new IllegalArgumentException("unused bits must fit 4 bits: " + unusedBits);
        }
        out.put((byte) (0xc0 | version.longHeaderTypeBits(PacketType.RETRY) << 4 | unusedBits));
        out.putInt(version.value());
        out.put((byte) destination.length());
        destination.writeTo(out);
        out.put((byte) source.length());
        source.writeTo(out);
        out.put(token);
    }

    @Override
    public byte[] token() {
        return token.clone();
    }

    @Override
    public byte[] integrityTag() {
        return integrityTag.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RetryPacket that
                && version.equals(that.version)
                && unusedBits == that.unusedBits
                && destinationConnectionId.equals(that.destinationConnectionId)
                && sourceConnectionId.equals(that.sourceConnectionId)
                && Arrays.equals(token, that.token)
                && Arrays.equals(integrityTag, that.integrityTag)
                && packetStart == that.packetStart
                && packetEnd == that.packetEnd;
    }

    @Override
    public int hashCode() {
        return ((version.hashCode() * 31 + destinationConnectionId.hashCode()) * 31
                + sourceConnectionId.hashCode()) * 31 + Arrays.hashCode(token);
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "RetryPacket[" + version + ", unusedBits=0x" + Integer.toHexString(unusedBits)
                + ", dcid=" + destinationConnectionId.toHex() + ", scid=" + sourceConnectionId.toHex()
                + ", token=" + hex.formatHex(token) + ", tag=" + hex.formatHex(integrityTag) + "]";
    }
}
