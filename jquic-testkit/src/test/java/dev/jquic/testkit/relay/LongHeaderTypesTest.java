package dev.jquic.testkit.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jquic.testkit.relay.LongHeaderTypes.Type;
import java.io.ByteArrayOutputStream;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LongHeaderTypesTest {

    /** A long-header packet: first byte with {@code typeBits}, version, CIDs, token (Initial), Length, payload. */
    static byte[] packet(int version, int typeBits, boolean initial, int payloadLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xc0 | typeBits << 4 | 0x03);
        out.write(version >>> 24);
        out.write(version >>> 16);
        out.write(version >>> 8);
        out.write(version);
        out.write(8);
        out.writeBytes(new byte[8]);
        out.write(4);
        out.writeBytes(new byte[4]);
        if (initial) {
            out.write(0x05); // token length 5 (1-byte varint)
            out.writeBytes(new byte[5]);
        }
        out.write(0x40 | payloadLength >> 8); // 2-byte varint Length
        out.write(payloadLength & 0xff);
        out.writeBytes(new byte[payloadLength]);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static Set<Type> of(byte[] datagram) {
        return LongHeaderTypes.of(datagram, datagram.length);
    }

    @Test
    void readsCoalescedVersion1Packets() {
        byte[] datagram = concat(packet(LongHeaderTypes.VERSION_1, 0, true, 300),
                packet(LongHeaderTypes.VERSION_1, 2, false, 100), new byte[] {0x40, 1, 2, 3});
        assertEquals(EnumSet.of(Type.INITIAL, Type.HANDSHAKE), of(datagram));
        assertEquals(EnumSet.of(Type.ZERO_RTT), of(packet(LongHeaderTypes.VERSION_1, 1, false, 50)));
    }

    @Test
    void readsVersion2TypeNumbers() {
        // RFC 9369 §3.2: Initial 0b01, 0-RTT 0b10, Handshake 0b11.
        byte[] datagram = concat(packet(LongHeaderTypes.VERSION_2, 1, true, 300),
                packet(LongHeaderTypes.VERSION_2, 3, false, 100));
        assertEquals(EnumSet.of(Type.INITIAL, Type.HANDSHAKE), of(datagram));
        assertEquals(EnumSet.of(Type.ZERO_RTT), of(packet(LongHeaderTypes.VERSION_2, 2, false, 50)));
    }

    @Test
    void stopsAtShortHeadersUnknownVersionsAndTruncation() {
        assertEquals(EnumSet.noneOf(Type.class), of(new byte[] {0x40, 1, 2, 3, 4, 5, 6}));
        assertEquals(EnumSet.noneOf(Type.class), of(packet(0, 2, false, 20))); // Version Negotiation
        byte[] handshake = packet(LongHeaderTypes.VERSION_1, 2, false, 100);
        byte[] truncated = concat(packet(LongHeaderTypes.VERSION_1, 0, true, 40), java.util.Arrays.copyOf(handshake, 8));
        assertEquals(EnumSet.of(Type.INITIAL), of(truncated));
        // An Initial whose Length runs past the datagram: what follows is not read as a packet.
        byte[] lying = packet(LongHeaderTypes.VERSION_1, 0, true, 40);
        assertEquals(EnumSet.of(Type.INITIAL), of(concat(java.util.Arrays.copyOf(lying, 30), handshake)));
        assertEquals(EnumSet.noneOf(Type.class), of(new byte[0]));
    }
}
