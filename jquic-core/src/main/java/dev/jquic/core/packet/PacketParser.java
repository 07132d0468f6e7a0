package dev.jquic.core.packet;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.codec.WireReader;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.PacketType;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;

/**
 * Reads the header of one packet of a received datagram before any protection is removed
 * (RFC 9000 §17.2, §17.3, RFC 8999 §5). Every malformed input raises
 * {@link QuicProtocolException} with PROTOCOL_VIOLATION, upon which the caller drops the packet
 * (and, for a coalesced datagram, the rest of the datagram). Stateless.
 */
public final class PacketParser {
    private static final int HEADER_FORM_LONG = 0x80;
    private static final int FIXED_BIT = 0x40;

    private PacketParser() {
    }

    /**
     * Parses the packet starting at absolute index {@code offset} of {@code datagram}; the
     * datagram ends at the buffer's limit. The buffer's position and limit are not changed.
     *
     * @param shortHeaderConnectionIdLength the length of the connection IDs this endpoint issued,
     *     which short headers carry without a length (RFC 9000 §17.3.1); 0..20
     * @return a {@link PacketHeader}, {@link RetryPacket}, {@link VersionNegotiationPacket} or
     *     {@link UnsupportedVersionPacket}
     * @throws QuicProtocolException if the packet is malformed and must be dropped
     */
    public static ParsedPacket parse(ByteBuffer datagram, int offset, int shortHeaderConnectionIdLength)
            throws QuicProtocolException {
        if (offset < 0 || offset >= datagram.limit()) {
            throw new QuicProtocolException(TransportError.PROTOCOL_VIOLATION,
                    "no packet at offset " + offset + " of a " + datagram.limit() + "-byte datagram");
        }
        ByteBuffer view = datagram.duplicate();
        view.position(offset);
        return parse(new WireReader(view, TransportError.PROTOCOL_VIOLATION), shortHeaderConnectionIdLength);
    }

    /**
     * Parses the packet at the reader's position; the reader's buffer limit is the end of the
     * datagram. Leaves the position somewhere inside the packet.
     */
    static ParsedPacket parse(WireReader reader, int shortHeaderConnectionIdLength) throws QuicProtocolException {
        if (shortHeaderConnectionIdLength < 0 || shortHeaderConnectionIdLength > ConnectionId.MAX_LENGTH) {
            throw new IllegalArgumentException("short header connection ID length " + shortHeaderConnectionIdLength);
        }
        int packetStart = reader.position();
        int firstByte = reader.readUint8();
        if ((firstByte & HEADER_FORM_LONG) == 0) {
            return parseShortHeader(reader, packetStart, firstByte, shortHeaderConnectionIdLength);
        }
        Version version = Version.of((int) reader.readUint32());
        if (version.equals(Version.NEGOTIATION)) {
            return VersionNegotiationPacket.decodeAfterVersion(reader, packetStart, firstByte);
        }
        if (!version.isSupported()) {
            // RFC 8999 §5.1: only the invariant fields are known; connection IDs up to 255 bytes.
            ByteBuffer destination = reader.readSlice(reader.readUint8()).asReadOnlyBuffer();
            ByteBuffer source = reader.readSlice(reader.readUint8()).asReadOnlyBuffer();
            return new UnsupportedVersionPacket(
                    version, firstByte, destination, source, packetStart, reader.buffer().limit());
        }
        // RFC 9000 §17.2: packets with a zero Fixed Bit are not valid and MUST be discarded.
        if ((firstByte & FIXED_BIT) == 0) {
            throw reader.error("long header with a zero fixed bit");
        }
        // RFC 9000 §17.2: a connection ID longer than 20 bytes in version 1 MUST be dropped
        // (ConnectionId.read enforces it; RFC 9369 §3 keeps the rule for v2).
        ConnectionId destination = ConnectionId.read(reader, reader.readUint8());
        ConnectionId source = ConnectionId.read(reader, reader.readUint8());
        PacketType type = version.longHeaderPacketType((firstByte >>> 4) & 0b11);
        if (type == PacketType.RETRY) {
            return RetryPacket.decodeAfterConnectionIds(reader, packetStart, firstByte, version, destination, source);
        }
        ByteBuffer token = PacketHeader.NO_TOKEN;
        if (type == PacketType.INITIAL) {
            int tokenLength = reader.readVarIntLength("token");
            token = tokenLength == 0 ? PacketHeader.NO_TOKEN : reader.readSlice(tokenLength).asReadOnlyBuffer();
        }
        // RFC 9000 §17.2: Length covers the Packet Number and Payload; it must fit the datagram.
        int length = reader.readVarIntLength("packet");
        int packetNumberOffset = reader.position();
        return new PacketHeader(type, version, firstByte, destination, source, token, length,
                packetStart, packetNumberOffset, packetNumberOffset + length);
    }

    private static PacketHeader parseShortHeader(WireReader reader, int packetStart, int firstByte,
            int connectionIdLength) throws QuicProtocolException {
        // RFC 9000 §17.3.1: packets with a zero Fixed Bit are not valid and MUST be discarded.
        if ((firstByte & FIXED_BIT) == 0) {
            throw reader.error("short header with a zero fixed bit");
        }
        ConnectionId destination = ConnectionId.read(reader, connectionIdLength);
        int packetNumberOffset = reader.position();
        int packetEnd = reader.buffer().limit();
        return new PacketHeader(PacketType.ONE_RTT, null, firstByte, destination, null, PacketHeader.NO_TOKEN,
                packetEnd - packetNumberOffset, packetStart, packetNumberOffset, packetEnd);
    }
}
