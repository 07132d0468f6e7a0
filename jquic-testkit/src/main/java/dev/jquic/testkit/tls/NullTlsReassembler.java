package dev.jquic.testkit.tls;

import dev.jquic.core.codec.QuicProtocolException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Collects the handshake bytes of one encryption level and cuts them into messages framed like
 * TLS handshake messages: 1-byte type, 3-byte length, body (RFC 8446 §4). Not thread-safe.
 */
final class NullTlsReassembler {

    /** A framed message: its type code and a copy of its body. */
    record Message(int typeCode, byte[] body) {
    }

    /** Largest accepted body; a larger announced length is a decode_error. */
    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    static final int HEADER_BYTES = 4;

    private byte[] buffer = new byte[256];
    private int start;
    private int end;

    /** Appends {@code data} (consumed). */
    void feed(ByteBuffer data) {
        int length = data.remaining();
        if (buffer.length - end < length) {
            int used = end - start;
            int capacity = Math.max(buffer.length, used + length);
            byte[] grown = capacity == buffer.length ? buffer : new byte[capacity];
            System.arraycopy(buffer, start, grown, 0, used);
            buffer = grown;
            start = 0;
            end = used;
        }
        data.get(buffer, end, length);
        end += length;
    }

    /**
     * The next complete message, or {@code null} if more bytes are needed.
     *
     * @throws QuicProtocolException decode_error if the announced length exceeds 64 KiB
     */
    Message poll() throws QuicProtocolException {
        if (end - start < HEADER_BYTES) {
            return null;
        }
        int length = ((buffer[start + 1] & 0xFF) << 16) | ((buffer[start + 2] & 0xFF) << 8)
                | (buffer[start + 3] & 0xFF);
        if (length > MAX_MESSAGE_BYTES) {
            throw NullTlsAlert.DECODE_ERROR.exception("handshake message of " + length + " bytes exceeds "
                    + MAX_MESSAGE_BYTES);
        }
        if (end - start - HEADER_BYTES < length) {
            return null;
        }
        int typeCode = buffer[start] & 0xFF;
        byte[] body = Arrays.copyOfRange(buffer, start + HEADER_BYTES, start + HEADER_BYTES + length);
        start += HEADER_BYTES + length;
        if (start == end) {
            start = 0;
            end = 0;
        }
        return new Message(typeCode, body);
    }

    /** Bytes received but not yet returned as a message. */
    int bufferedBytes() {
        return end - start;
    }

    /** Frames {@code body} as a message of {@code type} onto {@code out}. */
    static void write(ByteArrayOutputStream out, NullTlsMessageType type, byte[] body) {
        if (body.length > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("message body of " + body.length + " bytes");
        }
        out.write(type.code());
        out.write(body.length >>> 16);
        out.write(body.length >>> 8);
        out.write(body.length);
        out.writeBytes(body);
    }
}
