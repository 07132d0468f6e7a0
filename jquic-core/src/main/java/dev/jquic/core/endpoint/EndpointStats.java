package dev.jquic.core.endpoint;

/**
 * Counters of an {@link Endpoint} since it was created.
 *
 * @param connectionsAccepted server connections created from client Initials
 * @param connectionsRefused client Initials dropped by a limit (connections, per host, handshakes)
 * @param connectionsForgotten connections removed after they terminated or failed
 * @param connectionFailures connections that threw and were dropped (a bug; isolated)
 * @param versionNegotiationsSent Version Negotiation packets sent (RFC 9000 §6.1)
 * @param retriesSent Retry packets sent (RFC 9000 §8.1.2)
 * @param invalidTokens Initials dropped for an invalid or expired token
 * @param statelessResetsSent stateless resets sent (RFC 9000 §10.3)
 * @param statelessResetsRateLimited stateless resets not sent because of the rate limit
 * @param datagramsRouted datagrams delivered to a connection
 * @param datagramsDropped datagrams dropped by the endpoint (unroutable, too small, malformed)
 * @param packetsQueueOverflow endpoint packets dropped because their queue was full (or the output buffer too small)
 * @param eventsDropped events dropped because the event queue was full
 * @param ciphersCreated JCA ciphers created for packet protection
 * @param ciphersReused ciphers of forgotten connections that new connections reused instead
 */
public record EndpointStats(
        long connectionsAccepted,
        long connectionsRefused,
        long connectionsForgotten,
        long connectionFailures,
        long versionNegotiationsSent,
        long retriesSent,
        long invalidTokens,
        long statelessResetsSent,
        long statelessResetsRateLimited,
        long datagramsRouted,
        long datagramsDropped,
        long packetsQueueOverflow,
        long eventsDropped,
        long ciphersCreated,
        long ciphersReused) {
}
