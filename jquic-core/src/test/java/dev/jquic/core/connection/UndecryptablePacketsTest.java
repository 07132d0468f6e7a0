package dev.jquic.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.path.NetworkPath;
import dev.jquic.core.types.EncryptionLevel;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class UndecryptablePacketsTest {

    private static final NetworkPath PATH = new NetworkPath("local", "remote");

    private static ByteBuffer datagram(int length, int fill) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) fill);
        return ByteBuffer.wrap(bytes);
    }

    @Test
    void keepsACopyOfThePacketRangeAndHandsItBackOnceReadable() {
        UndecryptablePackets packets = new UndecryptablePackets();
        ByteBuffer datagram = datagram(100, 7);
        datagram.put(10, (byte) 1).put(59, (byte) 2);
        assertTrue(packets.add(datagram, 10, 60, PATH, EncryptionLevel.HANDSHAKE, 0));
        datagram.put(10, (byte) 99); // the runtime reuses its buffers: the copy must not change
        assertNull(packets.pollReadable(level -> level == EncryptionLevel.ONE_RTT));
        UndecryptablePackets.Buffered buffered = packets.pollReadable(level -> level == EncryptionLevel.HANDSHAKE);
        assertEquals(50, buffered.packet().remaining());
        assertEquals(1, buffered.packet().get(0));
        assertEquals(2, buffered.packet().get(49));
        assertEquals(PATH, buffered.path());
        assertTrue(packets.isEmpty());
    }

    @Test
    void isBoundedByCountAndBytes() {
        UndecryptablePackets packets = new UndecryptablePackets();
        for (int i = 0; i < UndecryptablePackets.MAX_PACKETS; i++) {
            assertTrue(packets.add(datagram(100, i), 0, 100, PATH, EncryptionLevel.ONE_RTT, 0));
        }
        assertFalse(packets.add(datagram(100, 0), 0, 100, PATH, EncryptionLevel.ONE_RTT, 0), "count cap");
        assertEquals(UndecryptablePackets.MAX_PACKETS, packets.size());

        UndecryptablePackets big = new UndecryptablePackets();
        int length = UndecryptablePackets.MAX_BYTES / 2;
        assertTrue(big.add(datagram(length, 0), 0, length, PATH, EncryptionLevel.ONE_RTT, 0));
        assertTrue(big.add(datagram(length, 0), 0, length, PATH, EncryptionLevel.ONE_RTT, 0));
        assertFalse(big.add(datagram(10, 0), 0, 10, PATH, EncryptionLevel.ONE_RTT, 0), "byte cap");
        // Taking one out frees its bytes.
        big.pollReadable(level -> true);
        assertTrue(big.add(datagram(10, 0), 0, 10, PATH, EncryptionLevel.ONE_RTT, 0));
    }

    @Test
    void returnsTheReadablePacketsInArrivalOrder() {
        UndecryptablePackets packets = new UndecryptablePackets();
        packets.add(datagram(10, 1), 0, 10, PATH, EncryptionLevel.HANDSHAKE, 0);
        packets.add(datagram(10, 2), 0, 10, PATH, EncryptionLevel.ONE_RTT, 0);
        packets.add(datagram(10, 3), 0, 10, PATH, EncryptionLevel.ONE_RTT, 0);
        assertEquals(2, packets.pollReadable(level -> level == EncryptionLevel.ONE_RTT).packet().get(0));
        assertEquals(1, packets.pollReadable(level -> true).packet().get(0));
        assertEquals(3, packets.pollReadable(level -> true).packet().get(0));
        assertNull(packets.pollReadable(level -> true));
    }
}
