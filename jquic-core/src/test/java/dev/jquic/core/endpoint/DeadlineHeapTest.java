package dev.jquic.core.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadlineHeapTest {

    private static ConnectionSlot slot(long handle) {
        return new ConnectionSlot(handle, null, null);
    }

    private static void schedule(DeadlineHeap heap, ConnectionSlot slot, long deadline) {
        slot.deadlineNanos = deadline;
        heap.add(slot, deadline, 2);
    }

    @Test
    void staleDeadlinesAreSkippedAndDueOnesReturnedInOrder() {
        DeadlineHeap heap = new DeadlineHeap();
        ConnectionSlot first = slot(1);
        ConnectionSlot second = slot(2);
        schedule(heap, first, 100);
        schedule(heap, second, 50);
        schedule(heap, first, 30);
        assertEquals(30, heap.earliest());
        second.alive = false;
        List<ConnectionSlot> due = new ArrayList<>();
        heap.pollDue(200, due);
        assertEquals(List.of(first), due, "the moved deadline 100 and the dead slot are stale");
        assertEquals(Long.MAX_VALUE, heap.earliest());
    }

    @Test
    void sizeStaysBoundedUnderManyRescheduledDeadlines() {
        DeadlineHeap heap = new DeadlineHeap();
        ConnectionSlot only = slot(1);
        for (long deadline = 1_000_000; deadline > 0; deadline -= 7) {
            schedule(heap, only, deadline);
        }
        assertTrue(heap.size() <= 2 * 2 + 64 + 1, "heap size " + heap.size());
        assertEquals(only.deadlineNanos, heap.earliest());
    }
}
