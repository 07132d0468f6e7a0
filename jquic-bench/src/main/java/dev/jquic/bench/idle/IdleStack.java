package dev.jquic.bench.idle;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * One QUIC stack's two sides for the idle-connection measurement: a server that echoes every
 * stream, and a client endpoint that many connections share.
 */
interface IdleStack {

    /** The echo request: 64 bytes. */
    int REQUEST_BYTES = 64;
    /** The idle timeout both sides announce, long enough that no connection ends while measured. */
    long IDLE_TIMEOUT_SECONDS = 3_600;

    /** Listens on 127.0.0.1 (ephemeral port), serving {@code certificate}. */
    Server listen(Path certificate, Path privateKey, int maxConnections) throws Exception;

    /** A client endpoint (one UDP socket, one event loop) to the server on {@code port}. */
    Client client(int port) throws Exception;

    /** The side that is measured. */
    interface Server extends AutoCloseable {
        int port();

        /** Connections the server holds now. */
        int connectionCount();

        /** Streams whose request the server has echoed. */
        long echoedStreams();
    }

    /** The side that drives connections. */
    interface Client extends AutoCloseable {
        /**
         * Opens a connection, then one bidirectional stream on which it sends 64 bytes and reads
         * the echo; with {@code keepStreamOpen} neither side sends FIN (the stream stays open),
         * else both do (the stream ends). Completes with the connection once the echo arrived.
         */
        CompletableFuture<Object> open(boolean keepStreamOpen);

        /** Closes a connection that {@link #open} gave; completes when it is closed. */
        CompletableFuture<?> close(Object connection);
    }

    /** The request of connection {@code n}: 64 bytes that name it. */
    static byte[] request(int n) {
        byte[] bytes = new byte[REQUEST_BYTES];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (n * 31 + i);
        }
        return bytes;
    }

    static IdleStack named(String name) {
        return switch (name) {
            case "jquic" -> new JquicIdle();
            case "netty" -> new NettyIdle();
            default -> throw new IllegalArgumentException("stack: jquic or netty, not " + name);
        };
    }
}
