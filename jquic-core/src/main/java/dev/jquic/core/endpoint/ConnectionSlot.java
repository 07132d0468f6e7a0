package dev.jquic.core.endpoint;

import dev.jquic.core.connection.Connection;
import dev.jquic.core.crypto.CipherPool;
import dev.jquic.core.path.NetworkPath;
import dev.jquic.core.types.ConnectionId;
import java.util.ArrayList;
import java.util.List;

/** The endpoint's bookkeeping for one connection: its routes, limits and scheduling state. */
final class ConnectionSlot {
    final long handle;
    final Connection connection;
    /** The host counted against maxConnectionsPerHost, or {@code null} for a client connection. */
    final Object host;
    /** The JCA ciphers the connection took from the endpoint's pool, returned when it is forgotten. */
    final CipherPool.Lease ciphers;
    /** Connection IDs routed to this connection (to remove when it is forgotten). */
    final List<ConnectionId> routes = new ArrayList<>(4);
    /** Server: the client's Initial Destination Connection ID, routed until the handshake completes. */
    ConnectionId originalRoute;
    /** Client: the path routed to this connection for zero-length IDs and stateless resets. */
    NetworkPath clientPath;
    boolean handshaking;
    boolean alive = true;
    boolean inActiveSet;
    long deadlineNanos = Connection.NO_DEADLINE;
    /** Position in the endpoint's {@link DeadlineHeap}, or -1 while not in it. */
    int heapIndex = -1;

    ConnectionSlot(long handle, Connection connection, Object host, CipherPool.Lease ciphers) {
        this.handle = handle;
        this.connection = connection;
        this.host = host;
        this.ciphers = ciphers;
    }
}
