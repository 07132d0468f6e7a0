package dev.jquic.core.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.connection.ConnectionConfig;
import dev.jquic.core.connection.TlsSessionFactory;
import dev.jquic.core.packet.RetryPacket;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.PacketType;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Connection IDs naming the event loop that owns their connection, and the routing of datagrams by them. */
class ConnectionIdShardTest {

    private static final int ID_LENGTH = 8;

    @Property(tries = 200)
    void everyGeneratedIdNamesItsShard(@ForAll @IntRange(min = 1, max = 64) int count,
            @ForAll @IntRange(min = 0, max = 63) int rawIndex, @ForAll @IntRange(min = 1, max = 20) int length,
            @ForAll long seed) {
        int index = rawIndex % count;
        ConnectionIdShard shard = new ConnectionIdShard(index, count);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 50; i++) {
            ConnectionId id = shard.generate(random, length);
            assertEquals(length, id.length());
            assertEquals(index, ConnectionIdShard.shardOf(id.byteAt(0), count));
        }
    }

    @Test
    void theFirstByteKeepsAllItsOtherRandomness() {
        // Shard 1 of 2: the first byte is any odd value (7 random bits), the other bytes any value.
        ConnectionIdShard shard = new ConnectionIdShard(1, 2);
        SplittableRandom random = new SplittableRandom(3);
        Set<Integer> firstBytes = new HashSet<>();
        Set<Integer> lastBytes = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            ConnectionId id = shard.generate(random, ID_LENGTH);
            firstBytes.add(id.byteAt(0) & 0xff);
            lastBytes.add(id.byteAt(ID_LENGTH - 1) & 0xff);
        }
        assertEquals(128, firstBytes.size());
        assertTrue(firstBytes.stream().allMatch(value -> value % 2 == 1));
        assertEquals(256, lastBytes.size());
        // Shard 2 of 3: values 2, 5, ..., 254: 85 of them.
        Set<Integer> ofThree = new HashSet<>();
        ConnectionIdShard third = new ConnectionIdShard(2, 3);
        for (int i = 0; i < 20_000; i++) {
            ofThree.add(third.generate(random, ID_LENGTH).byteAt(0) & 0xff);
        }
        assertEquals(85, ofThree.size());
    }

    @Test
    void invalidShardsAreRefusedWithTheirRange() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> new ConnectionIdShard(0, 0));
        assertTrue(zero.getMessage().contains("1..64"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ConnectionIdShard(0, 65));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionIdShard(2, 2));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionIdShard(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionIdShard(0, 2).generate(new SplittableRandom(), 21));
    }

    private static ByteBuffer shortHeader(int firstIdByte, int length) {
        ByteBuffer datagram = ByteBuffer.allocate(length);
        datagram.put(0, (byte) 0x41);
        if (length > 1) {
            datagram.put(1, (byte) firstIdByte);
        }
        return datagram;
    }

    private static ByteBuffer longHeader(Version version, PacketType type, int destinationLength, int firstIdByte) {
        ByteBuffer datagram = ByteBuffer.allocate(1200);
        datagram.put((byte) (0xc0 | version.longHeaderTypeBits(type) << 4)).putInt(version.value())
                .put((byte) destinationLength);
        for (int i = 0; i < destinationLength; i++) {
            datagram.put((byte) (i == 0 ? firstIdByte : 0x77));
        }
        datagram.put((byte) 0);
        return datagram.clear();
    }

    @Test
    void shortHeadersGoToTheShardTheirDestinationIdNames() {
        assertEquals(1, ConnectionIdShard.ownerOf(shortHeader(0x03, 40), ID_LENGTH, 2));
        assertEquals(0, ConnectionIdShard.ownerOf(shortHeader(0x04, 40), ID_LENGTH, 2));
        assertEquals(2, ConnectionIdShard.ownerOf(shortHeader(0xfe, 40), ID_LENGTH, 3));
        // Too short to hold our connection ID, empty, or a single loop: the receiving loop decides.
        assertEquals(ConnectionIdShard.NOT_ROUTED, ConnectionIdShard.ownerOf(shortHeader(0x03, ID_LENGTH), ID_LENGTH, 2));
        assertEquals(ConnectionIdShard.NOT_ROUTED, ConnectionIdShard.ownerOf(ByteBuffer.allocate(0), ID_LENGTH, 2));
        assertEquals(ConnectionIdShard.NOT_ROUTED, ConnectionIdShard.ownerOf(shortHeader(0x03, 40), ID_LENGTH, 1));
    }

    @Test
    void handshakePacketsGoToTheirShardInitialsAndZeroRttStay() {
        for (Version version : new Version[] {Version.V1, Version.V2}) {
            assertEquals(1, ConnectionIdShard.ownerOf(longHeader(version, PacketType.HANDSHAKE, ID_LENGTH, 0x05),
                    ID_LENGTH, 2), version.toString());
            assertEquals(ConnectionIdShard.NOT_ROUTED, ConnectionIdShard.ownerOf(
                    longHeader(version, PacketType.INITIAL, ID_LENGTH, 0x05), ID_LENGTH, 2));
            assertEquals(ConnectionIdShard.NOT_ROUTED, ConnectionIdShard.ownerOf(
                    longHeader(version, PacketType.ZERO_RTT, ID_LENGTH, 0x05), ID_LENGTH, 2));
            // A Handshake packet whose ID is not of our length is not ours to route.
            assertEquals(ConnectionIdShard.NOT_ROUTED, ConnectionIdShard.ownerOf(
                    longHeader(version, PacketType.HANDSHAKE, 16, 0x05), ID_LENGTH, 2));
        }
        ByteBuffer unknownVersion = longHeader(Version.V1, PacketType.HANDSHAKE, ID_LENGTH, 0x05);
        unknownVersion.putInt(1, 0x1a2a3a4a);
        assertEquals(ConnectionIdShard.NOT_ROUTED, ConnectionIdShard.ownerOf(unknownVersion, ID_LENGTH, 2));
    }

    @Test
    void routingReadsWithoutMovingThePositionAndHonoursIt() {
        ByteBuffer datagram = ByteBuffer.allocate(50);
        datagram.position(10);
        datagram.put(10, (byte) 0x41).put(11, (byte) 0x07);
        assertEquals(1, ConnectionIdShard.ownerOf(datagram, ID_LENGTH, 2));
        assertEquals(10, datagram.position());
    }

    /** Any bytes, any truncation: an answer in range, never an exception. */
    @Property(tries = 500)
    void arbitraryDatagramsNeverThrow(@ForAll @Size(max = 80) byte[] bytes,
            @ForAll @IntRange(min = 1, max = 64) int count, @ForAll @IntRange(min = 0, max = 20) int idLength) {
        for (int cut = 0; cut <= bytes.length; cut++) {
            int owner = ConnectionIdShard.ownerOf(ByteBuffer.wrap(bytes, 0, cut), idLength, count);
            assertTrue(owner == ConnectionIdShard.NOT_ROUTED || (owner >= 0 && owner < count), "owner " + owner);
        }
    }

    @Test
    void aShardedEndpointsRetryIdNamesItsShard() throws Exception {
        TlsSessionFactory noTls = parameters -> {
            throw new IllegalStateException("no TLS in this test");
        };
        EndpointConfig config = EndpointConfig.builder().server(ConnectionConfig.builder().build(), noTls)
                .requireRetry(true).connectionIdGenerator(new ConnectionIdShard(1, 2)).build();
        Endpoint endpoint = new Endpoint(config, new SplittableRandom(5), 0);
        for (int attempt = 0; attempt < 20; attempt++) {
            ByteBuffer initial = longHeader(Version.V1, PacketType.INITIAL, 8, attempt);
            initial.put(15, (byte) 0); // token length 0
            initial.putShort(16, (short) (0x4000 | 1000));
            endpoint.handleDatagram(initial, "l", "r", 0);
            ByteBuffer out = ByteBuffer.allocate(2048);
            int length = endpoint.pollTransmit(out, 0);
            RetryPacket retry = RetryPacket.decode(out.limit(length), 0);
            assertEquals(1, ConnectionIdShard.shardOf(retry.sourceConnectionId().byteAt(0), 2));
        }
        assertEquals(20, endpoint.stats().retriesSent());
    }
}
