package dev.jquic.tls.keys;

import dev.jquic.core.codec.QuicProtocolException;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The (EC)DHE groups jquic supports for the key_share extension (TLS 1.3 spec §4.2.7, §4.2.8):
 * their code points, the length of their key_share, key pair generation and the computation of
 * the shared secret (§7.4).
 */
public enum NamedGroup {
    /** x25519 (RFC 7748): the key_share is the 32-byte little-endian u-coordinate (§4.2.8.2). */
    X25519(0x001d, 32),
    /** secp256r1: the key_share is the 65-byte uncompressed point 0x04 || X || Y (§4.2.8.2). */
    SECP256R1(0x0017, 65),
    /** secp384r1: the key_share is the 97-byte uncompressed point 0x04 || X || Y (§4.2.8.2). */
    SECP384R1(0x0018, 97);

    private final int code;
    private final int keyShareLength;

    NamedGroup(int code, int keyShareLength) {
        this.code = code;
        this.keyShareLength = keyShareLength;
    }

    /** The NamedGroup code point (§4.2.7), e.g. 0x001d for x25519. */
    public int code() {
        return code;
    }

    /** The exact length of a key_exchange value of this group (§4.2.8.2). */
    public int keyShareLength() {
        return keyShareLength;
    }

    /** The length of the shared secret this group produces (§7.4.1, §7.4.2). */
    public int sharedSecretLength() {
        return this == X25519 ? 32 : (keyShareLength - 1) / 2;
    }

    /** The group with code point {@code code}, if jquic supports it. */
    public static Optional<NamedGroup> fromCode(int code) {
        for (NamedGroup group : values()) {
            if (group.code == code) {
                return Optional.of(group);
            }
        }
        return Optional.empty();
    }

    /**
     * Generates a fresh ephemeral key pair of this group from {@code random}; its
     * {@link EphemeralKeyPair#keyShare() key share} goes into the key_share extension.
     */
    public EphemeralKeyPair generateKeyPair(SecureRandom random) {
        switch (this) {
            case X25519:
                return X25519Exchange.generate(random);
            case SECP256R1:
                return EcExchange.P256.generate(this, random);
            case SECP384R1:
                return EcExchange.P384.generate(this, random);
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * Validates the peer's key_exchange value of this group (§4.2.8.2) without computing a
     * shared secret; {@link EphemeralKeyPair#sharedSecret(byte[])} validates as well.
     *
     * @throws QuicProtocolException illegal_parameter if the share is malformed or, for the
     *     NIST curves, not a point on the curve
     */
    public void validatePeerKeyShare(byte[] peerKeyShare) throws QuicProtocolException {
        switch (this) {
            case X25519:
                X25519Exchange.checkShare(peerKeyShare);
                return;
            case SECP256R1:
                EcExchange.P256.decodePoint(peerKeyShare);
                return;
            case SECP384R1:
                EcExchange.P384.decodePoint(peerKeyShare);
                return;
            default:
                throw new AssertionError(this);
        }
    }
}
