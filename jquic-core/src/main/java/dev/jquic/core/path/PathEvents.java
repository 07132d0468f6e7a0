package dev.jquic.core.path;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The bounded, coalescing queue of {@link PathEvent}s of a {@link PathManager}. A new validation outcome for a
 * path replaces an older queued one for the same path; consecutive active-path changes merge into one (from the
 * first old path to the latest new path, resetting congestion control if any change did); when more than
 * {@link #MAX_PENDING_EVENTS} remain the oldest validation outcome is dropped. Single-threaded, not thread-safe.
 */
final class PathEvents {

    /** Most events kept until polled. */
    static final int MAX_PENDING_EVENTS = 16;

    private final ArrayDeque<PathEvent> queue = new ArrayDeque<>();

    void add(PathEvent event) {
        if (event instanceof PathEvent.ActivePathChanged change) {
            addChange(change);
        } else {
            removeOutcomeFor(pathOf(event));
            queue.addLast(event);
        }
        while (queue.size() > MAX_PENDING_EVENTS) {
            dropOldestOutcome();
        }
    }

    PathEvent poll() {
        return queue.pollFirst();
    }

    private void addChange(PathEvent.ActivePathChanged change) {
        for (Iterator<PathEvent> it = queue.iterator(); it.hasNext(); ) {
            if (it.next() instanceof PathEvent.ActivePathChanged earlier) {
                it.remove();
                queue.addLast(new PathEvent.ActivePathChanged(earlier.oldPath(), change.newPath(),
                        earlier.resetCongestionControl() || change.resetCongestionControl()));
                return;
            }
        }
        queue.addLast(change);
    }

    private void removeOutcomeFor(NetworkPath path) {
        queue.removeIf(queued -> !(queued instanceof PathEvent.ActivePathChanged) && pathOf(queued).equals(path));
    }

    private void dropOldestOutcome() {
        for (Iterator<PathEvent> it = queue.iterator(); it.hasNext(); ) {
            if (!(it.next() instanceof PathEvent.ActivePathChanged)) {
                it.remove();
                return;
            }
        }
    }

    private static NetworkPath pathOf(PathEvent event) {
        if (event instanceof PathEvent.PathValidated validated) {
            return validated.path();
        }
        if (event instanceof PathEvent.PathValidationFailed failed) {
            return failed.path();
        }
        throw new IllegalArgumentException("no single path: " + event);
    }
}
