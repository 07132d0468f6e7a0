package dev.jquic.tls.ticket;

import dev.jquic.core.crypto.CipherSuite;
import java.util.Objects;

/**
 * The server-side state of one issued ticket (TLS 1.3 spec §4.6.1), kept in a
 * {@link ServerTicketStore} under the ticket's random identity.
 *
 * @param psk the resumption PSK (§4.6.1)
 * @param cipherSuite the suite of the issuing connection
 * @param applicationProtocol the ALPN of the issuing connection
 * @param serverName the SNI of the issuing connection, or {@code null}
 * @param ticketAgeAdd ticket_age_add sent in the ticket (unsigned 32-bit)
 * @param issuedAtMillis when the ticket was issued, server clock epoch milliseconds
 * @param lifetimeSeconds ticket_lifetime sent in the ticket
 * @param earlyDataAllowed whether the ticket carried early_data (0-RTT allowed)
 * @param applicationContext opaque bytes the transport remembers with the ticket, e.g. its
 *     transport parameters (RFC 9000 §7.4.1); possibly empty
 */
public record StoredTicket(
        byte[] psk,
        CipherSuite cipherSuite,
        String applicationProtocol,
        String serverName,
        long ticketAgeAdd,
        long issuedAtMillis,
        long lifetimeSeconds,
        boolean earlyDataAllowed,
        byte[] applicationContext) {
    public StoredTicket {
        Objects.requireNonNull(cipherSuite, "cipherSuite");
        Objects.requireNonNull(applicationProtocol, "applicationProtocol");
        psk = psk.clone();
        applicationContext = applicationContext.clone();
    }

    @Override
    public byte[] psk() {
        return psk.clone();
    }

    @Override
    public byte[] applicationContext() {
        return applicationContext.clone();
    }

    /** Whether the ticket's lifetime has passed at {@code nowMillis}. */
    public boolean isExpired(long nowMillis) {
        long age = nowMillis - issuedAtMillis;
        return age < 0 || age >= lifetimeSeconds * 1000;
    }

    @Override
    public String toString() {
        return "StoredTicket[" + cipherSuite + ", alpn=" + applicationProtocol + ", sni=" + serverName
                + ", issuedAtMillis=" + issuedAtMillis + ", earlyData=" + earlyDataAllowed + "]";
    }
}
