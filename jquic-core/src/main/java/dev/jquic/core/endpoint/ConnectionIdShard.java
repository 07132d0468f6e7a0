package dev.jquic.core.endpoint;

import dev.jquic.core.connection.ConnectionIdGenerator;
import dev.jquic.core.connection.LocalConnectionIds;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.PacketType;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import java.util.random.RandomGenerator;

/**
 * Connection IDs that name the shard owning their connection: shard {@code index} of
 * {@code count} event loops of one server, each with its own socket on the same UDP port. The
 * kernel spreads datagrams over the sockets by address 4-tuple; when that tuple changes (NAT
 * rebinding, migration, RFC 9000 §9) a datagram arrives at a loop that does not hold its
 * connection, and {@link #ownerOf} tells that loop where to hand it.
 *
 * <p>Encoding: the first byte {@code b} of every ID satisfies {@code b % count == index}, drawn
 * uniformly among the values 0..255 that do; all other bytes are random. An ID thus gives away
 * only {@code log2(count)} bits of its first byte, the same for all connections of a loop (RFC
 * 9000 §5.1: IDs must not let an observer correlate them; the shard is shared by a whole loop's
 * connections, so it links nothing to one connection). A zero-length ID names no shard.
 *
 * @param index this shard, {@code 0 <= index < count}
 * @param count how many shards, 1..{@value #MAX_COUNT}
 */
public record ConnectionIdShard(int index, int count) implements ConnectionIdGenerator {

    /** The most shards: at least two bits of the first byte stay random. */
    public static final int MAX_COUNT = 64;

    /** {@link #ownerOf}'s answer when the receiving shard must decide itself. */
    public static final int NOT_ROUTED = -1;

    private static final int V1 = Version.V1.value();
    private static final int V2 = Version.V2.value();
    private static final int V1_HANDSHAKE_BITS = Version.V1.longHeaderTypeBits(PacketType.HANDSHAKE);
    private static final int V2_HANDSHAKE_BITS = Version.V2.longHeaderTypeBits(PacketType.HANDSHAKE);

    public ConnectionIdShard {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("shard count " + count + " is not in 1.." + MAX_COUNT);
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("shard index " + index + " is not in 0.." + (count - 1));
        }
    }

    @Override
    public ConnectionId generate(RandomGenerator random, int length) {
        if (length == 0 || count == 1) {
            return LocalConnectionIds.randomConnectionId(random, length);
        }
        if (length < 0 || length > ConnectionId.MAX_LENGTH) {
            throw new IllegalArgumentException("connection ID length outside 0..20: " + length);
        }
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        int choices = (255 - index) / count + 1;
        bytes[0] = (byte) (index + count * random.nextInt(choices));
        return ConnectionId.of(bytes);
    }

    /** The shard, of {@code count}, named by a connection ID whose first byte is {@code firstByte}. */
    public static int shardOf(byte firstByte, int count) {
        return (firstByte & 0xff) % count;
    }

    /**
     * The shard, of {@code count}, owning the connection the datagram (position to limit) is
     * addressed to, or {@link #NOT_ROUTED} when the receiving shard handles it itself. Reads
     * without moving the position; never throws for any content.
     *
     * <ul>
     *   <li>Short header (RFC 9000 §17.3.1): the Destination Connection ID, of our own length,
     *       follows the first byte and is always one we issued: its shard.</li>
     *   <li>Handshake packet of v1 or v2 (RFC 9000 §17.2.4, RFC 9369 §3.2): its Destination
     *       Connection ID is the Source Connection ID we chose (RFC 9000 §7.2): its shard, when
     *       it has our length.</li>
     *   <li>Initial and 0-RTT packets: {@link #NOT_ROUTED}. A client's first flight carries a
     *       Destination Connection ID the client chose at random, whose first byte names no
     *       shard; the loop the kernel chose accepts the connection, and the client's later
     *       Initials (RFC 9000 §7.2: to our Source Connection ID) come over the same 4-tuple to
     *       the same loop. Versions other than v1 and v2, and anything unparsable, likewise
     *       stay where they arrived (Version Negotiation, or a drop).</li>
     * </ul>
     */
    public static int ownerOf(ByteBuffer datagram, int localConnectionIdLength, int count) {
        int start = datagram.position();
        int length = datagram.remaining();
        if (count <= 1 || length == 0 || localConnectionIdLength == 0) {
            return NOT_ROUTED;
        }
        int firstByte = datagram.get(start) & 0xff;
        if ((firstByte & 0x80) == 0) {
            return length < 1 + localConnectionIdLength ? NOT_ROUTED : shardOf(datagram.get(start + 1), count);
        }
        // RFC 8999 §5.1: first byte, 4-byte version, DCID length, DCID.
        if (length < 7) {
            return NOT_ROUTED;
        }
        int version = datagram.getInt(start + 1);
        int typeBits = (firstByte >> 4) & 0b11;
        boolean handshake = (version == V1 && typeBits == V1_HANDSHAKE_BITS)
                || (version == V2 && typeBits == V2_HANDSHAKE_BITS);
        int destinationLength = datagram.get(start + 5) & 0xff;
        if (!handshake || destinationLength != localConnectionIdLength || length < 6 + destinationLength) {
            return NOT_ROUTED;
        }
        return shardOf(datagram.get(start + 6), count);
    }
}
