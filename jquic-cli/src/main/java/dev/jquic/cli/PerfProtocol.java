package dev.jquic.cli;

import java.nio.ByteBuffer;

/**
 * The wire format of {@code jquic perf}. Every client-opened bidirectional stream starts with a
 * 9-byte header: one byte naming the kind, then a big-endian 64-bit argument.
 *
 * <ul>
 *   <li>{@code 'U'} upload: the client's bytes follow until its FIN; the server then answers with
 *       the count of those bytes (8 bytes, big-endian) and finishes.
 *   <li>{@code 'D'} download: the argument is a byte count; after the client's FIN the server sends
 *       that many bytes of {@link #patternByte the pattern} and finishes.
 *   <li>{@code 'R'} request: the client's request (padding to {@link #REQUEST_BYTES} in all)
 *       follows until its FIN; the server answers with argument-many pattern bytes and finishes.
 * </ul>
 */
final class PerfProtocol {

    static final String ALPN = "jquic-perf";
    static final int HEADER_BYTES = 9;
    static final byte UPLOAD = 'U';
    static final byte DOWNLOAD = 'D';
    static final byte REQUEST = 'R';
    /** The size of a request (header included) and of its response. */
    static final int REQUEST_BYTES = 64;
    /** The largest argument a server accepts (1 TiB): more is an error, not a long wait. */
    static final long MAX_ARGUMENT = 1L << 40;
    /** Application error code of a stream reset for a malformed header. */
    static final long BAD_HEADER = 1;

    /** Pattern bytes repeat every 251 bytes (a prime, so that shifted data never matches). */
    static final int PERIOD = 251;
    /** One write's worth of pattern: a whole number of periods, so every chunk starts at offset 0 of it. */
    private static final byte[] PATTERN_CHUNK = new byte[PERIOD * 256];

    static {
        for (int i = 0; i < PATTERN_CHUNK.length; i++) {
            PATTERN_CHUNK[i] = patternByte(i);
        }
    }

    private PerfProtocol() {
    }

    /** The byte at {@code offset} of pattern data. */
    static byte patternByte(long offset) {
        return (byte) (offset % PERIOD);
    }

    /** Pattern bytes for the stream offset {@code sent} (a multiple of the chunk size), at most {@code limit}. */
    static ByteBuffer patternChunk(long sent, long limit) {
        assert sent % PATTERN_CHUNK.length == 0;
        return ByteBuffer.wrap(PATTERN_CHUNK, 0, (int) Math.min(PATTERN_CHUNK.length, limit));
    }

    /** The size of every pattern chunk {@link #patternChunk} gives, except a last, shorter one. */
    static int chunkBytes() {
        return PATTERN_CHUNK.length;
    }

    static ByteBuffer header(byte kind, long argument) {
        return ByteBuffer.allocate(HEADER_BYTES).put(kind).putLong(argument).flip();
    }

    /** A whole request: header plus zero padding to {@link #REQUEST_BYTES}. */
    static ByteBuffer request(long responseBytes) {
        ByteBuffer request = ByteBuffer.allocate(REQUEST_BYTES).put(REQUEST).putLong(responseBytes);
        return request.position(0);
    }
}
