package dev.jquic.tls.ticket;

import java.time.Duration;
import java.util.Objects;

/**
 * How a server issues and accepts session tickets (TLS 1.3 spec §4.6.1, §8; RFC 9001 §4.6).
 * Part of {@code TlsServerConfig}; the {@link ServerTicketStore} is shared by all sessions of the
 * server (one thread, see there).
 *
 * @param store where issued tickets are kept (single use)
 * @param ticketsPerConnection NewSessionTicket messages sent after each handshake; 0 disables
 *     issuing
 * @param lifetime ticket_lifetime, at most 7 days (§4.6.1)
 * @param earlyDataEnabled whether tickets allow 0-RTT (early_data with max_early_data_size
 *     0xffffffff, RFC 9001 §4.6.1) and 0-RTT is accepted
 * @param freshnessWindow how far the client's ticket age may differ from ours for 0-RTT to be
 *     accepted (§8.3)
 */
public record SessionTicketPolicy(
        ServerTicketStore store,
        int ticketsPerConnection,
        Duration lifetime,
        boolean earlyDataEnabled,
        Duration freshnessWindow) {
    /** Default ticket lifetime: 2 hours. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(2);
    /** Default freshness window for 0-RTT: 10 seconds. */
    public static final Duration DEFAULT_FRESHNESS_WINDOW = Duration.ofSeconds(10);

    public SessionTicketPolicy {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(freshnessWindow, "freshnessWindow");
        if (ticketsPerConnection < 0 || ticketsPerConnection > 255) {
            throw new IllegalArgumentException("ticketsPerConnection: " + ticketsPerConnection + " not in 0..255");
        }
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.getSeconds() > ClientTicket.MAX_LIFETIME_SECONDS) {
            throw new IllegalArgumentException("lifetime: " + lifetime + " must be positive and at most 7 days");
        }
        if (freshnessWindow.isNegative()) {
            throw new IllegalArgumentException("freshnessWindow: " + freshnessWindow + " is negative");
        }
    }

    /** One ticket per connection, 2 h lifetime, no 0-RTT, a new store of the default capacity. */
    public static SessionTicketPolicy defaults() {
        return new SessionTicketPolicy(new ServerTicketStore(ServerTicketStore.DEFAULT_CAPACITY), 1,
                DEFAULT_LIFETIME, false, DEFAULT_FRESHNESS_WINDOW);
    }

    /** The same policy with 0-RTT enabled or disabled. */
    public SessionTicketPolicy withEarlyData(boolean enabled) {
        return new SessionTicketPolicy(store, ticketsPerConnection, lifetime, enabled, freshnessWindow);
    }

    /** The same policy with another number of tickets per connection (0: none). */
    public SessionTicketPolicy withTicketsPerConnection(int count) {
        return new SessionTicketPolicy(store, count, lifetime, earlyDataEnabled, freshnessWindow);
    }

    /** The same policy with another ticket lifetime. */
    public SessionTicketPolicy withLifetime(Duration newLifetime) {
        return new SessionTicketPolicy(store, ticketsPerConnection, newLifetime, earlyDataEnabled, freshnessWindow);
    }
}
