package dev.jquic.core.connection;

import dev.jquic.core.types.ConnectionId;
import java.util.random.RandomGenerator;

/**
 * Draws the connection IDs an endpoint issues (RFC 9000 §5.1): the initial Source Connection ID
 * of a connection and those sent in NEW_CONNECTION_ID frames. RFC 9000 §5.1 asks that they carry
 * no information an observer could use to correlate them; an endpoint that routes by connection
 * ID (a load balancer, or the event loops of one server) may reserve some bits for routing and
 * draws the rest at random. Implementations must be stateless and safe to share.
 */
@FunctionalInterface
public interface ConnectionIdGenerator {

    /** Every byte random: {@link LocalConnectionIds#randomConnectionId}. */
    ConnectionIdGenerator RANDOM = LocalConnectionIds::randomConnectionId;

    /**
     * A new connection ID of {@code length} bytes (0..20), its random part drawn from {@code random}.
     *
     * @throws IllegalArgumentException if {@code length} is outside 0..20
     */
    ConnectionId generate(RandomGenerator random, int length);
}
