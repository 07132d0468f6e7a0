package dev.jquic.core.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VersionTest {
    @Test
    void longHeaderTypeBitsFollowRfc9000AndRfc9369() {
        assertEquals(0b00, Version.V1.longHeaderTypeBits(PacketType.INITIAL));
        assertEquals(0b11, Version.V1.longHeaderTypeBits(PacketType.RETRY));
        // RFC 9369 §3.2
        assertEquals(0b01, Version.V2.longHeaderTypeBits(PacketType.INITIAL));
        assertEquals(0b10, Version.V2.longHeaderTypeBits(PacketType.ZERO_RTT));
        assertEquals(0b11, Version.V2.longHeaderTypeBits(PacketType.HANDSHAKE));
        assertEquals(0b00, Version.V2.longHeaderTypeBits(PacketType.RETRY));
    }

    @ParameterizedTest
    @EnumSource(value = PacketType.class, names = {"INITIAL", "ZERO_RTT", "HANDSHAKE", "RETRY"})
    void typeBitsRoundTrip(PacketType type) {
        for (Version version : new Version[] {Version.V1, Version.V2}) {
            assertEquals(type, version.longHeaderPacketType(version.longHeaderTypeBits(type)));
        }
    }

    @Test
    void greaseVersionsAreRecognised() {
        assertTrue(Version.of(0x1a2a3a4a).isReservedForGrease());
        assertFalse(Version.V1.isReservedForGrease());
        assertTrue(Version.V2.isSupported());
        assertFalse(Version.of(0xff00_001d).isSupported());
    }

    @Test
    void connectionIdsCompareByContent() {
        assertEquals(ConnectionId.ofHex("8394c8f03e515708"), ConnectionId.of(new byte[] {
            (byte) 0x83, (byte) 0x94, (byte) 0xc8, (byte) 0xf0, 0x3e, 0x51, 0x57, 0x08}));
        assertEquals(ConnectionId.EMPTY, ConnectionId.of(new byte[0]));
    }
}
