package dev.jquic.testkit.relay;

/**
 * What the relay did to one client's datagrams, for the diagnosis of a failed connection among
 * many sharing a relay: counts per direction, and the first and the last {@link #KEPT_EVENTS}
 * drops and bit flips with their position in the flow ({@code s#0} is the client's first datagram
 * to the server, {@code c#0} the server's first to the client). Written by the relay thread, read
 * by any thread.
 */
final class FlowRecord {

    /** Impairments listed by {@link #summary} at the start and again at the end of the flow. */
    static final int KEPT_EVENTS = 12;

    private final long[] received = new long[2];
    private final long[] dropped = new long[2];
    private final long[] corrupted = new long[2];
    private final String[] first = new String[KEPT_EVENTS];
    /** The latest events, a ring: event n (counting from 0) is at {@code n % KEPT_EVENTS}. */
    private final String[] last = new String[KEPT_EVENTS];
    private int eventCount;

    /** Counts a datagram offered in {@code direction}; returns its index in that direction. */
    synchronized long received(RelayDirection direction) {
        return received[direction.ordinal()]++;
    }

    synchronized void dropped(RelayDirection direction, long index, int length) {
        dropped[direction.ordinal()]++;
        event(direction, index, length, "dropped");
    }

    synchronized void corrupted(RelayDirection direction, long index, int length, int bit) {
        corrupted[direction.ordinal()]++;
        event(direction, index, length, "bit " + bit + " (byte " + (bit >>> 3) + ")");
    }

    private void event(RelayDirection direction, long index, int length, String what) {
        String event = (direction == RelayDirection.TO_SERVER ? "s#" : "c#") + index + ' ' + length + " B " + what;
        if (eventCount < KEPT_EVENTS) {
            first[eventCount] = event;
        }
        last[eventCount % KEPT_EVENTS] = event;
        eventCount++;
    }

    private String events() {
        if (eventCount == 0) {
            return "none";
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(eventCount, KEPT_EVENTS); i++) {
            text.append(i == 0 ? "" : ", ").append(first[i]);
        }
        int tailStart = Math.max(KEPT_EVENTS, eventCount - KEPT_EVENTS);
        if (tailStart > KEPT_EVENTS) {
            text.append(", ... ").append(tailStart - KEPT_EVENTS).append(" more ...");
        }
        for (int n = tailStart; n < eventCount; n++) {
            text.append(", ").append(last[n % KEPT_EVENTS]);
        }
        return text.toString();
    }

    /**
     * One line: received, dropped and corrupted each way, then the listed impairments, e.g.
     * {@code to server 9 received, 0 dropped, 2 corrupted; to client 1 received, 0 dropped, 1
     * corrupted; impairments: s#0 1200 B bit 4711 (byte 588), ...}; past {@code 2 *
     * KEPT_EVENTS} impairments the middle ones are counted, not listed.
     */
    synchronized String summary() {
        int s = RelayDirection.TO_SERVER.ordinal();
        int c = RelayDirection.TO_CLIENT.ordinal();
        return "to server " + received[s] + " received, " + dropped[s] + " dropped, " + corrupted[s]
                + " corrupted; to client " + received[c] + " received, " + dropped[c] + " dropped, " + corrupted[c]
                + " corrupted; impairments: " + events();
    }
}
