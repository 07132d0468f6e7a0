package dev.jquic.tls.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.tls.TlsAlert;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.HexFormat;
import javax.crypto.KeyAgreement;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random bytes as a peer key share: only QuicProtocolException(illegal_parameter) may escape; and
 * our x25519 (BouncyCastle's arithmetic) agrees with the JDK's XDH provider on random inputs.
 */
class NamedGroupPropertiesTest {
    private static final EphemeralKeyPair[] OURS = {
        NamedGroup.X25519.generateKeyPair(NamedGroupTest.seededRandom(1)),
        NamedGroup.SECP256R1.generateKeyPair(NamedGroupTest.seededRandom(2)),
        NamedGroup.SECP384R1.generateKeyPair(NamedGroupTest.seededRandom(3)),
    };

    @Provide
    Arbitrary<byte[]> anyShare() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(120);
    }

    @Provide
    Arbitrary<byte[]> uncompressedLookingShare() {
        return Arbitraries.of(65, 97).flatMap(length -> Arbitraries.bytes().array(byte[].class).ofSize(length))
                .map(bytes -> {
                    bytes[0] = 4;
                    return bytes;
                });
    }

    private static void assertOnlyIllegalParameter(byte[] share) {
        for (EphemeralKeyPair ours : OURS) {
            try {
                ours.sharedSecret(share);
            } catch (QuicProtocolException e) {
                assertEquals(TlsAlert.ILLEGAL_PARAMETER.transportErrorCode(), e.errorCode(),
                        () -> ours.group() + " " + HexFormat.of().formatHex(share));
            }
        }
    }

    @Property
    void randomBytesNeverThrowAnythingElse(@ForAll("anyShare") byte[] share) {
        assertOnlyIllegalParameter(share);
    }

    @Property
    void randomUncompressedPointsNeverThrowAnythingElse(@ForAll("uncompressedLookingShare") byte[] share) {
        assertOnlyIllegalParameter(share);
    }

    @Property(tries = 200)
    void randomX25519SharesNeverThrowAnythingElse(@ForAll("x25519Share") byte[] share) {
        assertOnlyIllegalParameter(share);
    }

    @Provide
    Arbitrary<byte[]> x25519Share() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32);
    }

    @Provide
    Arbitrary<byte[]> x25519Scalar() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32);
    }

    /**
     * RFC 7748 §5: X25519(k, u) for any 32-byte scalar and u-coordinate (top bit masked,
     * non-canonical values reduced) equals the JDK's independent implementation, also for the
     * public key X25519(k, 9) (§6.1).
     */
    @Property(tries = 200)
    void x25519AgreesWithTheJdksXdh(@ForAll("x25519Scalar") byte[] scalar, @ForAll("x25519Share") byte[] share)
            throws GeneralSecurityException {
        EphemeralKeyPair ours = EphemeralKeyPair.x25519FromPrivateScalar(scalar);
        byte[] basePoint = new byte[32];
        basePoint[0] = 9;
        assertArrayEquals(jdkX25519(scalar, basePoint), ours.keyShare(), "public key");
        byte[] expected = jdkX25519(scalar, share);
        try {
            assertArrayEquals(expected, ours.sharedSecret(share), () -> HexFormat.of().formatHex(share));
        } catch (QuicProtocolException e) {
            // RFC 9846 §7.4.2: only the all-zero result is refused; the JDK refuses it as well.
            assertNull(expected, () -> "refused " + HexFormat.of().formatHex(share) + ": " + e);
        }
    }

    /** The JDK's X25519(k, u), or null where the JDK refuses a small-order u or the all-zero result. */
    private static byte[] jdkX25519(byte[] scalar, byte[] u) throws GeneralSecurityException {
        byte[] bigEndian = new byte[32];
        for (int i = 0; i < 32; i++) {
            bigEndian[i] = u[31 - i];
        }
        bigEndian[0] &= 0x7f;
        KeyFactory factory = KeyFactory.getInstance("XDH");
        PrivateKey privateKey = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
        PublicKey publicKey = factory.generatePublic(
                new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, bigEndian)));
        KeyAgreement agreement = KeyAgreement.getInstance("XDH");
        agreement.init(privateKey);
        try {
            agreement.doPhase(publicKey, true);
            return agreement.generateSecret();
        } catch (InvalidKeyException | IllegalStateException e) {
            // "Point has small order" (doPhase) or an all-zero secret (generateSecret).
            return null;
        }
    }
}
