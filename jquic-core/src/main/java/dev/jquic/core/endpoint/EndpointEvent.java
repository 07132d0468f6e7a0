package dev.jquic.core.endpoint;

import dev.jquic.core.connection.ConnectionEvent;

/** What an {@link Endpoint} tells its driver, polled with {@link Endpoint#pollEvent()}. */
public sealed interface EndpointEvent {

    /** The endpoint accepted a new server connection from a client Initial (RFC 9000 §7). */
    record ConnectionAccepted(long handle) implements EndpointEvent {
    }

    /**
     * An event of connection {@code handle}; routing events (connection IDs issued or retired)
     * are consumed by the endpoint and not forwarded.
     */
    record ConnectionEventOf(long handle, ConnectionEvent event) implements EndpointEvent {
    }

    /** Connection {@code handle} terminated and was forgotten: its handle is no longer valid. */
    record ConnectionForgotten(long handle) implements EndpointEvent {
    }
}
