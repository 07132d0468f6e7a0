package dev.jquic.core.endpoint;

/** The mutable counters behind {@link EndpointStats}. */
final class EndpointCounters {
    long connectionsAccepted;
    long connectionsRefused;
    long connectionsForgotten;
    long connectionFailures;
    long versionNegotiationsSent;
    long retriesSent;
    long invalidTokens;
    long statelessResetsSent;
    long statelessResetsRateLimited;
    long datagramsRouted;
    long datagramsDropped;
    long packetsQueueOverflow;
    long eventsDropped;

    EndpointStats snapshot(long ciphersCreated, long ciphersReused) {
        return new EndpointStats(connectionsAccepted, connectionsRefused, connectionsForgotten, connectionFailures,
                versionNegotiationsSent, retriesSent, invalidTokens, statelessResetsSent, statelessResetsRateLimited,
                datagramsRouted, datagramsDropped, packetsQueueOverflow, eventsDropped, ciphersCreated,
                ciphersReused);
    }
}
