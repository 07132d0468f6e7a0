package dev.jquic.tls.ticket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.crypto.CipherSuite;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerTicketStoreTest {

    private static StoredTicket ticket(long issuedAtMillis, long lifetimeSeconds) {
        return new StoredTicket(new byte[32], CipherSuite.TLS_AES_128_GCM_SHA256, "h3", "example.org", 7,
                issuedAtMillis, lifetimeSeconds, true, new byte[] {42});
    }

    @Test
    void capacityIsBoundedAndTheOldestTicketGoesFirst() {
        ServerTicketStore store = new ServerTicketStore(2);
        store.put(new byte[] {1}, ticket(0, 100), 0);
        store.put(new byte[] {2}, ticket(0, 100), 0);
        store.put(new byte[] {3}, ticket(0, 100), 0);
        assertEquals(2, store.size());
        assertFalse(store.contains(new byte[] {1}));
        assertTrue(store.contains(new byte[] {2}));
        assertTrue(store.contains(new byte[] {3}));
        for (int i = 0; i < 100; i++) {
            store.put(new byte[] {4, (byte) i}, ticket(0, 100), 0);
        }
        assertEquals(2, store.size());
    }

    @Test
    void ticketsAreSingleUse() {
        ServerTicketStore store = new ServerTicketStore(4);
        store.put(new byte[] {1, 2}, ticket(0, 100), 0);
        StoredTicket taken = store.take(new byte[] {1, 2}, 50);
        assertNotNull(taken);
        assertArrayEquals(new byte[] {42}, taken.applicationContext());
        assertNull(store.take(new byte[] {1, 2}, 50), "second use finds nothing (TLS 1.3 spec §8.1)");
        assertNull(store.take(new byte[] {9}, 50));
    }

    @Test
    void expiredTicketsAreNotReturnedAndArePruned() {
        ServerTicketStore store = new ServerTicketStore(4);
        store.put(new byte[] {1}, ticket(0, 10), 0);
        assertNull(store.take(new byte[] {1}, 10_000));
        store.put(new byte[] {2}, ticket(0, 10), 0);
        store.put(new byte[] {3}, ticket(20_000, 10), 20_000);
        assertEquals(1, store.size(), "the expired ticket was pruned on insertion");
    }

    @Test
    void putDropsTheExpiredTicketsAtTheOldEndAndStopsAtTheFirstValidOne() {
        ServerTicketStore store = new ServerTicketStore(100);
        for (int i = 0; i < 3; i++) {
            store.put(new byte[] {1, (byte) i}, ticket(0, 10), 0);
        }
        store.put(new byte[] {2}, ticket(5_000, 10), 5_000);
        store.put(new byte[] {3}, ticket(12_000, 10), 12_000);
        assertEquals(2, store.size(), "the three expired oldest tickets were dropped");
        assertTrue(store.contains(new byte[] {2}));

        // A valid ticket at the old end stops the scan: a shorter-lived ticket behind it stays
        // until it is met (and is never returned once expired).
        ServerTicketStore mixed = new ServerTicketStore(100);
        mixed.put(new byte[] {1}, ticket(0, 100), 0);
        mixed.put(new byte[] {2}, ticket(0, 10), 0);
        mixed.put(new byte[] {3}, ticket(20_000, 10), 20_000);
        assertEquals(3, mixed.size());
        assertNull(mixed.take(new byte[] {2}, 20_000), "expired: not returned");
        assertNotNull(mixed.take(new byte[] {1}, 20_000));
    }

    @Test
    void policyLimits() {
        assertThrows(IllegalArgumentException.class, () -> new ServerTicketStore(0));
        assertThrows(IllegalArgumentException.class,
                () -> SessionTicketPolicy.defaults().withLifetime(Duration.ofDays(8)));
        assertThrows(IllegalArgumentException.class,
                () -> SessionTicketPolicy.defaults().withTicketsPerConnection(-1));
        SessionTicketPolicy defaults = SessionTicketPolicy.defaults();
        assertEquals(1, defaults.ticketsPerConnection());
        assertEquals(Duration.ofHours(2), defaults.lifetime());
        assertFalse(defaults.earlyDataEnabled());
        assertTrue(defaults.withEarlyData(true).earlyDataEnabled());
    }
}
