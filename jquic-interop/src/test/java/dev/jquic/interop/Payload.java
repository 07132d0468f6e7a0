package dev.jquic.interop;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The download protocol of the interop cases: the client opens a bidirectional stream, sends the
 * file size in decimal ASCII and FIN; the server answers with that many bytes of {@link #BLOCK}
 * repeated, then FIN. The client checks the SHA-256 of what it got against {@link #sha256}.
 */
final class Payload {

    /** A prime length, so repeated blocks do not line up with packet or window sizes. */
    static final byte[] BLOCK = new byte[65_521];
    private static final Map<Long, byte[]> HASHES = new ConcurrentHashMap<>();

    static {
        new SplittableRandom(2026).nextBytes(BLOCK);
    }

    private Payload() {
    }

    static byte[] request(long size) {
        return Long.toString(size).getBytes(StandardCharsets.US_ASCII);
    }

    static long parseRequest(byte[] request) {
        return Long.parseLong(new String(request, StandardCharsets.US_ASCII).trim());
    }

    /** SHA-256 of the {@code size}-byte response. */
    static byte[] sha256(long size) {
        return HASHES.computeIfAbsent(size, key -> {
            MessageDigest digest = digest();
            long left = size;
            while (left > 0) {
                int chunk = (int) Math.min(left, BLOCK.length);
                digest.update(BLOCK, 0, chunk);
                left -= chunk;
            }
            return digest.digest();
        }).clone();
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean matches(long size, long receivedBytes, MessageDigest digest) {
        return receivedBytes == size && Arrays.equals(sha256(size), digest.digest());
    }

    /** Offset into {@link #BLOCK} of response byte {@code position}. */
    static int blockOffset(long position) {
        return (int) (position % BLOCK.length);
    }
}
