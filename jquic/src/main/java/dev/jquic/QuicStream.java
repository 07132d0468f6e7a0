package dev.jquic;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * One stream of a {@link QuicConnection} (RFC 9000 §2). Incoming bytes arrive through {@link
 * QuicHandler#onData}, or through {@link #inputStream()} for code on its own (virtual) thread.
 * A unidirectional stream exposes only the half that exists: writing on a receive-only stream,
 * or reading a send-only one, throws {@link IllegalStateException}.
 */
public interface QuicStream {

    /** The stream ID (RFC 9000 §2.1). */
    long id();

    boolean isBidirectional();

    /** Whether this side opened the stream. */
    boolean isLocal();

    QuicConnection connection();

    /**
     * Queues all of {@code data} for sending (the buffer is consumed). Returns false when the
     * bytes queued on this stream are above its high-water mark: stop writing until {@link
     * QuicHandler#onDrain} fires, or memory grows with every write. After a reset (either side's)
     * or the connection's close the bytes are dropped and false is returned. A bulk sender on the
     * event loop copies less with {@link #writeSome}.
     *
     * @throws IllegalStateException after {@link #finish()}, or on a receive-only stream
     */
    boolean write(ByteBuffer data);

    /**
     * Takes as many bytes of {@code data} as the stream has room for now, advances its position by
     * that many and returns the count: 0 when there is no room. Whenever fewer than all were
     * taken, {@link QuicHandler#onDrain} fires once there is room again. On the event-loop thread
     * the bytes go straight into the connection's send buffer with no copy kept aside, so a bulk
     * sender writing from {@code onDrain} copies each byte once (with {@link #write} the bytes
     * beyond that buffer are copied into the stream's queue first); on another thread, what fits
     * below the high-water mark is queued. Returns -1, taking nothing, once the stream can no
     * longer send (reset by either side, or the connection closed).
     *
     * @throws IllegalStateException after {@link #finish()}, or on a receive-only stream
     */
    int writeSome(ByteBuffer data);

    /** Ends the sending half after the queued bytes (FIN). */
    void finish();

    /** Abandons sending with RESET_STREAM (RFC 9000 §3.1); queued bytes are dropped. */
    void reset(long applicationErrorCode);

    /** Asks the peer to stop sending with STOP_SENDING (RFC 9000 §3.5); later bytes are dropped. */
    void stopSending(long applicationErrorCode);

    /**
     * A blocking stream of the bytes received, for a thread other than the event loop (calling
     * it there throws). Data delivered to it is no longer passed to {@link QuicHandler#onData};
     * call it in {@link QuicHandler#onStream} (or before any data can arrive) to see every byte.
     * It buffers at most 1 MiB; beyond that flow control holds the peer back. {@code close()}
     * before the end sends STOP_SENDING.
     */
    InputStream inputStream();

    /**
     * A blocking stream that writes to this stream, waiting while above the high-water mark;
     * {@code close()} finishes the stream. Not for the event-loop thread.
     */
    OutputStream outputStream();
}
