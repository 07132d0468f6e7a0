package dev.jquic.interop;

import dev.jquic.core.frame.Frame;
import dev.jquic.core.trace.ConnectionTracer;
import dev.jquic.core.trace.PacketDropReason;
import dev.jquic.core.types.PacketNumberSpace;
import dev.jquic.core.types.PacketType;
import java.util.ArrayList;
import java.util.List;

/**
 * The first {@value #MAX_LINES} trace events of one jquic connection as text, printed when one of
 * the 50 handshakes through loss or corruption fails so that the failure can be read afterwards.
 * Thread-safe (the connection's thread writes, the test thread reads).
 */
final class TraceLog implements ConnectionTracer {
    private static final int MAX_LINES = 400;
    private final List<String> lines = new ArrayList<>();
    private long originNanos = -1;
    private volatile String closedReason;
    /** Set once {@value #MAX_LINES} lines are held: later events are not even formatted. */
    private volatile boolean full;

    @Override
    public void packetSent(long timeNanos, PacketType type, long packetNumber, int sizeBytes, List<Frame> frames) {
        if (full) {
            return;
        }
        add(timeNanos, "sent " + type + " #" + packetNumber + " " + sizeBytes + " B " + frames);
    }

    @Override
    public void packetReceived(long timeNanos, PacketType type, long packetNumber, int sizeBytes, List<Frame> frames) {
        if (full) {
            return;
        }
        add(timeNanos, "received " + type + " #" + packetNumber + " " + sizeBytes + " B " + frames);
    }

    @Override
    public void packetLost(long timeNanos, PacketNumberSpace space, long packetNumber) {
        if (full) {
            return;
        }
        add(timeNanos, "lost " + space + " #" + packetNumber);
    }

    @Override
    public void packetDropped(long timeNanos, PacketType type, int sizeBytes, PacketDropReason reason) {
        if (full) {
            return;
        }
        add(timeNanos, "dropped " + (type == null ? "unparsed" : type) + " " + sizeBytes + " B: " + reason);
    }

    @Override
    public void packetBuffered(long timeNanos, PacketType type, int sizeBytes) {
        if (full) {
            return;
        }
        add(timeNanos, "buffered " + type + " " + sizeBytes + " B (no keys yet)");
    }

    @Override
    public void stateChanged(long timeNanos, String state) {
        if (full) {
            return;
        }
        add(timeNanos, "state " + state);
    }

    @Override
    public void closed(long timeNanos, String reason) {
        closedReason = reason;
        add(timeNanos, "closed " + reason);
    }

    /** The close reason, or null while the connection lives. */
    String closedReason() {
        return closedReason;
    }

    private synchronized void add(long timeNanos, String line) {
        if (originNanos < 0) {
            originNanos = timeNanos;
        }
        if (lines.size() < MAX_LINES) {
            full = lines.size() + 1 == MAX_LINES;
            String text = line.length() > 300 ? line.substring(0, 300) + "..." : line;
            lines.add(String.format(java.util.Locale.ROOT, "%9.3f ms %s", (timeNanos - originNanos) / 1e6, text));
        }
    }

    synchronized String text() {
        return String.join("\n", lines);
    }
}
