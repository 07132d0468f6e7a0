package dev.jquic.core.tls;

import dev.jquic.core.codec.QuicProtocolException;
import java.nio.ByteBuffer;

/**
 * Computes a server's quic_transport_parameters once the client's are known (RFC 9001 §8.2),
 * before the server's EncryptedExtensions are built. A server needs this for compatible version
 * negotiation (RFC 9368 §4): its version_information names the version it chose from the
 * client's list, and the rest of the handshake runs in that version.
 */
@FunctionalInterface
public interface TransportParametersResponder {

    /**
     * @param clientTransportParameters the client's encoded parameters (read-only; empty if the
     *     ClientHello carried none)
     * @return this server's encoded parameters
     * @throws QuicProtocolException a transport error (e.g. TRANSPORT_PARAMETER_ERROR or
     *     VERSION_NEGOTIATION_ERROR) that ends the handshake
     */
    ByteBuffer respond(ByteBuffer clientTransportParameters) throws QuicProtocolException;
}
