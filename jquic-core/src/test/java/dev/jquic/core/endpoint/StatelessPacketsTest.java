package dev.jquic.core.endpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.crypto.RetryIntegrity;
import dev.jquic.core.packet.PacketParser;
import dev.jquic.core.packet.RetryPacket;
import dev.jquic.core.packet.VersionNegotiationPacket;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.StatelessResetToken;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StatelessPacketsTest {

    @Test
    void versionNegotiationSwapsIdsAndListsVersionsPlusGrease() throws Exception {
        byte[] packet = StatelessPackets.versionNegotiation(new byte[] {1, 2, 3}, new byte[] {9},
                List.of(Version.V1, Version.V2), new SplittableRandom(4));
        VersionNegotiationPacket parsed = (VersionNegotiationPacket) PacketParser.parse(ByteBuffer.wrap(packet), 0, 8);
        assertArrayEquals(new byte[] {9}, parsed.destinationConnectionId());
        assertArrayEquals(new byte[] {1, 2, 3}, parsed.sourceConnectionId());
        assertEquals(3, parsed.supportedVersions().size());
        assertEquals(List.of(Version.V1, Version.V2), parsed.supportedVersions().subList(0, 2));
        assertTrue(parsed.supportedVersions().get(2).isReservedForGrease());
        assertEquals(0xc0, packet[0] & 0xc0, "RFC 9000 §17.2.1: long form and 0x40 set");
    }

    @Test
    void retryParsesAndItsTagVerifies() throws Exception {
        ConnectionId original = ConnectionId.ofHex("8394c8f03e515708");
        ConnectionId clientSource = ConnectionId.ofHex("0102");
        ConnectionId retrySource = ConnectionId.ofHex("f067a5502a4262b5");
        byte[] packet = StatelessPackets.retry(Version.V1, clientSource, retrySource, new byte[] {7, 7, 7}, original,
                new SplittableRandom(5));
        RetryPacket parsed = RetryPacket.decode(ByteBuffer.wrap(packet), 0);
        assertEquals(clientSource, parsed.destinationConnectionId());
        assertEquals(retrySource, parsed.sourceConnectionId());
        assertArrayEquals(new byte[] {7, 7, 7}, parsed.token());
        assertTrue(RetryIntegrity.forVersion(Version.V1).verify(original, ByteBuffer.wrap(packet), 0, packet.length));
    }

    @Test
    void statelessResetSizeRules() {
        assertEquals(0, StatelessPackets.statelessResetLength(21), "could itself be a minimal reset");
        assertEquals(21, StatelessPackets.statelessResetLength(22));
        assertEquals(39, StatelessPackets.statelessResetLength(40));
        assertEquals(43, StatelessPackets.statelessResetLength(1200));
        StatelessResetToken token = StatelessResetToken.ofHex("00112233445566778899aabbccddeeff");
        byte[] reset = StatelessPackets.statelessReset(30, token, new SplittableRandom(6));
        assertEquals(30, reset.length);
        assertEquals(0x40, reset[0] & 0xc0, "short header form with the fixed bit");
        assertTrue(token.matches(ByteBuffer.wrap(reset), 14));
    }
}
