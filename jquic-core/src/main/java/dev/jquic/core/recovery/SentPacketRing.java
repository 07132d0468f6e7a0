package dev.jquic.core.recovery;

/**
 * The sent packets of one packet number space in ascending packet number order: a ring of
 * slots (power-of-two capacity, grown by doubling) where an acknowledged or lost packet leaves
 * a marked slot behind, so that loss detection can tell "acknowledged" from "lost" between two
 * lost packets (persistent congestion, RFC 9002 §7.6.2). Slots before the oldest tracked packet
 * are dropped. Lookup by packet number is a binary search.
 *
 * <p>Size: the ring spans the oldest still-tracked packet to the newest sent one. In-flight
 * packets are bounded by the congestion window (plus PTO probes, §7.5); packets that do not
 * count in flight (ACK-only) are declared lost by the packet threshold once three later packets
 * are acknowledged, so the span stays within about one congestion window of packets.
 */
final class SentPacketRing<T> {

    static final byte TRACKED = 1;
    static final byte ACKNOWLEDGED = 2;
    static final byte LOST = 3;

    private static final int INITIAL_CAPACITY = 64;

    private SentPacket<T>[] packets;
    private long[] packetNumbers;
    private byte[] states;
    private int head;
    private int size;
    private int trackedCount;

    @SuppressWarnings("unchecked")
    SentPacketRing() {
        packets = (SentPacket<T>[]) new SentPacket<?>[INITIAL_CAPACITY];
        packetNumbers = new long[INITIAL_CAPACITY];
        states = new byte[INITIAL_CAPACITY];
    }

    /** Number of slots from the oldest kept slot to the newest packet (tracked or marked). */
    int size() {
        return size;
    }

    /** Number of packets neither acknowledged nor lost. */
    int trackedCount() {
        return trackedCount;
    }

    /** Appends {@code packet}; its packet number must exceed every earlier one. */
    void add(SentPacket<T> packet) {
        dropUntrackedHead();
        if (size > 0 && packet.packetNumber() <= packetNumberAt(size - 1)) {
            throw new IllegalArgumentException("packet numbers must increase: " + packet.packetNumber()
                    + " after " + packetNumberAt(size - 1));
        }
        if (size == packets.length) {
            grow();
        }
        int slot = physical(size);
        packets[slot] = packet;
        packetNumbers[slot] = packet.packetNumber();
        states[slot] = TRACKED;
        size++;
        trackedCount++;
    }

    long packetNumberAt(int index) {
        return packetNumbers[physical(index)];
    }

    byte stateAt(int index) {
        return states[physical(index)];
    }

    /** The tracked packet at {@code index}; {@code null} if it was acknowledged or lost. */
    SentPacket<T> packetAt(int index) {
        return packets[physical(index)];
    }

    /** Marks the tracked packet at {@code index} and returns it. */
    SentPacket<T> remove(int index, byte newState) {
        int slot = physical(index);
        SentPacket<T> packet = packets[slot];
        packets[slot] = null;
        states[slot] = newState;
        trackedCount--;
        return packet;
    }

    /** The smallest index whose packet number is at least {@code packetNumber} ({@code size} if none). */
    int firstIndexAtLeast(long packetNumber) {
        int low = 0;
        int high = size;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (packetNumberAt(middle) < packetNumber) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /**
     * Whether {@code smallest..largest} holds a packet number that was never sent although it
     * lies within the numbers this ring remembers (a number the sender skipped). Numbers below
     * the oldest kept slot cannot be judged and count as sent.
     */
    boolean coversUnsentNumber(long smallest, long largest) {
        if (size == 0) {
            return false;
        }
        long low = Math.max(smallest, packetNumberAt(0));
        long high = Math.min(largest, packetNumberAt(size - 1));
        if (low > high) {
            return false;
        }
        long slots = firstIndexAtLeast(high + 1) - firstIndexAtLeast(low);
        return slots < high - low + 1;
    }

    /** Drops acknowledged and lost slots before the oldest tracked packet. */
    void dropUntrackedHead() {
        while (size > 0 && states[head] != TRACKED) {
            states[head] = 0;
            head = (head + 1) & (packets.length - 1);
            size--;
        }
    }

    /**
     * Forgets every packet and gives the slots back: the space was discarded (RFC 9001 §4.9) and
     * an idle connection should not keep its ring. The capacity drops to one slot (it grows again
     * by doubling if packets are added after all).
     */
    @SuppressWarnings("unchecked")
    void clear() {
        packets = (SentPacket<T>[]) new SentPacket<?>[1];
        packetNumbers = new long[1];
        states = new byte[1];
        head = 0;
        size = 0;
        trackedCount = 0;
    }

    /** Slots allocated (for memory tests). */
    int capacity() {
        return packets.length;
    }

    private int physical(int index) {
        return (head + index) & (packets.length - 1);
    }

    @SuppressWarnings("unchecked")
    private void grow() {
        int capacity = packets.length;
        SentPacket<T>[] newPackets = (SentPacket<T>[]) new SentPacket<?>[capacity * 2];
        long[] newNumbers = new long[capacity * 2];
        byte[] newStates = new byte[capacity * 2];
        for (int i = 0; i < size; i++) {
            int slot = physical(i);
            newPackets[i] = packets[slot];
            newNumbers[i] = packetNumbers[slot];
            newStates[i] = states[slot];
        }
        packets = newPackets;
        packetNumbers = newNumbers;
        states = newStates;
        head = 0;
    }
}
