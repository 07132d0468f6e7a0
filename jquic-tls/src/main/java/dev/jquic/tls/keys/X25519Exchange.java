package dev.jquic.tls.keys;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.tls.TlsAlert;
import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * x25519 (RFC 7748) on BouncyCastle's X25519 field arithmetic, with the raw 32-byte encodings of
 * RFC 7748 §5 as the key share (TLS 1.3 spec §4.2.8.2).
 *
 * <p>Not the JDK's XDH provider: on JDK 17 its {@code IntegerPolynomial25519} was the largest
 * group of samples in a JFR profile of the W4 benchmark on both sides (~40 % of Java samples).
 * One handshake side's key generation plus agreement took ~610 µs there against ~205 µs with
 * BouncyCastle (JDK 25: ~430 against ~200 µs; loops of 2,000–3,000 on a 2-core machine); bcprov
 * is already a runtime dependency of this module.
 */
final class X25519Exchange {
    static final int LENGTH = X25519.POINT_SIZE;

    private X25519Exchange() {
    }

    static EphemeralKeyPair generate(SecureRandom random) {
        byte[] scalar = new byte[X25519.SCALAR_SIZE];
        X25519.generatePrivateKey(random, scalar);
        return withScalar(scalar);
    }

    static EphemeralKeyPair fromPrivateScalar(byte[] scalar) {
        if (scalar.length != X25519.SCALAR_SIZE) {
            throw new IllegalArgumentException("x25519 private scalar must be 32 bytes");
        }
        return withScalar(scalar.clone());
    }

    private static EphemeralKeyPair withScalar(byte[] scalar) {
        // RFC 7748 §6.1: the public key is X25519(a, 9); the scalar is clamped (§5) by X25519 itself.
        byte[] share = new byte[LENGTH];
        X25519.generatePublicKey(scalar, 0, share, 0);
        return new EphemeralKeyPair(NamedGroup.X25519, peerShare -> sharedSecret(scalar, peerShare), share);
    }

    /** RFC 9846 §4.2.8.2: the X25519 key_exchange is the 32-byte public value; any 32 bytes decode. */
    static void checkShare(byte[] share) throws QuicProtocolException {
        if (share.length != LENGTH) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception("x25519 key share of " + share.length + " bytes, not 32");
        }
    }

    /**
     * X25519(scalar, u) for the peer's u-coordinate. RFC 7748 §5: the most significant bit of the
     * last byte is masked and non-canonical values are taken modulo p, both inside X25519.
     */
    static byte[] sharedSecret(byte[] scalar, byte[] peerShare) throws QuicProtocolException {
        checkShare(peerShare);
        byte[] secret = new byte[LENGTH];
        // RFC 9846 §7.4.2: abort with illegal_parameter if the shared secret is all zeros
        // (a small-order peer share); calculateAgreement reports exactly that as false.
        if (!X25519.calculateAgreement(scalar, 0, peerShare, 0, secret, 0)) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception("x25519 shared secret is all zeros");
        }
        return secret;
    }
}
