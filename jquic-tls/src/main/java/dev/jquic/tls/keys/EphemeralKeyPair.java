package dev.jquic.tls.keys;

import dev.jquic.core.codec.QuicProtocolException;

/**
 * One ephemeral (EC)DHE key pair of a {@link NamedGroup}: our encoded key share for the
 * key_share extension (TLS 1.3 spec §4.2.8) and the private key that combines with the peer's
 * share into the (EC)DHE shared secret (§7.4). Use it for one handshake only.
 */
public final class EphemeralKeyPair {
    /** The private half: combines a peer's key share with our private key (§7.4). */
    @FunctionalInterface
    interface Agreement {
        byte[] sharedSecret(byte[] peerKeyShare) throws QuicProtocolException;
    }

    private final NamedGroup group;
    private final Agreement agreement;
    private final byte[] keyShare;

    EphemeralKeyPair(NamedGroup group, Agreement agreement, byte[] keyShare) {
        this.group = group;
        this.agreement = agreement;
        this.keyShare = keyShare;
    }

    /**
     * An x25519 key pair from a raw 32-byte private scalar (RFC 7748 §5, clamped by X25519
     * itself), for reproducible traces such as RFC 8448. Handshakes use
     * {@link NamedGroup#generateKeyPair}.
     *
     * @throws IllegalArgumentException if {@code privateScalar} is not 32 bytes
     */
    public static EphemeralKeyPair x25519FromPrivateScalar(byte[] privateScalar) {
        return X25519Exchange.fromPrivateScalar(privateScalar);
    }

    /** The group of this key pair. */
    public NamedGroup group() {
        return group;
    }

    /** Our key_exchange value for the KeyShareEntry (§4.2.8.2); a fresh copy. */
    public byte[] keyShare() {
        return keyShare.clone();
    }

    /**
     * Validates the peer's key_exchange value and computes the (EC)DHE shared secret
     * (§7.4.1 is not used by QUIC; §7.4.2: for the NIST curves the X coordinate, for x25519
     * the X25519 output), the IKM of the Handshake Secret.
     *
     * @throws QuicProtocolException illegal_parameter if the peer's share is malformed, not on
     *     the curve, or (x25519) yields the all-zero secret
     */
    public byte[] sharedSecret(byte[] peerKeyShare) throws QuicProtocolException {
        return agreement.sharedSecret(peerKeyShare);
    }
}
