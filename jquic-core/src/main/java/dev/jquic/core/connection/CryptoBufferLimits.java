package dev.jquic.core.connection;

/**
 * Bounds on the CRYPTO data a connection buffers on receipt, per encryption level (RFC 9000 §7.5).
 * CRYPTO frames have no flow control, so a receiver caps how far beyond the bytes it has handed
 * to TLS a peer may send; data ending beyond {@code delivered offset + cap} is a connection error
 * of type CRYPTO_BUFFER_EXCEEDED.
 *
 * <p>RFC 9000 §7.5: implementations MUST support buffering at least 4096 bytes of out-of-order
 * CRYPTO data, so every cap is at least {@link #MINIMUM_BUFFER_BYTES}.
 *
 * @param initialBufferBytes   cap for Initial CRYPTO data (ClientHello / ServerHello)
 * @param handshakeBufferBytes cap for Handshake CRYPTO data (certificates make this the largest)
 * @param oneRttBufferBytes    cap for 1-RTT CRYPTO data after the handshake (NewSessionTicket),
 *                             kept small so a post-handshake flood cannot pin memory
 * @param maxReceiveRanges     cap on disjoint out-of-order ranges held per level (RFC 9000 §21.10)
 */
public record CryptoBufferLimits(int initialBufferBytes, int handshakeBufferBytes, int oneRttBufferBytes,
        int maxReceiveRanges) {

    /** RFC 9000 §7.5: the least out-of-order CRYPTO data an endpoint MUST be able to buffer. */
    public static final int MINIMUM_BUFFER_BYTES = 4096;

    /** 64 KiB for Initial and Handshake, 16 KiB after the handshake, 64 ranges per level. */
    public static final CryptoBufferLimits DEFAULT = new CryptoBufferLimits(64 * 1024, 64 * 1024, 16 * 1024, 64);

    public CryptoBufferLimits {
        // RFC 9000 §7.5: implementations MUST support buffering at least 4096 bytes.
        requireAtLeastMinimum(initialBufferBytes, "initialBufferBytes");
        requireAtLeastMinimum(handshakeBufferBytes, "handshakeBufferBytes");
        requireAtLeastMinimum(oneRttBufferBytes, "oneRttBufferBytes");
        if (maxReceiveRanges < 1) {
            throw new IllegalArgumentException("maxReceiveRanges must be positive: " + maxReceiveRanges);
        }
    }

    private static void requireAtLeastMinimum(int bytes, String name) {
        if (bytes < MINIMUM_BUFFER_BYTES) {
            throw new IllegalArgumentException(name + " must be at least " + MINIMUM_BUFFER_BYTES + ": " + bytes);
        }
    }
}
