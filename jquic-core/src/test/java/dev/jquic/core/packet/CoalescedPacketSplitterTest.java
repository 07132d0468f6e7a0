package dev.jquic.core.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.PacketType;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** RFC 9000 §12.2: splitting a datagram into coalesced packets. */
class CoalescedPacketSplitterTest {
    private static final ConnectionId DCID = ConnectionId.ofHex("0102030405060708");
    private static final ConnectionId SCID = ConnectionId.ofHex("aabbccdd");

    private final CoalescedPacketSplitter splitter = new CoalescedPacketSplitter();

    @Test
    void splitsInitialHandshakeAndOneRttPackets() throws QuicProtocolException {
        byte[] initial = initial(DCID, 40);
        byte[] handshake = PacketArbitraries.longHeaderPacket(
                PacketType.HANDSHAKE, Version.V1, DCID, SCID, new byte[0], 2, new byte[25]);
        byte[] oneRtt = PacketArbitraries.shortHeaderPacket(DCID, 1, new byte[30]);
        ByteBuffer datagram = datagram(initial, handshake, oneRtt);

        splitter.reset(datagram, DCID.length());
        List<PacketHeader> headers = new ArrayList<>();
        while (splitter.hasNext()) {
            headers.add((PacketHeader) splitter.next());
        }
        assertEquals(3, headers.size());
        assertEquals(3, splitter.packetCount());
        assertEquals(PacketType.INITIAL, headers.get(0).type());
        assertEquals(PacketType.HANDSHAKE, headers.get(1).type());
        assertEquals(PacketType.ONE_RTT, headers.get(2).type());
        assertEquals(0, headers.get(0).packetStart());
        assertEquals(initial.length, headers.get(0).packetEnd());
        assertEquals(initial.length, headers.get(1).packetStart());
        assertEquals(initial.length + handshake.length, headers.get(1).packetEnd());
        assertEquals(initial.length + handshake.length, headers.get(2).packetStart());
        assertEquals(datagram.limit(), headers.get(2).packetEnd());
        assertEquals(0, datagram.position());
        assertThrows(QuicProtocolException.class, splitter::next);
    }

    @Test
    void trailingGarbageEndsTheIterationAfterTheValidPackets() throws QuicProtocolException {
        byte[] first = initial(DCID, 20);
        byte[] second = PacketArbitraries.longHeaderPacket(
                PacketType.HANDSHAKE, Version.V2, DCID, SCID, new byte[0], 4, new byte[10]);
        // Zero padding after the packets reads as a short header with a zero fixed bit.
        ByteBuffer datagram = datagram(first, second, new byte[17]);

        splitter.reset(datagram, 8);
        assertEquals(PacketType.INITIAL, ((PacketHeader) splitter.next()).type());
        assertEquals(PacketType.HANDSHAKE, ((PacketHeader) splitter.next()).type());
        assertTrue(splitter.hasNext());
        assertEquals(first.length + second.length, splitter.nextPacketStart());
        assertThrows(QuicProtocolException.class, splitter::next);
        assertFalse(splitter.hasNext());
        assertEquals(2, splitter.packetCount());
    }

    @Test
    void truncatedLastPacketIsRejected() throws QuicProtocolException {
        byte[] second = initial(DCID, 50);
        ByteBuffer datagram = datagram(initial(DCID, 10), java.util.Arrays.copyOf(second, second.length - 3));
        splitter.reset(datagram, 8);
        assertInstanceOf(PacketHeader.class, splitter.next());
        assertThrows(QuicProtocolException.class, splitter::next);
        assertFalse(splitter.hasNext());
    }

    /** RFC 9000 §12.2: receivers SHOULD ignore subsequent packets with a different DCID. */
    @Test
    void subsequentPacketWithAnotherDestinationConnectionIdIsRejected() throws QuicProtocolException {
        ByteBuffer datagram = datagram(initial(DCID, 10), initial(ConnectionId.ofHex("0102030405060709"), 10));
        splitter.reset(datagram, 8);
        splitter.next();
        assertThrows(QuicProtocolException.class, splitter::next);
        assertFalse(splitter.hasNext());
    }

    @Test
    void retryCannotFollowAnotherPacket() throws QuicProtocolException {
        RetryPacket retry = RetryPacket.of(Version.V1, 0, DCID, SCID, new byte[] {9}, new byte[16]);
        ByteBuffer encodedRetry = ByteBuffer.allocate(retry.encodedLength());
        retry.encode(encodedRetry);
        splitter.reset(datagram(initial(DCID, 10), encodedRetry.array()), 8);
        splitter.next();
        assertThrows(QuicProtocolException.class, splitter::next);

        splitter.reset(ByteBuffer.wrap(encodedRetry.array()), 8);
        assertEquals(retry, splitter.next());
        assertFalse(splitter.hasNext());
    }

    @Test
    void startsAtTheBufferPositionAndIsReusable() throws QuicProtocolException {
        byte[] packet = initial(DCID, 10);
        ByteBuffer datagram = ByteBuffer.allocate(5 + packet.length);
        datagram.position(5);
        datagram.put(packet).position(5);
        splitter.reset(datagram, 8);
        assertEquals(5, splitter.next().packetStart());
        assertFalse(splitter.hasNext());

        splitter.reset(datagram(packet, packet), 8);
        assertEquals(0, splitter.next().packetStart());
        assertEquals(packet.length, splitter.next().packetStart());
        assertFalse(splitter.hasNext());
    }

    /** Any sequence of long-header packets and a final short header splits at the right places. */
    @Property
    void splitsGeneratedDatagrams(
            @ForAll("connectionIds") ConnectionId dcid,
            @ForAll @Size(max = 3) List<@IntRange(min = 0, max = 60) Integer> longPayloadLengths,
            @ForAll @IntRange(min = -1, max = 60) int shortPayloadLength) throws QuicProtocolException {
        List<byte[]> packets = new ArrayList<>();
        PacketType[] types = {PacketType.INITIAL, PacketType.ZERO_RTT, PacketType.HANDSHAKE};
        for (int i = 0; i < longPayloadLengths.size(); i++) {
            packets.add(PacketArbitraries.longHeaderPacket(types[i], Version.V2, dcid, SCID, new byte[] {7},
                    1 + i, new byte[longPayloadLengths.get(i)]));
        }
        if (shortPayloadLength >= 0) {
            packets.add(PacketArbitraries.shortHeaderPacket(dcid, 2, new byte[shortPayloadLength]));
        }
        ByteBuffer datagram = datagram(packets.toArray(new byte[0][]));
        splitter.reset(datagram, dcid.length());
        int start = 0;
        for (byte[] packet : packets) {
            assertTrue(splitter.hasNext());
            ParsedPacket parsed = splitter.next();
            assertEquals(start, parsed.packetStart());
            start += packet.length;
            assertEquals(start, parsed.packetEnd());
        }
        assertFalse(splitter.hasNext());
    }

    @Provide
    Arbitrary<ConnectionId> connectionIds() {
        return PacketArbitraries.connectionIds();
    }

    private static byte[] initial(ConnectionId dcid, int payloadLength) {
        return PacketArbitraries.longHeaderPacket(
                PacketType.INITIAL, Version.V1, dcid, SCID, new byte[] {1, 2}, 4, new byte[payloadLength]);
    }

    private static ByteBuffer datagram(byte[]... packets) {
        int length = 0;
        for (byte[] packet : packets) {
            length += packet.length;
        }
        ByteBuffer datagram = ByteBuffer.allocate(length);
        for (byte[] packet : packets) {
            datagram.put(packet);
        }
        return datagram.flip();
    }
}
