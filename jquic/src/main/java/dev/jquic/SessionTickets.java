package dev.jquic;

import dev.jquic.runtime.Runtimes;

/**
 * A server's memory of the session tickets it issued (TLS 1.3 spec §4.6.1; RFC 9001 §4.6). Give
 * the same instance to a server that replaces another one (a restart on the same port in the
 * same process), and clients resume their sessions — with 0-RTT data when enabled — instead of
 * falling back to full handshakes. Tickets are single use (replay protection for 0-RTT). Use an
 * instance with one server at a time.
 */
public interface SessionTickets {

    /** An empty ticket memory holding up to 10,000 tickets. */
    static SessionTickets create() {
        return Runtimes.sessionTickets(10_000);
    }

    /** Tickets issued and not yet used or expired. */
    int size();
}
