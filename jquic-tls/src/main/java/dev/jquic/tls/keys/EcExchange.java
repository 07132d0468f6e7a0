package dev.jquic.tls.keys;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.tls.TlsAlert;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import javax.crypto.KeyAgreement;

/** ECDHE over a NIST prime curve on the JDK's EC provider (TLS 1.3 spec §4.2.8.2, §7.4.2). */
final class EcExchange {
    static final EcExchange P256 = new EcExchange("secp256r1");
    static final EcExchange P384 = new EcExchange("secp384r1");

    private static final int UNCOMPRESSED = 0x04;

    private final String curveName;
    private final ECParameterSpec parameters;
    private final BigInteger prime;
    private final BigInteger coefficientA;
    private final BigInteger coefficientB;
    private final int fieldLength;

    private EcExchange(String curveName) {
        this.curveName = curveName;
        try {
            AlgorithmParameters algorithmParameters = AlgorithmParameters.getInstance("EC");
            algorithmParameters.init(new ECGenParameterSpec(curveName));
            this.parameters = algorithmParameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks " + curveName, e);
        }
        this.prime = ((ECFieldFp) parameters.getCurve().getField()).getP();
        this.coefficientA = parameters.getCurve().getA();
        this.coefficientB = parameters.getCurve().getB();
        this.fieldLength = (prime.bitLength() + 7) / 8;
    }

    EphemeralKeyPair generate(NamedGroup group, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curveName), random);
            KeyPair pair = generator.generateKeyPair();
            byte[] share = encodePoint(((ECPublicKey) pair.getPublic()).getW());
            PrivateKey privateKey = pair.getPrivate();
            return new EphemeralKeyPair(group, peerShare -> sharedSecret(privateKey, peerShare), share);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks " + curveName, e);
        }
    }

    /** §4.2.8.2: UncompressedPointRepresentation, 0x04 || X || Y, each fixed length. */
    byte[] encodePoint(ECPoint point) {
        byte[] encoded = new byte[1 + 2 * fieldLength];
        encoded[0] = UNCOMPRESSED;
        writeFixed(point.getAffineX(), encoded, 1);
        writeFixed(point.getAffineY(), encoded, 1 + fieldLength);
        return encoded;
    }

    /** Decodes and validates a peer's uncompressed point (§4.2.8.2). */
    ECPoint decodePoint(byte[] share) throws QuicProtocolException {
        // RFC 9846 §4.2.8.2: the point is in uncompressed form, of fixed length.
        if (share.length != 1 + 2 * fieldLength) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception(curveName + " key share of " + share.length + " bytes");
        }
        // RFC 9846 §4.2.8.2: legacy_form is 4; other point formats are not allowed.
        if ((share[0] & 0xff) != UNCOMPRESSED) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception(curveName + " key share is not an uncompressed point");
        }
        BigInteger x = readFixed(share, 1);
        BigInteger y = readFixed(share, 1 + fieldLength);
        // RFC 9846 §4.2.8.2: peers MUST validate each other's public key (the point is on the curve).
        if (x.compareTo(prime) >= 0 || y.compareTo(prime) >= 0) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception(curveName + " coordinate not below the field prime");
        }
        BigInteger left = y.multiply(y).mod(prime);
        BigInteger right = x.multiply(x).add(coefficientA).multiply(x).add(coefficientB).mod(prime);
        if (!left.equals(right)) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception(curveName + " key share is not on the curve");
        }
        return new ECPoint(x, y);
    }

    byte[] sharedSecret(PrivateKey privateKey, byte[] peerShare) throws QuicProtocolException {
        ECPoint point = decodePoint(peerShare);
        byte[] secret;
        try {
            PublicKey peerKey = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, parameters));
            KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(privateKey);
            agreement.doPhase(peerKey, true);
            secret = agreement.generateSecret();
        } catch (GeneralSecurityException | IllegalStateException e) {
            throw TlsAlert.ILLEGAL_PARAMETER.exception(curveName + " key agreement failed: " + e.getMessage());
        }
        // RFC 9846 §7.4.2: the shared secret is the X coordinate, fixed length (field size).
        if (secret.length == fieldLength) {
            return secret;
        }
        byte[] fixed = new byte[fieldLength];
        writeFixed(new BigInteger(1, secret), fixed, 0);
        return fixed;
    }

    private void writeFixed(BigInteger value, byte[] target, int offset) {
        byte[] bytes = value.toByteArray();
        int copy = Math.min(bytes.length, fieldLength);
        System.arraycopy(bytes, bytes.length - copy, target, offset + fieldLength - copy, copy);
    }

    private BigInteger readFixed(byte[] source, int offset) {
        byte[] bytes = new byte[fieldLength];
        System.arraycopy(source, offset, bytes, 0, fieldLength);
        return new BigInteger(1, bytes);
    }
}
