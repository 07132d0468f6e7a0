package dev.jquic.core.connection;

import dev.jquic.core.types.ConnectionId;

/**
 * Told by {@link LocalConnectionIds} when a connection ID we issued becomes routable or stops
 * being routable, so the endpoint can keep its destination-connection-ID routing table current
 * (RFC 9000 §5.1.1: an issued ID must be accepted until the peer retires it). Called on the
 * connection's owner thread, synchronously from the call that caused the change.
 */
public interface ConnectionIdRoutingListener {
    /** A listener that ignores every change. */
    ConnectionIdRoutingListener NONE = new ConnectionIdRoutingListener() {
        @Override
        public void connectionIdAdded(ConnectionId connectionId) {
        }

        @Override
        public void connectionIdRemoved(ConnectionId connectionId) {
        }
    };

    /** Packets carrying {@code connectionId} as destination now belong to this connection. */
    void connectionIdAdded(ConnectionId connectionId);

    /** The peer retired {@code connectionId}; it no longer routes to this connection. */
    void connectionIdRemoved(ConnectionId connectionId);
}
