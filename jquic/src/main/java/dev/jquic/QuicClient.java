package dev.jquic;

import java.util.concurrent.CompletableFuture;

/**
 * A QUIC client endpoint: one UDP socket and event loop for any number of connections. It keeps
 * session tickets per server so that later connections resume (and send 0-RTT data when
 * enabled). Build one with {@link Quic#client()}.
 */
public interface QuicClient extends AutoCloseable {

    /**
     * Connects to {@code host:port}; the future completes when the handshake does, or fails
     * with a {@link QuicException} naming the cause (timeout, certificate, ALPN, refused) and
     * {@link QuicHandler#onError} fires. {@code host} is also the TLS server name (SNI) checked
     * against the certificate.
     *
     * <p>With {@code earlyData(true)} and a session remembered from an earlier connection to the
     * same host and port, the future completes at once (state {@code CONNECTING}): streams opened
     * and bytes written before the handshake completes travel as 0-RTT data (RFC 9001 §4.6);
     * {@link QuicHandler#onOpen} tells when the handshake completed, and a failure then arrives
     * through {@code onError} and {@code onClose}.
     */
    CompletableFuture<QuicConnection> connect(String host, int port);

    /** Closes every connection and the socket. */
    @Override
    void close();
}
