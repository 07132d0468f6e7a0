package dev.jquic.core.connection;

import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.StatelessResetToken;
import java.util.Objects;

/**
 * A connection ID we issued (RFC 9000 §5.1.1) with its sequence number and stateless reset
 * token; the token is {@code null} only for a zero-length connection ID.
 */
public record IssuedConnectionId(long sequenceNumber, ConnectionId connectionId,
        StatelessResetToken statelessResetToken) {

    public IssuedConnectionId {
        if (sequenceNumber < 0) {
            throw new IllegalArgumentException("negative sequence number " + sequenceNumber);
        }
        Objects.requireNonNull(connectionId, "connectionId");
    }
}
