package dev.jquic.tls.ticket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.crypto.CipherSuite;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ClientTicketTest {

    @Provide
    Arbitrary<ClientTicket> tickets() {
        Arbitrary<CipherSuite> suites = Arbitraries.of(CipherSuite.values());
        Arbitrary<byte[]> identities = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(300);
        Arbitrary<String> names = Arbitraries.strings().ofMinLength(1).ofMaxLength(40);
        Arbitrary<String> serverNames = Arbitraries.strings().alpha().numeric().withChars('.', '-')
                .ofMinLength(1).ofMaxLength(60).injectNull(0.3);
        Arbitrary<Long> uint32 = Arbitraries.longs().between(0, 0xFFFF_FFFFL);
        Arbitrary<Long> lifetimes = Arbitraries.longs().between(0, ClientTicket.MAX_LIFETIME_SECONDS);
        Arbitrary<Long> times = Arbitraries.longs();
        Arbitrary<Long> earlyData = Arbitraries.of(0L, 0xFFFF_FFFFL);
        return Combinators.combine(suites, identities, names, serverNames, uint32, times, lifetimes, earlyData)
                .as((suite, identity, alpn, sni, ageAdd, received, lifetime, early) -> {
                    byte[] psk = new byte[suite.hash().length()];
                    Arrays.fill(psk, (byte) identity.length);
                    return new ClientTicket(identity, psk, suite, alpn, sni, ageAdd, received, lifetime, early);
                });
    }

    @Property(tries = 300)
    void encodeDecodeRoundTrip(@ForAll("tickets") ClientTicket ticket) {
        byte[] encoded = ticket.encode();
        ClientTicket decoded = ClientTicket.decode(encoded);
        assertEquals(ticket, decoded);
        assertArrayEquals(encoded, decoded.encode());
    }

    @Property(tries = 100)
    void everyTruncationIsAMalformedTicket(@ForAll("tickets") ClientTicket ticket) {
        byte[] encoded = ticket.encode();
        for (int length = 0; length < encoded.length; length++) {
            byte[] truncated = Arrays.copyOf(encoded, length);
            assertThrows(MalformedTicketException.class, () -> ClientTicket.decode(truncated), "length " + length);
        }
    }

    @Property(tries = 500)
    void randomBytesDecodeOrFailCleanly(@ForAll byte[] bytes) {
        try {
            ClientTicket decoded = ClientTicket.decode(bytes);
            assertArrayEquals(bytes, decoded.encode());
        } catch (MalformedTicketException expected) {
            assertTrue(expected.getMessage().startsWith("malformed client ticket"));
        }
    }

    @Test
    void nullAndUnknownVersionAreMalformed() {
        assertThrows(MalformedTicketException.class, () -> ClientTicket.decode(null));
        assertThrows(MalformedTicketException.class, () -> ClientTicket.decode(new byte[] {2, 0, 0}));
    }

    @Test
    void obfuscatedAgeAndExpiry() {
        ClientTicket ticket = new ClientTicket(new byte[] {1}, new byte[32], CipherSuite.TLS_AES_128_GCM_SHA256, "h3",
                null, 0xFFFF_FFF0L, 1_000, 10, 0);
        // TLS 1.3 spec §4.2.11.1: (age in ms + ticket_age_add) mod 2^32.
        assertEquals(0x10L, ticket.obfuscatedTicketAge(1_032));
        assertFalse(ticket.isExpired(10_999));
        assertTrue(ticket.isExpired(11_000));
        assertTrue(ticket.isExpired(999), "a ticket from the future is not usable");
        assertFalse(ticket.allowsEarlyData());
    }

    @Test
    void invalidFieldsAreRejectedByTheConstructor() {
        assertThrows(IllegalArgumentException.class, () -> new ClientTicket(new byte[0], new byte[32],
                CipherSuite.TLS_AES_128_GCM_SHA256, "h3", null, 0, 0, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new ClientTicket(new byte[1], new byte[32],
                CipherSuite.TLS_AES_256_GCM_SHA384, "h3", null, 0, 0, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new ClientTicket(new byte[1], new byte[32],
                CipherSuite.TLS_AES_128_GCM_SHA256, "h3", null, 0, 0, ClientTicket.MAX_LIFETIME_SECONDS + 1, 0));
    }
}
