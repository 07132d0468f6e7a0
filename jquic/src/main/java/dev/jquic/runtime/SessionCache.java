package dev.jquic.runtime;

import dev.jquic.core.params.TransportParameters;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A client's session tickets per server (host and port), each with the transport parameters the
 * server sent on the connection that issued it (RFC 9000 §7.4.1: 0-RTT data obeys them). Tickets
 * are single use: {@link #take} removes the newest. Loop thread only.
 */
final class SessionCache {

    private static final int MAX_SERVERS = 256;

    /** A ticket and the server's parameters remembered with it. */
    record Session(byte[] ticket, TransportParameters serverParameters) {
    }

    private final Map<String, Session> sessions = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
            return size() > MAX_SERVERS;
        }
    };

    void remember(String host, int port, byte[] ticket, TransportParameters serverParameters) {
        sessions.put(key(host, port), new Session(ticket, serverParameters));
    }

    /** The session to resume with {@code host:port}, removed from the cache, or {@code null}. */
    Session take(String host, int port) {
        return sessions.remove(key(host, port));
    }

    private static String key(String host, int port) {
        return host.toLowerCase(java.util.Locale.ROOT) + ":" + port;
    }
}
