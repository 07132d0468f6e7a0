package dev.jquic.core.params;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.types.ConnectionId;
import java.util.Optional;

/**
 * Authentication of the handshake connection IDs (RFC 9000 §7.3): the connection ID parameters a
 * peer sent must match the connection IDs seen in the Initial (and Retry) packets.
 *
 * <p>§7.3 requires TRANSPORT_PARAMETER_ERROR for an absent initial_source_connection_id (either
 * side) or original_destination_connection_id (server), and allows TRANSPORT_PARAMETER_ERROR or
 * PROTOCOL_VIOLATION for a missing or unexpected retry_source_connection_id and for mismatches;
 * jquic uses TRANSPORT_PARAMETER_ERROR throughout.
 */
public final class ConnectionIdAuthentication {
    private ConnectionIdAuthentication() {
    }

    /**
     * Checks a server's parameters, on the client.
     *
     * @param server the server's decoded parameters
     * @param originalDestinationConnectionId the Destination Connection ID of the client's first
     *     Initial packet (before any Retry)
     * @param serverSourceConnectionId the Source Connection ID of the server's Initial packet
     * @param retrySourceConnectionId the Source Connection ID of the Retry packet the client
     *     acted on, or empty if it received none
     * @throws QuicProtocolException with TRANSPORT_PARAMETER_ERROR on absence or mismatch
     */
    public static void verifyServerParameters(TransportParameters server,
            ConnectionId originalDestinationConnectionId, ConnectionId serverSourceConnectionId,
            Optional<ConnectionId> retrySourceConnectionId) throws QuicProtocolException {
        // RFC 9000 §7.3: absence of initial_source_connection_id MUST be a TRANSPORT_PARAMETER_ERROR.
        requireMatch("initial_source_connection_id", server.initialSourceConnectionId(), serverSourceConnectionId);
        // RFC 9000 §7.3: absence of original_destination_connection_id from the server MUST be a
        // TRANSPORT_PARAMETER_ERROR; a mismatch MUST be TRANSPORT_PARAMETER_ERROR or PROTOCOL_VIOLATION.
        requireMatch("original_destination_connection_id", server.originalDestinationConnectionId(),
                originalDestinationConnectionId);
        if (retrySourceConnectionId.isPresent()) {
            // RFC 9000 §7.3: absence of retry_source_connection_id after a Retry MUST be an error.
            requireMatch("retry_source_connection_id", server.retrySourceConnectionId(),
                    retrySourceConnectionId.get());
        } else if (server.retrySourceConnectionId().isPresent()) {
            // RFC 9000 §7.3: retry_source_connection_id without a Retry MUST be an error.
            throw error("retry_source_connection_id present but no Retry packet was received");
        }
    }

    /**
     * Checks a client's parameters, on the server.
     *
     * @param client the client's decoded parameters
     * @param clientSourceConnectionId the Source Connection ID of the client's Initial packets
     * @throws QuicProtocolException with TRANSPORT_PARAMETER_ERROR on absence or mismatch
     */
    public static void verifyClientParameters(TransportParameters client, ConnectionId clientSourceConnectionId)
            throws QuicProtocolException {
        // RFC 9000 §7.3: absence of initial_source_connection_id MUST be a TRANSPORT_PARAMETER_ERROR;
        // a mismatch MUST be TRANSPORT_PARAMETER_ERROR or PROTOCOL_VIOLATION.
        requireMatch("initial_source_connection_id", client.initialSourceConnectionId(), clientSourceConnectionId);
    }

    private static void requireMatch(String name, Optional<ConnectionId> received, ConnectionId expected)
            throws QuicProtocolException {
        if (received.isEmpty()) {
            throw error(name + " is missing");
        }
        if (!received.get().equals(expected)) {
            throw error(name + " " + received.get().toHex() + " does not match " + expected.toHex());
        }
    }

    private static QuicProtocolException error(String reason) {
        return new QuicProtocolException(TransportError.TRANSPORT_PARAMETER_ERROR, reason);
    }
}
