package dev.jquic.core.connection;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The DATAGRAM frames (RFC 9221) of a connection waiting to be sent or read, each direction
 * capped at a fixed count. DATAGRAM frames are unreliable (RFC 9221 §5): when a queue is full a
 * new outgoing frame is refused and a new incoming frame is dropped, and both are counted.
 */
final class DatagramQueue {

    private final int capacity;
    private final ArrayDeque<ByteBuffer> outgoing = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> incoming = new ArrayDeque<>();

    DatagramQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Copies {@code payload} into the send queue; false if the queue is full. */
    boolean offerOutgoing(ByteBuffer payload) {
        if (outgoing.size() >= capacity) {
            return false;
        }
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
        copy.put(payload).flip();
        outgoing.add(copy);
        return true;
    }

    /** The next payload to send if it is at most {@code maxBytes} long, else {@code null}. */
    ByteBuffer pollOutgoingFitting(int maxBytes) {
        ByteBuffer next = outgoing.peek();
        if (next == null || next.remaining() > maxBytes) {
            return null;
        }
        return outgoing.poll();
    }

    /**
     * Drops the queued payloads longer than {@code maxBytes} (the maximum datagram size shrank,
     * RFC 9221 §5: DATAGRAM frames are not retransmitted or split); returns how many.
     */
    int dropOutgoingLongerThan(int maxBytes) {
        int before = outgoing.size();
        outgoing.removeIf(payload -> payload.remaining() > maxBytes);
        return before - outgoing.size();
    }

    boolean hasOutgoing() {
        return !outgoing.isEmpty();
    }

    /** Copies a received payload in; false (dropped) if the receive queue is full. */
    boolean offerIncoming(ByteBuffer payload) {
        if (incoming.size() >= capacity) {
            return false;
        }
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
        copy.put(payload.duplicate()).flip();
        incoming.add(copy);
        return true;
    }

    ByteBuffer pollIncoming() {
        return incoming.poll();
    }

    boolean hasIncoming() {
        return !incoming.isEmpty();
    }
}
