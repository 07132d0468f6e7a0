package dev.jquic.core.endpoint;

import dev.jquic.core.types.ConnectionId;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The endpoint's routing table from connection ID to connection handle (RFC 9000 §5.2). Buckets
 * are chosen by {@link SipHash} under a random key drawn at construction, so a peer that picks
 * connection IDs cannot make them collide (RFC 9000 §21.6): lookups stay O(1) on average for any
 * input. Chained buckets; the table doubles at a load factor of 3/4 and holds at most
 * {@code capacityLimit} entries. Lookups straight from a datagram do not allocate.
 *
 * <p>Not thread-safe: confine to the endpoint's thread.
 */
final class ConnectionIdTable {

    /** The value {@link #get} returns for an unknown connection ID. */
    static final long ABSENT = -1;
    private static final int INITIAL_BUCKETS = 64;

    private static final class Entry {
        final byte[] id;
        final long hash;
        final long handle;
        Entry next;

        Entry(byte[] id, long hash, long handle, Entry next) {
            this.id = id;
            this.hash = hash;
            this.handle = handle;
            this.next = next;
        }
    }

    private final long key0;
    private final long key1;
    private final int capacityLimit;
    private final byte[] scratch = new byte[ConnectionId.MAX_LENGTH];
    private Entry[] buckets = new Entry[INITIAL_BUCKETS];
    private int size;

    /** An empty table whose hash key comes from {@code random}, holding at most {@code capacityLimit} IDs. */
    ConnectionIdTable(RandomGenerator random, int capacityLimit) {
        this.key0 = random.nextLong();
        this.key1 = random.nextLong();
        this.capacityLimit = capacityLimit;
    }

    int size() {
        return size;
    }

    /**
     * Routes {@code id} to {@code handle}. Returns false, changing nothing, if the ID is already
     * routed (to any handle), is empty, or the table is full.
     */
    boolean put(ConnectionId id, long handle) {
        int length = id.length();
        if (length == 0 || size >= capacityLimit) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            scratch[i] = id.byteAt(i);
        }
        long hash = SipHash.hash(key0, key1, scratch, 0, length);
        if (find(hash, length) != null) {
            return false;
        }
        if (size + 1 > buckets.length - (buckets.length >> 2)) {
            grow();
        }
        int index = index(hash, buckets.length);
        buckets[index] = new Entry(Arrays.copyOf(scratch, length), hash, handle, buckets[index]);
        size++;
        return true;
    }

    /** The handle of {@code id}, or {@link #ABSENT}. */
    long get(ConnectionId id) {
        int length = id.length();
        for (int i = 0; i < length; i++) {
            scratch[i] = id.byteAt(i);
        }
        return lookup(length);
    }

    /**
     * The handle of the connection ID of {@code length} bytes at absolute index {@code offset} of
     * {@code datagram}, or {@link #ABSENT}; the caller checked the bytes are there.
     */
    long get(ByteBuffer datagram, int offset, int length) {
        datagram.get(offset, scratch, 0, length);
        return lookup(length);
    }

    /** Stops routing {@code id} if it routes to {@code handle}; returns whether it did. */
    boolean remove(ConnectionId id, long handle) {
        int length = id.length();
        for (int i = 0; i < length; i++) {
            scratch[i] = id.byteAt(i);
        }
        long hash = SipHash.hash(key0, key1, scratch, 0, length);
        int index = index(hash, buckets.length);
        Entry previous = null;
        for (Entry entry = buckets[index]; entry != null; previous = entry, entry = entry.next) {
            if (entry.hash == hash && matches(entry, length)) {
                if (entry.handle != handle) {
                    return false;
                }
                if (previous == null) {
                    buckets[index] = entry.next;
                } else {
                    previous.next = entry.next;
                }
                size--;
                return true;
            }
        }
        return false;
    }

    /** The length of the longest bucket chain (for tests of the collision resistance). */
    int longestChain() {
        int longest = 0;
        for (Entry head : buckets) {
            int chain = 0;
            for (Entry entry = head; entry != null; entry = entry.next) {
                chain++;
            }
            longest = Math.max(longest, chain);
        }
        return longest;
    }

    private long lookup(int length) {
        if (length == 0) {
            return ABSENT;
        }
        Entry entry = find(SipHash.hash(key0, key1, scratch, 0, length), length);
        return entry == null ? ABSENT : entry.handle;
    }

    private Entry find(long hash, int length) {
        for (Entry entry = buckets[index(hash, buckets.length)]; entry != null; entry = entry.next) {
            if (entry.hash == hash && matches(entry, length)) {
                return entry;
            }
        }
        return null;
    }

    private boolean matches(Entry entry, int length) {
        return Arrays.equals(entry.id, 0, entry.id.length, scratch, 0, length);
    }

    private void grow() {
        Entry[] larger = new Entry[buckets.length * 2];
        for (Entry head : buckets) {
            Entry entry = head;
            while (entry != null) {
                Entry next = entry.next;
                int index = index(entry.hash, larger.length);
                entry.next = larger[index];
                larger[index] = entry;
                entry = next;
            }
        }
        buckets = larger;
    }

    private static int index(long hash, int bucketCount) {
        return (int) (hash ^ (hash >>> 32)) & (bucketCount - 1);
    }
}
