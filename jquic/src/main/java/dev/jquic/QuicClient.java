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
     * with a {@link QuicException} naming the cause (timeout, certificate, ALPN, refused).
     */
    CompletableFuture<QuicConnection> connect(String host, int port);

    /** Closes every connection and the socket. */
    @Override
    void close();
}
