package dev.jquic.tls.keys;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.tls.TlsAlert;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/** x25519 on the JDK's XDH provider, with the raw encodings of RFC 7748 §5. */
final class X25519Exchange {
    static final int LENGTH = 32;
    /** RFC 7748 §4.1: p = 2^255 - 19. */
    private static final BigInteger FIELD_PRIME = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

    private X25519Exchange() {
    }

    static EphemeralKeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("XDH");
            generator.initialize(NamedParameterSpec.X25519, random);
            KeyPair pair = generator.generateKeyPair();
            byte[] share = encodeU(((XECPublicKey) pair.getPublic()).getU());
            return new EphemeralKeyPair(NamedGroup.X25519, pair.getPrivate(), share);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks X25519", e);
        }
    }

    static EphemeralKeyPair fromPrivateScalar(byte[] scalar) {
        if (scalar.length != LENGTH) {
            throw new IllegalArgumentException("x25519 private scalar must be 32 bytes");
        }
        PrivateKey privateKey;
        try {
            privateKey = KeyFactory.getInstance("XDH")
                    .generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar.clone()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks X25519", e);
        }
        // RFC 7748 §6.1: the public key is X25519(a, 9).
        byte[] basePoint = new byte[LENGTH];
        basePoint[0] = 9;
        byte[] share;
        try {
            share = sharedSecret(privateKey, basePoint);
        } catch (QuicProtocolException e) {
            throw new IllegalStateException("base point multiplication failed", e);
        }
        return new EphemeralKeyPair(NamedGroup.X25519, privateKey, share);
    }

    /**
     * Decodes a u-coordinate (RFC 7748 §5): little-endian, the most significant bit of the last
     * byte masked, non-canonical values reduced modulo p.
     */
    static BigInteger decodeU(byte[] share) throws QuicProtocolException {
        // RFC 9846 §4.2.8.2: X25519 key_exchange is the 32-byte public value.
        if (share.length != LENGTH) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception("x25519 key share of " + share.length + " bytes, not 32");
        }
        byte[] bigEndian = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            bigEndian[i] = share[LENGTH - 1 - i];
        }
        // RFC 7748 §5: implementations MUST mask the most significant bit in the final byte.
        bigEndian[0] &= 0x7f;
        return new BigInteger(1, bigEndian).mod(FIELD_PRIME);
    }

    static byte[] encodeU(BigInteger u) {
        byte[] bigEndian = u.mod(FIELD_PRIME).toByteArray();
        byte[] littleEndian = new byte[LENGTH];
        for (int i = 0; i < LENGTH && i < bigEndian.length; i++) {
            littleEndian[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return littleEndian;
    }

    static byte[] sharedSecret(PrivateKey privateKey, byte[] peerShare) throws QuicProtocolException {
        BigInteger u = decodeU(peerShare);
        byte[] secret;
        try {
            PublicKey peerKey = KeyFactory.getInstance("XDH")
                    .generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, u));
            KeyAgreement agreement = KeyAgreement.getInstance("XDH");
            agreement.init(privateKey);
            agreement.doPhase(peerKey, true);
            secret = agreement.generateSecret();
        } catch (GeneralSecurityException | IllegalStateException e) {
            // The JDK refuses small-order points itself (all-zero output); same alert as below.
            throw TlsAlert.ILLEGAL_PARAMETER.exception("x25519 key agreement failed: " + e.getMessage());
        }
        // RFC 9846 §7.4.2: abort with illegal_parameter if the shared secret is all zeros.
        int accumulated = 0;
        for (byte b : secret) {
            accumulated |= b;
        }
        if (accumulated == 0) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception("x25519 shared secret is all zeros");
        }
        return secret;
    }
}
