package dev.jquic.core.endpoint;

import java.util.ArrayDeque;

/** The connections to poll for sending, in round-robin order, each at most once (DESIGN §5.8). */
final class ActiveSet {
    private final ArrayDeque<ConnectionSlot> queue = new ArrayDeque<>();

    void add(ConnectionSlot slot) {
        if (!slot.inActiveSet) {
            slot.inActiveSet = true;
            queue.add(slot);
        }
    }

    /** The next connection to poll, removed from the set, or {@code null}. */
    ConnectionSlot poll() {
        ConnectionSlot slot = queue.poll();
        if (slot != null) {
            slot.inActiveSet = false;
        }
        return slot;
    }

    int size() {
        return queue.size();
    }
}
