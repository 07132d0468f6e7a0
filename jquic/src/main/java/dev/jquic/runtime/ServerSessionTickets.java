package dev.jquic.runtime;

import dev.jquic.SessionTickets;
import dev.jquic.tls.ticket.ServerTicketStore;

/** {@link SessionTickets} backed by the TLS layer's single-use ticket store. */
final class ServerSessionTickets implements SessionTickets {

    final ServerTicketStore store;

    ServerSessionTickets(int capacity) {
        this.store = new ServerTicketStore(capacity);
    }

    @Override
    public int size() {
        return store.size();
    }
}
