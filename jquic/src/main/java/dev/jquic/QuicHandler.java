package dev.jquic;

import java.nio.ByteBuffer;

/**
 * Callbacks of connections and streams, all with no-op defaults. They run on the connection's
 * event-loop thread and must be fast: no blocking, no long work (hand it to another thread).
 * An exception thrown by a callback is caught, reported to {@link #onError}, and does not stop
 * the loop.
 */
public interface QuicHandler {

    /** The handshake completed (both sides): streams may be opened. */
    default void onOpen(QuicConnection connection) {
    }

    /** Server: a client arrived (before its handshake completes). */
    default void onConnection(QuicConnection connection) {
    }

    /** The peer opened {@code stream}; its data follows in {@link #onData}. */
    default void onStream(QuicStream stream) {
    }

    /**
     * Bytes arrived on {@code stream}; {@code fin} is true with the last bytes (possibly none).
     * The buffer is valid only during the call: copy what is kept.
     */
    default void onData(QuicStream stream, ByteBuffer data, boolean fin) {
    }

    /** {@code stream} can take more writes after {@link QuicStream#write} returned false. */
    default void onDrain(QuicStream stream) {
    }

    /** The peer reset {@code stream} (RESET_STREAM) with an application error code. */
    default void onStreamReset(QuicStream stream, long errorCode) {
    }

    /** The peer asked to stop sending on {@code stream} (STOP_SENDING); jquic resets it. */
    default void onStopSending(QuicStream stream, long errorCode) {
    }

    /** An unreliable datagram (RFC 9221) arrived; valid only during the call. */
    default void onDatagram(QuicConnection connection, ByteBuffer datagram) {
    }

    /** The connection closed: by either side, by idle timeout, or after an error. */
    default void onClose(QuicConnection connection, QuicCloseReason reason) {
    }

    /**
     * Something went wrong: a failed handshake (certificate, ALPN, timeout) or a callback that
     * threw. {@code connection} may be null for endpoint-level errors.
     */
    default void onError(QuicConnection connection, Throwable error) {
    }
}
