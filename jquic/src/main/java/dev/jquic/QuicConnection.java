package dev.jquic;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * One QUIC connection. Every method may be called from any thread; calls from other threads
 * than the connection's event loop are queued to it.
 */
public interface QuicConnection {

    /** The lifecycle as the application sees it. */
    enum State {
        /** The handshake is under way. */
        CONNECTING,
        /** Established: streams and datagrams flow. */
        OPEN,
        /** Closing or draining (RFC 9000 §10.2). */
        CLOSING,
        /** Over. */
        CLOSED
    }

    boolean isServer();

    State state();

    /** The server name the client asked for (SNI), or {@code null}. */
    String serverName();

    /** The negotiated application protocol (ALPN), or {@code null} before the handshake. */
    String alpn();

    InetSocketAddress remoteAddress();

    InetSocketAddress localAddress();

    /** Streams currently open. */
    int streamCount();

    QuicStats stats();

    /**
     * Opens a bidirectional stream. The future completes when the peer's stream limit allows
     * it (at once, usually); it fails if the connection closes first.
     */
    CompletableFuture<QuicStream> openStream();

    /** Opens a unidirectional (send-only) stream; see {@link #openStream()}. */
    CompletableFuture<QuicStream> openUniStream();

    /**
     * Sends an unreliable datagram (RFC 9221). Returns false, sending nothing, when the peer
     * does not accept datagrams, the payload is too large, or the send queue is full.
     */
    boolean sendDatagram(ByteBuffer payload);

    /** Client: moves the connection to a new local port (RFC 9000 §9); completes once validated. */
    CompletableFuture<Void> migrate();

    /** Closes gracefully with application error code 0. */
    default CompletableFuture<Void> close() {
        return close(0, "");
    }

    /**
     * Closes with an application error code and reason (CONNECTION_CLOSE, RFC 9000 §10.2); the
     * future completes when the closing period is over.
     */
    CompletableFuture<Void> close(long applicationErrorCode, String reason);

    /**
     * Completes with the close reason as soon as the connection closes (after {@link
     * QuicHandler#onClose}); the closing or draining period (RFC 9000 §10.2) may still run.
     */
    CompletableFuture<QuicCloseReason> closeFuture();
}
