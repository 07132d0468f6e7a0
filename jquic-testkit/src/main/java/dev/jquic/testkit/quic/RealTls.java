package dev.jquic.testkit.quic;

import dev.jquic.core.connection.TlsSessionFactory;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.tls.TransportParametersResponder;
import dev.jquic.tls.QuicTls;
import dev.jquic.tls.TlsClientConfig;
import dev.jquic.tls.TlsServerConfig;
import dev.jquic.tls.cert.PeerCertificateVerifier;
import java.nio.ByteBuffer;

/**
 * TLS session factories of module jquic-tls for scenarios that need the real handshake: a server
 * with a self-signed certificate (generated once per JVM) and ALPN "test", and clients that skip
 * certificate verification. The server factory supports compatible version negotiation.
 */
public final class RealTls {

    /** One self-signed server configuration for all tests (generating a key pair costs time). */
    private static final TlsServerConfig SERVER = TlsServerConfig.builder().applicationProtocols("test").build();

    /** A server issuing tickets that allow 0-RTT (its ticket store is shared by all its sessions). */
    private static final TlsServerConfig EARLY_DATA_SERVER = TlsServerConfig.builder().applicationProtocols("test")
            .sessionTickets(dev.jquic.tls.ticket.SessionTicketPolicy.defaults().withEarlyData(true)).build();

    private RealTls() {
    }

    /** A server whose tickets allow resumption with 0-RTT (RFC 9001 §4.6). */
    public static TlsSessionFactory serverWithEarlyData() {
        return parameters -> QuicTls.server(EARLY_DATA_SERVER, parameters);
    }

    /** A client offering early data; resumes with {@code ticket} when it is not {@code null}. */
    public static TlsSessionFactory earlyDataClient(String serverName, byte[] ticket) {
        TlsClientConfig config = TlsClientConfig.builder().applicationProtocols("test").earlyDataEnabled(true)
                .peerCertificateVerifier(PeerCertificateVerifier.insecure()).build();
        return ticket == null ? parameters -> QuicTls.client(config, serverName, parameters)
                : parameters -> QuicTls.client(config, serverName, parameters, ticket);
    }

    public static TlsSessionFactory server() {
        return new TlsSessionFactory() {
            @Override
            public TlsSession create(ByteBuffer parameters) {
                return QuicTls.server(SERVER, parameters);
            }

            @Override
            public TlsSession createServer(ByteBuffer initialParameters, TransportParametersResponder responder) {
                return QuicTls.server(SERVER, responder);
            }
        };
    }

    public static TlsSessionFactory client(String serverName) {
        TlsClientConfig config = TlsClientConfig.builder().applicationProtocols("test")
                .peerCertificateVerifier(PeerCertificateVerifier.insecure()).build();
        return parameters -> QuicTls.client(config, serverName, parameters);
    }
}
