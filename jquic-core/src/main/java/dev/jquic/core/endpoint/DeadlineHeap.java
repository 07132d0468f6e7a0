package dev.jquic.core.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The connections' deadlines, earliest first (DESIGN §5.8). Lazy deletion: an entry is valid
 * while its connection is alive and still has that deadline; stale entries are skipped, and the
 * heap is rebuilt when they outnumber the live connections, so its size stays bounded.
 */
final class DeadlineHeap {
    private record Item(long deadlineNanos, ConnectionSlot slot) implements Comparable<Item> {
        boolean valid() {
            return slot.alive && slot.deadlineNanos == deadlineNanos;
        }

        @Override
        public int compareTo(Item other) {
            return Long.compare(deadlineNanos, other.deadlineNanos);
        }
    }

    private static final int SLACK = 64;
    private final PriorityQueue<Item> heap = new PriorityQueue<>();

    /** Records that {@code slot} is due at {@code deadlineNanos} (already stored in the slot). */
    void add(ConnectionSlot slot, long deadlineNanos, int liveConnections) {
        heap.add(new Item(deadlineNanos, slot));
        if (heap.size() > 2 * liveConnections + SLACK) {
            List<Item> valid = new ArrayList<>(liveConnections);
            for (Item item : heap) {
                if (item.valid()) {
                    valid.add(item);
                }
            }
            heap.clear();
            heap.addAll(valid);
        }
    }

    /** Removes and adds to {@code due} every connection due at or before {@code nowNanos}. */
    void pollDue(long nowNanos, List<ConnectionSlot> due) {
        Item top;
        while ((top = heap.peek()) != null && top.deadlineNanos <= nowNanos) {
            heap.poll();
            if (top.valid()) {
                due.add(top.slot);
            }
        }
    }

    /** The earliest valid deadline, or {@code Long.MAX_VALUE}. */
    long earliest() {
        Item top;
        while ((top = heap.peek()) != null && !top.valid()) {
            heap.poll();
        }
        return top == null ? Long.MAX_VALUE : top.deadlineNanos;
    }

    int size() {
        return heap.size();
    }
}
