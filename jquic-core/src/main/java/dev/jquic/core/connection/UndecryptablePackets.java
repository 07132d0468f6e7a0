package dev.jquic.core.connection;

import dev.jquic.core.path.NetworkPath;
import dev.jquic.core.types.EncryptionLevel;
import java.nio.ByteBuffer;
import java.util.ArrayList;

/**
 * Packets that arrived before the keys to open them (RFC 9001 §5.7): a Handshake or 1-RTT packet
 * that overtook the Initial or Handshake flight carrying the secrets. They are kept, as copies,
 * until the keys are installed, instead of waiting for the peer to retransmit them after a probe
 * timeout; on a lossy path this saves whole PTO periods. Bounded by count and by bytes; what does
 * not fit is dropped, as the RFC allows. A packet that waited longer than a probe timeout is
 * used but not acknowledged (see {@code PacketReceiver#replayUndecryptable}).
 *
 * <p>Not thread-safe; owned by one connection.
 */
final class UndecryptablePackets {

    /** RFC 9001 §5.7 leaves the limit to the endpoint: a flight's worth of packets. */
    static final int MAX_PACKETS = 10;
    static final int MAX_BYTES = 16 * 1024;

    /** One buffered packet: its own bytes, the path it came on, the level it needs and when it came. */
    record Buffered(ByteBuffer packet, NetworkPath path, EncryptionLevel level, long arrivalNanos) {
    }

    private final ArrayList<Buffered> packets = new ArrayList<>(MAX_PACKETS);
    private int bytes;

    /**
     * Keeps a copy of {@code datagram[start, end)}.
     *
     * @return false if the buffer is full (the caller drops the packet)
     */
    boolean add(ByteBuffer datagram, int start, int end, NetworkPath path, EncryptionLevel level, long arrivalNanos) {
        int length = end - start;
        if (packets.size() >= MAX_PACKETS || bytes + length > MAX_BYTES || length <= 0) {
            return false;
        }
        ByteBuffer copy = ByteBuffer.allocate(length);
        copy.put(datagram.duplicate().limit(end).position(start));
        copy.flip();
        packets.add(new Buffered(copy, path, level, arrivalNanos));
        bytes += length;
        return true;
    }

    boolean isEmpty() {
        return packets.isEmpty();
    }

    int size() {
        return packets.size();
    }

    /** Removes and returns the first packet whose level {@code readable} can now open, or null. */
    Buffered pollReadable(java.util.function.Predicate<EncryptionLevel> readable) {
        for (int i = 0; i < packets.size(); i++) {
            Buffered candidate = packets.get(i);
            if (readable.test(candidate.level())) {
                packets.remove(i);
                bytes -= candidate.packet().remaining();
                return candidate;
            }
        }
        return null;
    }
}
