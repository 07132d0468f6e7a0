package dev.jquic.bench.e2e;

import java.nio.ByteBuffer;
import java.util.Random;

/**
 * The bytes the workloads move and how each side checks them. Byte {@code i} of a transfer is
 * {@code BLOCK[i % PERIOD]}: a receiver verifies every byte with a vectorised comparison, cheap
 * next to the transport. The first byte of every stream names the operation.
 */
public final class Payload {

    /** A prime, so that the pattern never lines up with packet or buffer sizes. */
    static final int PERIOD = 65_521;
    /** Two periods: any window of up to PERIOD bytes at offset {@code i % PERIOD} is contiguous. */
    static final byte[] BLOCK = new byte[2 * PERIOD];
    private static final ByteBuffer BLOCK_BUFFER;

    /** Upload (W1): 'U', then the bytes, then FIN; the server replies with a {@link #uploadReply}. */
    public static final byte UPLOAD = 'U';
    /** Download (W2): 'D' and an 8-byte size, FIN; the server sends that many bytes and FIN. */
    public static final byte DOWNLOAD = 'D';
    /** Echo (W3, W4): 'E' and 63 more bytes, FIN; the server sends the 64 bytes back and FIN. */
    public static final byte ECHO = 'E';
    /** Size of a W3/W4 request and of its response. */
    public static final int ECHO_SIZE = 64;
    /** Size of an upload reply: 8-byte count of bytes received, 1 byte 1 if every byte matched. */
    public static final int UPLOAD_REPLY_SIZE = 9;
    /** Size of a download request. */
    public static final int DOWNLOAD_REQUEST_SIZE = 9;
    /** Size of the chunks a sender hands to its stack. */
    public static final int CHUNK = 32_768;

    static {
        new Random(20261126L).nextBytes(BLOCK);
        System.arraycopy(BLOCK, 0, BLOCK, PERIOD, PERIOD);
        BLOCK_BUFFER = ByteBuffer.wrap(BLOCK).asReadOnlyBuffer();
    }

    private Payload() {
    }

    /** A read-only view of the pattern bytes {@code [position, position + length)}, length at most CHUNK. */
    public static ByteBuffer chunk(long position, int length) {
        int offset = (int) (position % PERIOD);
        return BLOCK_BUFFER.duplicate().position(offset).limit(offset + length).slice();
    }

    /** Length of the next chunk of a transfer of {@code size} bytes at {@code position}. */
    public static int chunkLength(long size, long position) {
        return (int) Math.min(CHUNK, size - position);
    }

    /** The array and offset holding pattern bytes from {@code position} on (CHUNK bytes at least). */
    public static int arrayOffset(long position) {
        return (int) (position % PERIOD);
    }

    /** The pattern array (read it, never write it). */
    public static byte[] array() {
        return BLOCK;
    }

    /** Whether the {@code data} bytes (consumed) are the pattern from {@code position} on. */
    public static boolean matches(ByteBuffer data, long position) {
        boolean ok = true;
        while (data.hasRemaining()) {
            int offset = (int) (position % PERIOD);
            int length = Math.min(data.remaining(), PERIOD);
            ByteBuffer expected = BLOCK_BUFFER.duplicate().position(offset).limit(offset + length);
            ByteBuffer actual = data.duplicate().limit(data.position() + length);
            ok &= actual.mismatch(expected) < 0;
            data.position(data.position() + length);
            position += length;
        }
        return ok;
    }

    /** Whether {@code length} bytes of {@code data} from {@code offset} are the pattern from {@code position} on. */
    public static boolean matches(byte[] data, int offset, int length, long position) {
        return matches(ByteBuffer.wrap(data, offset, length), position);
    }

    public static ByteBuffer downloadRequest(long size) {
        return ByteBuffer.allocate(DOWNLOAD_REQUEST_SIZE).put(DOWNLOAD).putLong(size).flip();
    }

    public static ByteBuffer uploadReply(long received, boolean matched) {
        return ByteBuffer.allocate(UPLOAD_REPLY_SIZE).putLong(received).put((byte) (matched ? 1 : 0)).flip();
    }

    /** The request of number {@code n}: 'E' and 63 bytes derived from n (the response must equal it). */
    public static byte[] echoRequest(long n) {
        byte[] request = new byte[ECHO_SIZE];
        request[0] = ECHO;
        long x = n * 0x9E3779B97F4A7C15L + 1;
        for (int i = 1; i < ECHO_SIZE; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            request[i] = (byte) x;
        }
        return request;
    }

    /** Checks an upload reply; throws naming what is wrong. */
    public static void checkUploadReply(ByteBuffer reply, long size) {
        if (reply.remaining() != UPLOAD_REPLY_SIZE) {
            throw new IllegalStateException("upload reply of " + reply.remaining() + " bytes");
        }
        long received = reply.getLong();
        boolean matched = reply.get() == 1;
        if (received != size || !matched) {
            throw new IllegalStateException("server received " + received + " of " + size
                    + " bytes, " + (matched ? "all matching" : "some NOT matching the pattern"));
        }
    }
}
