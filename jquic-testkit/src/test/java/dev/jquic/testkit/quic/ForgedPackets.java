package dev.jquic.testkit.quic;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.crypto.RetryIntegrity;
import dev.jquic.core.packet.PacketHeader;
import dev.jquic.core.packet.PacketParser;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;

/** Server packets a client cannot tell from genuine ones, forged from the client's first Initial. */
final class ForgedPackets {

    private ForgedPackets() {
    }

    static PacketHeader header(byte[] clientInitial) {
        try {
            return (PacketHeader) PacketParser.parse(ByteBuffer.wrap(clientInitial), 0, 0);
        } catch (QuicProtocolException e) {
            throw new AssertionError("the client's first datagram does not parse", e);
        }
    }

    /**
     * A Retry to the client (RFC 9000 §17.2.5) with the integrity tag the client checks over its
     * original Destination Connection ID (RFC 9001 §5.8). {@code fuzz} gives the rest: byte 0 the
     * unused bits, byte 1 the Source Connection ID's length (modulo 21, RFC 9000 §17.2), then
     * that ID, then the token (all remaining bytes).
     */
    static byte[] retry(byte[] clientInitial, byte[] fuzz) {
        PacketHeader initial = header(clientInitial);
        int unusedBits = fuzz.length > 0 ? fuzz[0] & 0x0f : 0;
        int sourceLength = fuzz.length > 1 ? Math.min((fuzz[1] & 0xff) % 21, fuzz.length - 2) : 0;
        ConnectionId clientSource = initial.sourceConnectionId();
        ByteBuffer packet = ByteBuffer.allocate(1 + 4 + 1 + clientSource.length() + 1 + fuzz.length
                + RetryIntegrity.TAG_LENGTH);
        packet.put((byte) (0xf0 | unusedBits)).putInt(Version.V1.value());
        packet.put((byte) clientSource.length());
        clientSource.writeTo(packet);
        packet.put((byte) sourceLength);
        packet.put(fuzz, Math.min(2, fuzz.length), sourceLength);
        int tokenStart = Math.min(2, fuzz.length) + sourceLength;
        packet.put(fuzz, tokenStart, fuzz.length - tokenStart);
        int tagOffset = packet.position();
        packet.limit(tagOffset + RetryIntegrity.TAG_LENGTH);
        RetryIntegrity.forVersion(Version.V1).writeTag(initial.destinationConnectionId(), packet, 0, tagOffset);
        byte[] bytes = new byte[packet.limit()];
        packet.get(0, bytes);
        return bytes;
    }

    /**
     * A Version Negotiation packet (RFC 9000 §17.2.1) that echoes the client's connection IDs,
     * with a first byte and supported versions from {@code fuzz}.
     */
    static byte[] versionNegotiation(byte[] clientInitial, byte[] fuzz) {
        PacketHeader initial = header(clientInitial);
        ConnectionId destination = initial.sourceConnectionId();
        ConnectionId source = initial.destinationConnectionId();
        int versionBytes = Math.max(0, fuzz.length - 1);
        ByteBuffer packet = ByteBuffer.allocate(1 + 4 + 1 + destination.length() + 1 + source.length() + versionBytes);
        packet.put((byte) (0x80 | (fuzz.length > 0 ? fuzz[0] & 0x7f : 0))).putInt(0);
        packet.put((byte) destination.length());
        destination.writeTo(packet);
        packet.put((byte) source.length());
        source.writeTo(packet);
        if (versionBytes > 0) {
            packet.put(fuzz, 1, versionBytes);
        }
        return packet.array();
    }
}
