package dev.jquic.core.connection;

import dev.jquic.core.types.ConnectionId;
import java.util.ArrayList;
import java.util.List;

/** Records routing changes reported by {@link LocalConnectionIds}. */
final class RecordingRoutingListener implements ConnectionIdRoutingListener {
    final List<ConnectionId> added = new ArrayList<>();
    final List<ConnectionId> removed = new ArrayList<>();

    @Override
    public void connectionIdAdded(ConnectionId connectionId) {
        added.add(connectionId);
    }

    @Override
    public void connectionIdRemoved(ConnectionId connectionId) {
        removed.add(connectionId);
    }
}
