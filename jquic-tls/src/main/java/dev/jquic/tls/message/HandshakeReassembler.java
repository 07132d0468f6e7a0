package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import java.nio.ByteBuffer;

/**
 * Reassembles handshake messages from in-order CRYPTO stream bytes of one encryption level
 * (RFC 9001 §4.1.3): bytes arrive in arbitrary fragments; {@link #poll()} yields each complete
 * message. A message longer than the cap fails with CRYPTO_BUFFER_EXCEEDED (RFC 9000 §7.5).
 * Not thread-safe.
 */
public final class HandshakeReassembler {
    /** The default cap on one message's body, 64 KiB. */
    public static final int DEFAULT_MAX_MESSAGE_LENGTH = 64 * 1024;

    /** The first allocation, made when the first bytes arrive. */
    private static final int INITIAL_CAPACITY = 512;
    private static final byte[] NO_BUFFER = new byte[0];

    private final int maxMessageLength;
    /** Allocated when bytes arrive; {@link #releaseMemoryIfEmpty()} gives it back. */
    private byte[] buffer = NO_BUFFER;
    private int start;
    private int end;

    public HandshakeReassembler() {
        this(DEFAULT_MAX_MESSAGE_LENGTH);
    }

    /** @param maxMessageLength the largest body length accepted (at most 2^24-1) */
    public HandshakeReassembler(int maxMessageLength) {
        if (maxMessageLength < 0 || maxMessageLength > 0xFF_FFFF) {
            throw new IllegalArgumentException("maxMessageLength " + maxMessageLength);
        }
        this.maxMessageLength = maxMessageLength;
    }

    /**
     * Appends the remaining bytes of {@code data} (consuming them). Every message header that
     * becomes complete is checked against the cap at once, so at most one capped message plus
     * its header is ever buffered beyond the complete messages awaiting {@link #poll()}.
     *
     * @throws QuicProtocolException CRYPTO_BUFFER_EXCEEDED if a message declares a body longer
     *     than the cap
     */
    public void feed(ByteBuffer data) throws QuicProtocolException {
        int length = data.remaining();
        ensureCapacity(length);
        data.get(buffer, end, length);
        end += length;
        checkDeclaredLengths();
    }

    private void ensureCapacity(int extra) {
        if (buffer.length - end >= extra) {
            return;
        }
        int buffered = end - start;
        if (buffered + extra <= buffer.length && start > 0) {
            System.arraycopy(buffer, start, buffer, 0, buffered);
        } else {
            byte[] larger = new byte[Math.max(Math.max(buffer.length * 2, INITIAL_CAPACITY), buffered + extra)];
            System.arraycopy(buffer, start, larger, 0, buffered);
            buffer = larger;
        }
        start = 0;
        end = buffered;
    }

    private void checkDeclaredLengths() throws QuicProtocolException {
        int position = start;
        while (end - position >= 4) {
            int declared = declaredLength(position);
            if (declared > maxMessageLength) {
                // RFC 9000 §7.5: CRYPTO_BUFFER_EXCEEDED when a message needs more than we buffer.
                throw new QuicProtocolException(TransportError.CRYPTO_BUFFER_EXCEEDED,
                        "handshake message of " + declared + " bytes exceeds the " + maxMessageLength + "-byte cap");
            }
            position += 4 + declared;
        }
    }

    private int declaredLength(int position) {
        return ((buffer[position + 1] & 0xff) << 16) | ((buffer[position + 2] & 0xff) << 8)
                | (buffer[position + 3] & 0xff);
    }

    /** The next complete message, or {@code null} if none is complete yet. */
    public RawHandshakeMessage poll() {
        if (end - start < 4) {
            return null;
        }
        int total = 4 + declaredLength(start);
        if (end - start < total) {
            return null;
        }
        byte[] raw = new byte[total];
        System.arraycopy(buffer, start, raw, 0, total);
        start += total;
        if (start == end) {
            start = 0;
            end = 0;
        }
        return new RawHandshakeMessage(raw);
    }

    /**
     * The number of buffered bytes not yet returned by {@link #poll()}. RFC 9001 §4.1.3: at a key
     * change the previous level must hold no partial message; the state machine checks this is 0.
     */
    public int bufferedBytes() {
        return end - start;
    }

    /**
     * Gives the buffer back when no byte is buffered (a level the handshake has left, or the
     * 1-RTT level between tickets): an idle connection keeps none. Bytes fed later allocate again.
     */
    public void releaseMemoryIfEmpty() {
        if (start == end) {
            buffer = NO_BUFFER;
            start = 0;
            end = 0;
        }
    }

    /** Bytes allocated for buffering (for memory tests). */
    public int capacity() {
        return buffer.length;
    }

    public int maxMessageLength() {
        return maxMessageLength;
    }
}
