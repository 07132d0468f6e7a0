package dev.jquic;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/** A listening QUIC server; build one with {@link Quic#server()}. */
public interface QuicServer extends AutoCloseable {

    /** The UDP port it listens on (the one chosen when 0 was asked). */
    int port();

    InetSocketAddress localAddress();

    /** SHA-256 fingerprint of the served certificate (hex with colons), for pinning clients. */
    String certificateFingerprint();

    /** Connections currently open. */
    int connectionCount();

    /**
     * Stops accepting, closes every connection (application code 0) and then the socket; the
     * future completes when all is done.
     */
    CompletableFuture<Void> shutdown();

    /** {@link #shutdown()} and wait for it. */
    @Override
    void close();
}
