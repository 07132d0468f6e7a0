package dev.jquic.core.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.connection.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DeadlineHeapTest {

    private static ConnectionSlot slot(long handle) {
        return new ConnectionSlot(handle, null, null, null);
    }

    private static void schedule(DeadlineHeap heap, ConnectionSlot slot, long deadline) {
        slot.deadlineNanos = deadline;
        heap.update(slot);
    }

    @Test
    void movedDeadlinesAndDeadSlotsAreNotReturnedAndDueOnesComeInOrder() {
        DeadlineHeap heap = new DeadlineHeap();
        ConnectionSlot first = slot(1);
        ConnectionSlot second = slot(2);
        ConnectionSlot third = slot(3);
        schedule(heap, first, 100);
        schedule(heap, second, 50);
        schedule(heap, third, 70);
        schedule(heap, first, 30);
        assertEquals(30, heap.earliest());
        second.alive = false;
        heap.remove(second);
        List<ConnectionSlot> due = new ArrayList<>();
        heap.pollDue(200, due);
        assertEquals(List.of(first, third), due, "each live slot once, at its latest deadline, earliest first");
        assertEquals(Long.MAX_VALUE, heap.earliest());
        assertEquals(-1, first.heapIndex);
    }

    @Test
    void noDeadlineTakesASlotOutAndRescheduledSlotsNeverPileUp() {
        DeadlineHeap heap = new DeadlineHeap();
        ConnectionSlot only = slot(1);
        for (long deadline = 1_000_000; deadline > 0; deadline -= 7) {
            schedule(heap, only, deadline);
        }
        assertEquals(1, heap.size());
        assertEquals(only.deadlineNanos, heap.earliest());
        schedule(heap, only, Connection.NO_DEADLINE);
        assertEquals(0, heap.size());
        assertEquals(Long.MAX_VALUE, heap.earliest());
    }

    @Test
    void pollDueLeavesLaterDeadlinesInPlace() {
        DeadlineHeap heap = new DeadlineHeap();
        ConnectionSlot early = slot(1);
        ConnectionSlot late = slot(2);
        schedule(heap, late, 500);
        schedule(heap, early, 100);
        List<ConnectionSlot> due = new ArrayList<>();
        heap.pollDue(100, due);
        assertEquals(List.of(early), due, "due at or before now");
        assertEquals(500, heap.earliest());
        assertEquals(1, heap.size());
    }

    /** Random updates, removals and polls against a brute-force model of the same slots. */
    @Test
    void agreesWithABruteForceModel() {
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            DeadlineHeap heap = new DeadlineHeap();
            List<ConnectionSlot> slots = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                slots.add(slot(i));
            }
            long now = 0;
            for (int step = 0; step < 5_000; step++) {
                ConnectionSlot slot = slots.get(random.nextInt(slots.size()));
                int action = random.nextInt(10);
                if (action < 6) {
                    schedule(heap, slot, now + random.nextInt(1_000));
                } else if (action < 7) {
                    schedule(heap, slot, Connection.NO_DEADLINE);
                } else if (action < 8) {
                    slot.deadlineNanos = Connection.NO_DEADLINE;
                    heap.remove(slot);
                } else {
                    now += random.nextInt(200);
                    List<ConnectionSlot> due = new ArrayList<>();
                    heap.pollDue(now, due);
                    long previous = Long.MIN_VALUE;
                    for (ConnectionSlot polled : due) {
                        assertTrue(polled.deadlineNanos <= now && polled.deadlineNanos >= previous,
                                "seed " + seed + ": due in order and only when due");
                        previous = polled.deadlineNanos;
                        polled.deadlineNanos = Connection.NO_DEADLINE;
                    }
                }
                long expectedEarliest = Long.MAX_VALUE;
                int expectedSize = 0;
                for (ConnectionSlot each : slots) {
                    if (each.deadlineNanos != Connection.NO_DEADLINE) {
                        expectedEarliest = Math.min(expectedEarliest, each.deadlineNanos);
                        expectedSize++;
                    }
                }
                assertEquals(expectedEarliest, heap.earliest(), "seed " + seed + ", step " + step);
                assertEquals(expectedSize, heap.size(), "seed " + seed + ", step " + step);
            }
        }
    }
}
