package dev.jquic.core.endpoint;

import dev.jquic.core.crypto.RetryIntegrity;
import dev.jquic.core.packet.RetryPacket;
import dev.jquic.core.packet.VersionNegotiationPacket;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.StatelessResetToken;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** Builds the packets an endpoint sends without a connection: Version Negotiation, Retry, stateless reset. */
final class StatelessPackets {

    /** RFC 9000 §10.3: a stateless reset is at least 21 bytes (5 unpredictable + 16 token). */
    static final int MIN_STATELESS_RESET_LENGTH = 21;
    /** Longest reset sent: RFC 9000 §10.3 recommends the shortest packet the peer could expect, ~41 bytes. */
    static final int MAX_STATELESS_RESET_LENGTH = 43;

    private StatelessPackets() {
    }

    /** A version reserved for greasing (RFC 9000 §15: 0x?a?a?a?a). */
    static Version greaseVersion(RandomGenerator random) {
        return Version.of((random.nextInt() & 0xf0f0_f0f0) | 0x0a0a_0a0a);
    }

    /**
     * RFC 9000 §17.2.1: a Version Negotiation packet echoing the received connection IDs swapped,
     * listing {@code versions} and one GREASE version (RFC 9000 §6.3).
     */
    static byte[] versionNegotiation(byte[] receivedDestination, byte[] receivedSource, List<Version> versions,
            RandomGenerator random) {
        List<Version> listed = new ArrayList<>(versions);
        listed.add(greaseVersion(random));
        VersionNegotiationPacket packet = VersionNegotiationPacket.of(0x40 | (random.nextInt() & 0x3f),
                receivedSource, receivedDestination, listed);
        ByteBuffer out = ByteBuffer.allocate(packet.encodedLength());
        packet.encode(out);
        return out.array();
    }

    /** RFC 9000 §17.2.5: a Retry to the client's Source Connection ID, its tag per RFC 9001 §5.8. */
    static byte[] retry(Version version, ConnectionId clientSource, ConnectionId retrySource, byte[] token,
            ConnectionId originalDestination, RandomGenerator random) {
        RetryPacket packet = RetryPacket.of(version, random.nextInt() & 0x0f, clientSource, retrySource, token,
                new byte[RetryPacket.INTEGRITY_TAG_LENGTH]);
        ByteBuffer out = ByteBuffer.allocate(packet.encodedLength());
        packet.writeBeforeTag(out);
        RetryIntegrity.forVersion(version).writeTag(originalDestination, out, 0, out.position());
        return out.array();
    }

    /**
     * The length of a stateless reset answering a datagram of {@code receivedLength} bytes, or 0
     * when none may be sent. RFC 9000 §10.3.3: smaller than the packet that triggered it (so two
     * endpoints cannot loop); RFC 9000 §10.3: at least 21 bytes.
     */
    static int statelessResetLength(int receivedLength) {
        int length = Math.min(receivedLength - 1, MAX_STATELESS_RESET_LENGTH);
        return length < MIN_STATELESS_RESET_LENGTH ? 0 : length;
    }

    /**
     * RFC 9000 §10.3: a stateless reset of {@code length} bytes: a short-header first byte
     * (0b01 then random bits), unpredictable bytes, and the 16-byte token at the end.
     */
    static byte[] statelessReset(int length, StatelessResetToken token, RandomGenerator random) {
        byte[] packet = new byte[length];
        random.nextBytes(packet);
        packet[0] = (byte) (0x40 | (packet[0] & 0x3f));
        byte[] tokenBytes = token.toByteArray();
        System.arraycopy(tokenBytes, 0, packet, length - tokenBytes.length, tokenBytes.length);
        return packet;
    }
}
