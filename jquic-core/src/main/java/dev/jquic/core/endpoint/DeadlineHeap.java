package dev.jquic.core.endpoint;

import dev.jquic.core.connection.Connection;
import java.util.Arrays;
import java.util.List;

/**
 * The connections' deadlines, earliest first (DESIGN §5.8): a binary min-heap of the slots that
 * have a deadline, keyed by {@link ConnectionSlot#deadlineNanos}, each slot knowing its own
 * position ({@link ConnectionSlot#heapIndex}, -1 when absent). A changed deadline moves its slot
 * in place: nothing is allocated per change, and the heap never holds more entries than
 * connections. (The former lazy-deletion heap allocated an entry per change, i.e. per sent
 * packet in a transfer: 2 % of the W1 sender's samples, siftUp and all, in a JFR profile.)
 */
final class DeadlineHeap {

    private ConnectionSlot[] heap = new ConnectionSlot[16];
    private int size;

    /**
     * Places {@code slot} by its current {@link ConnectionSlot#deadlineNanos}, or takes it out when
     * that is {@link Connection#NO_DEADLINE} or the slot is dead.
     */
    void update(ConnectionSlot slot) {
        if (!slot.alive || slot.deadlineNanos == Connection.NO_DEADLINE) {
            remove(slot);
            return;
        }
        int index = slot.heapIndex;
        if (index < 0) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            index = size++;
            heap[index] = slot;
            slot.heapIndex = index;
        }
        if (!siftUp(index)) {
            siftDown(slot.heapIndex);
        }
    }

    /** Takes {@code slot} out of the heap if it is in it. */
    void remove(ConnectionSlot slot) {
        int index = slot.heapIndex;
        if (index < 0) {
            return;
        }
        slot.heapIndex = -1;
        ConnectionSlot moved = heap[--size];
        heap[size] = null;
        if (index < size) {
            heap[index] = moved;
            moved.heapIndex = index;
            if (!siftUp(index)) {
                siftDown(index);
            }
        }
    }

    /** Takes out and adds to {@code due}, earliest first, every slot due at or before {@code nowNanos}. */
    void pollDue(long nowNanos, List<ConnectionSlot> due) {
        while (size > 0 && heap[0].deadlineNanos <= nowNanos) {
            ConnectionSlot first = heap[0];
            remove(first);
            due.add(first);
        }
    }

    /** The earliest deadline, or {@code Long.MAX_VALUE} (= {@link Connection#NO_DEADLINE}). */
    long earliest() {
        return size == 0 ? Long.MAX_VALUE : heap[0].deadlineNanos;
    }

    int size() {
        return size;
    }

    /** @return whether the slot at {@code index} moved up */
    private boolean siftUp(int index) {
        ConnectionSlot slot = heap[index];
        int start = index;
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            ConnectionSlot above = heap[parent];
            if (above.deadlineNanos <= slot.deadlineNanos) {
                break;
            }
            heap[index] = above;
            above.heapIndex = index;
            index = parent;
        }
        heap[index] = slot;
        slot.heapIndex = index;
        return index != start;
    }

    private void siftDown(int index) {
        ConnectionSlot slot = heap[index];
        int half = size >>> 1;
        while (index < half) {
            int child = 2 * index + 1;
            int right = child + 1;
            if (right < size && heap[right].deadlineNanos < heap[child].deadlineNanos) {
                child = right;
            }
            ConnectionSlot below = heap[child];
            if (slot.deadlineNanos <= below.deadlineNanos) {
                break;
            }
            heap[index] = below;
            below.heapIndex = index;
            index = child;
        }
        heap[index] = slot;
        slot.heapIndex = index;
    }
}
