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

    private RealTls() {
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
