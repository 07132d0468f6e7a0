package dev.jquic.core.connection;

import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.Version;
import java.util.Objects;

/**
 * What a server endpoint learned from a client's first Initial packet, and from the Retry
 * token it carried if the endpoint required one (RFC 9000 §7.3, §8.1.2).
 *
 * @param version the version of the client's Initial
 * @param clientDestinationConnectionId the Destination Connection ID of that Initial (Initial
 *     keys derive from it, RFC 9001 §5.2)
 * @param clientSourceConnectionId the client's Source Connection ID
 * @param originalDestinationConnectionId the Destination Connection ID of the client's very first
 *     Initial: equal to {@code clientDestinationConnectionId} unless a Retry intervened
 * @param retrySourceConnectionId the Source Connection ID of the Retry sent, or {@code null}
 * @param addressValidated whether a valid token already validated the client's address
 */
public record ServerOrigin(Version version, ConnectionId clientDestinationConnectionId,
        ConnectionId clientSourceConnectionId, ConnectionId originalDestinationConnectionId,
        ConnectionId retrySourceConnectionId, boolean addressValidated) {

    public ServerOrigin {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(clientDestinationConnectionId, "clientDestinationConnectionId");
        Objects.requireNonNull(clientSourceConnectionId, "clientSourceConnectionId");
        Objects.requireNonNull(originalDestinationConnectionId, "originalDestinationConnectionId");
    }

    /** A client Initial without Retry: its Destination Connection ID is the original one. */
    public static ServerOrigin of(Version version, ConnectionId clientDestinationConnectionId,
            ConnectionId clientSourceConnectionId) {
        return new ServerOrigin(version, clientDestinationConnectionId, clientSourceConnectionId,
                clientDestinationConnectionId, null, false);
    }
}
