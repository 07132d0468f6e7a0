package dev.jquic.runtime;

import dev.jquic.core.endpoint.ConnectionIdShard;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The event loops of one server sharing its UDP port through {@code SO_REUSEPORT}. The kernel
 * spreads datagrams over the loops' sockets by address 4-tuple; every connection lives on the
 * loop that accepted it, and the connection IDs that loop issues name it
 * ({@link ConnectionIdShard}). A datagram that reaches another loop — the client's address or
 * port changed (NAT rebinding, migration: RFC 9000 §9) and the new 4-tuple hashes elsewhere — is
 * copied and queued to the owning loop ({@link #handOff}), which processes it as if its own socket
 * had read it and answers from its own socket (same address and port).
 *
 * <p>Long headers: a Handshake packet is routed by its Destination Connection ID, which we chose.
 * Initial and 0-RTT packets stay where they arrive: a client's first flight carries a
 * Destination Connection ID it chose, naming no loop, and its later Initials come over the same
 * 4-tuple, so the kernel keeps the whole handshake on the loop that accepted it. Only if the
 * client's address changes during the handshake does an Initial reach another loop; that loop
 * does not know the ID and takes the packet for a new connection whose Initial keys do not
 * match, so it is dropped there (that attempt times out), while the client's Handshake packets
 * still reach the owning loop and complete the handshake.
 *
 * <p>Hand-offs are bounded: at most {@value #MAX_PENDING_HAND_OFFS} datagrams wait for one loop,
 * beyond that they are dropped (UDP may drop; the peer retransmits), so a flood of short headers
 * with forged IDs cannot grow a queue without bound. Thread-safe.
 */
final class LoopGroup {

    static final int MAX_PENDING_HAND_OFFS = 4_096;

    private final int connectionIdLength;
    private final AtomicReferenceArray<EndpointLoop> loops;
    private final AtomicIntegerArray pending;
    private final AtomicLongArray handedOff;
    private final AtomicLongArray handOffsDropped;
    private final AtomicLongArray accepted;

    LoopGroup(int count, int connectionIdLength) {
        this.connectionIdLength = connectionIdLength;
        this.loops = new AtomicReferenceArray<>(count);
        this.pending = new AtomicIntegerArray(count);
        this.handedOff = new AtomicLongArray(count);
        this.handOffsDropped = new AtomicLongArray(count);
        this.accepted = new AtomicLongArray(count);
    }

    int size() {
        return loops.length();
    }

    void add(EndpointLoop loop) {
        loops.set(loop.loopIndex, loop);
    }

    EndpointLoop loop(int index) {
        return loops.get(index);
    }

    /** Counts a connection accepted by loop {@code index}. */
    void accepted(int index) {
        accepted.incrementAndGet(index);
    }

    /** Connections loop {@code index} has accepted so far. */
    long connectionsAccepted(int index) {
        return accepted.get(index);
    }

    /** Datagrams other loops handed to loop {@code index}. */
    long handedOffTo(int index) {
        return handedOff.get(index);
    }

    /** Datagrams for loop {@code index} dropped because its hand-off queue was full. */
    long handOffsDroppedFor(int index) {
        return handOffsDropped.get(index);
    }

    /**
     * Called by {@code receiver} (on its thread) for each datagram its socket read, before its
     * endpoint sees it: when another loop owns the datagram's connection, queues a copy there
     * and returns true; false when {@code receiver} handles it itself.
     */
    boolean handOff(EndpointLoop receiver, ByteBuffer datagram, SocketAddress from) {
        int owner = ConnectionIdShard.ownerOf(datagram, connectionIdLength, loops.length());
        if (owner == ConnectionIdShard.NOT_ROUTED || owner == receiver.loopIndex) {
            return false;
        }
        EndpointLoop target = loops.get(owner);
        if (target == null) {
            return false;
        }
        if (pending.incrementAndGet(owner) > MAX_PENDING_HAND_OFFS) {
            pending.decrementAndGet(owner);
            handOffsDropped.incrementAndGet(owner);
            return true;
        }
        // A copy: the receive buffer is reused at once. Hand-offs are rare (address changes).
        byte[] copy = new byte[datagram.remaining()];
        datagram.get(datagram.position(), copy);
        boolean queued = target.post(() -> {
            pending.decrementAndGet(owner);
            target.endpoint.handleDatagram(ByteBuffer.wrap(copy), target.localAddress, from, EndpointLoop.now());
        });
        if (queued) {
            handedOff.incrementAndGet(owner);
        } else {
            pending.decrementAndGet(owner);
        }
        return true;
    }

    /**
     * Processes {@code datagram} on loop {@code index} as if that loop's socket had read it from
     * {@code from}: handed to its owner, or to that loop's endpoint. For tests that must choose
     * the receiving loop, which the kernel's hash otherwise decides.
     */
    void receiveAt(int index, byte[] datagram, SocketAddress from) {
        EndpointLoop at = loops.get(index);
        at.post(() -> {
            ByteBuffer buffer = ByteBuffer.wrap(datagram);
            if (!handOff(at, buffer, from)) {
                at.endpoint.handleDatagram(buffer, at.localAddress, from, EndpointLoop.now());
            }
        });
    }
}
