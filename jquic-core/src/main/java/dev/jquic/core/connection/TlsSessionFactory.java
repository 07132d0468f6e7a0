package dev.jquic.core.connection;

import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.tls.TransportParametersResponder;
import java.nio.ByteBuffer;

/**
 * Creates the TLS side of one connection once the connection knows its own transport
 * parameters (they travel in the TLS handshake, RFC 9001 §8.2). The server's parameters depend
 * on the client's first Initial (original_destination_connection_id), so the session cannot be
 * built before the connection.
 */
@FunctionalInterface
public interface TlsSessionFactory {

    /** A new session carrying {@code encodedLocalTransportParameters} (read-only view). */
    TlsSession create(ByteBuffer encodedLocalTransportParameters);

    /**
     * A server session whose parameters are computed when the client's arrive, so that
     * compatible version negotiation (RFC 9368) can pick the version. Factories whose TLS cannot
     * do that use {@code initialParameters} and the connection keeps the client's version.
     */
    default TlsSession createServer(ByteBuffer initialParameters, TransportParametersResponder responder) {
        return create(initialParameters);
    }
}
