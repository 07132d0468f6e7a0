package dev.jquic.core.params;

import dev.jquic.core.types.StatelessResetToken;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small value types: defensive copies, content equality, argument checks. */
class ParameterValueTypesTest {
    private static final String TOKEN = "00112233445566778899aabbccddeeff";

    @Test
    void statelessResetTokenIsSixteenBytesCopiedAndComparedByContent() {
        byte[] bytes = HexFormat.of().parseHex(TOKEN);
        StatelessResetToken token = StatelessResetToken.of(bytes);
        bytes[0] = 1;
        assertEquals(StatelessResetToken.ofHex(TOKEN), token);
        assertEquals(StatelessResetToken.ofHex(TOKEN).hashCode(), token.hashCode());
        token.toByteArray()[1] = 1;
        assertEquals(TOKEN, token.toHex());
        assertThrows(IllegalArgumentException.class, () -> StatelessResetToken.of(new byte[15]));
        assertThrows(IllegalArgumentException.class, () -> StatelessResetToken.of(new byte[17]));
    }

    @Test
    void statelessResetTokenMatchesTheTailOfADatagram() {
        StatelessResetToken token = StatelessResetToken.ofHex(TOKEN);
        ByteBuffer datagram = ByteBuffer.wrap(HexFormat.of().parseHex("4a5b6c" + TOKEN));
        assertTrue(token.matches(datagram, 3));
        assertFalse(token.matches(datagram, 2));
        assertFalse(token.matches(datagram, 4));
        assertFalse(token.matches(datagram, -1));
    }

    @Test
    void preferredAddressCopiesItsArraysAndChecksItsFields() {
        byte[] ipv4 = {(byte) 192, 0, 2, 1};
        PreferredAddress address = new PreferredAddress(ipv4, 443, new byte[16], 0,
                ConnectionId.ofHex("01"), StatelessResetToken.ofHex(TOKEN));
        ipv4[0] = 10;
        address.ipv4Address()[1] = 9;
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 1}, address.ipv4Address());
        assertTrue(address.hasIpv4());
        assertFalse(address.hasIpv6());
        assertEquals(new PreferredAddress(new byte[] {(byte) 192, 0, 2, 1}, 443, new byte[16], 0,
                ConnectionId.ofHex("01"), StatelessResetToken.ofHex(TOKEN)), address);
        assertNotEquals(new PreferredAddress(new byte[4], 443, new byte[16], 0,
                ConnectionId.ofHex("01"), StatelessResetToken.ofHex(TOKEN)), address);
        StatelessResetToken token = StatelessResetToken.ofHex(TOKEN);
        ConnectionId cid = ConnectionId.ofHex("01");
        assertThrows(IllegalArgumentException.class, () -> new PreferredAddress(new byte[5], 0, new byte[16], 0, cid, token));
        assertThrows(IllegalArgumentException.class, () -> new PreferredAddress(new byte[4], 0, new byte[15], 0, cid, token));
        assertThrows(IllegalArgumentException.class, () -> new PreferredAddress(new byte[4], 65_536, new byte[16], 0, cid, token));
        assertThrows(IllegalArgumentException.class, () -> new PreferredAddress(new byte[4], 0, new byte[16], -1, cid, token));
        assertThrows(IllegalArgumentException.class,
                () -> new PreferredAddress(new byte[4], 0, new byte[16], 0, ConnectionId.EMPTY, token));
    }

    @Test
    void versionInformationCopiesItsList() {
        List<Version> versions = new ArrayList<>(List.of(Version.V1));
        VersionInformation information = new VersionInformation(Version.V1, versions);
        versions.add(Version.V2);
        assertEquals(List.of(Version.V1), information.availableVersions());
        assertThrows(UnsupportedOperationException.class, () -> information.availableVersions().add(Version.V2));
        assertThrows(IllegalArgumentException.class,
                () -> new VersionInformation(Version.V1, List.of(Version.NEGOTIATION)));
    }

    @Test
    void greaseParameterCopiesItsValue() {
        byte[] value = {1, 2};
        GreaseParameter grease = new GreaseParameter(27, value);
        value[0] = 9;
        grease.value()[1] = 9;
        assertEquals(new GreaseParameter(27, new byte[] {1, 2}), grease);
        assertEquals(27, GreaseParameter.reservedId(0));
        assertEquals(31 * 5 + 27, GreaseParameter.reservedId(5));
        assertThrows(IllegalArgumentException.class, () -> GreaseParameter.reservedId(-1));
    }

    @Test
    void namesKnownIdentifiers() {
        assertEquals("max_udp_payload_size", TransportParameterId.name(TransportParameterId.MAX_UDP_PAYLOAD_SIZE));
        assertEquals("max_datagram_frame_size", TransportParameterId.name(0x20));
        assertEquals("0x1b", TransportParameterId.name(27));
        assertTrue(TransportParameterId.isKnown(0x11));
        assertFalse(TransportParameterId.isKnown(0x12));
    }
}
