package dev.jquic.tls.keys;

import static dev.jquic.tls.keys.Rfc8448Trace.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.tls.TlsAlert;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Key shares of every group (TLS 1.3 spec §4.2.8.2), agreement, and the validation of peer shares. */
class NamedGroupTest {

    static SecureRandom seededRandom(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static void assertIllegalParameter(EphemeralKeyPair ours, byte[] peerShare) {
        QuicProtocolException e = assertThrows(QuicProtocolException.class, () -> ours.sharedSecret(peerShare));
        assertEquals(TlsAlert.ILLEGAL_PARAMETER.transportErrorCode(), e.errorCode(), e::toString);
        QuicProtocolException validation = assertThrows(QuicProtocolException.class,
                () -> ours.group().validatePeerKeyShare(peerShare));
        assertEquals(TlsAlert.ILLEGAL_PARAMETER.transportErrorCode(), validation.errorCode());
    }

    @Test
    void codePointsAndLengths() {
        assertEquals(0x001d, NamedGroup.X25519.code());
        assertEquals(0x0017, NamedGroup.SECP256R1.code());
        assertEquals(0x0018, NamedGroup.SECP384R1.code());
        assertEquals(32, NamedGroup.X25519.keyShareLength());
        assertEquals(65, NamedGroup.SECP256R1.keyShareLength());
        assertEquals(97, NamedGroup.SECP384R1.keyShareLength());
        assertEquals(Optional.of(NamedGroup.SECP256R1), NamedGroup.fromCode(0x0017));
        assertEquals(Optional.empty(), NamedGroup.fromCode(0x0019));
    }

    @ParameterizedTest
    @EnumSource(NamedGroup.class)
    void twoGeneratedKeyPairsAgree(NamedGroup group) throws QuicProtocolException {
        SecureRandom random = seededRandom(group.ordinal());
        EphemeralKeyPair alice = group.generateKeyPair(random);
        EphemeralKeyPair bob = group.generateKeyPair(random);
        assertEquals(group, alice.group());
        assertEquals(group.keyShareLength(), alice.keyShare().length);
        if (group != NamedGroup.X25519) {
            assertEquals(0x04, alice.keyShare()[0]);
        }
        group.validatePeerKeyShare(bob.keyShare());
        byte[] secret = alice.sharedSecret(bob.keyShare());
        assertEquals(group.sharedSecretLength(), secret.length);
        assertArrayEquals(secret, bob.sharedSecret(alice.keyShare()));
        assertFalse(Arrays.equals(alice.keyShare(), bob.keyShare()));
        EphemeralKeyPair carol = group.generateKeyPair(random);
        assertFalse(Arrays.equals(secret, alice.sharedSecret(carol.keyShare())));
    }

    @Test
    void x25519Rfc7748Section6Vectors() throws QuicProtocolException {
        EphemeralKeyPair alice = EphemeralKeyPair.x25519FromPrivateScalar(
                hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        EphemeralKeyPair bob = EphemeralKeyPair.x25519FromPrivateScalar(
                hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
        assertArrayEquals(hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"), alice.keyShare());
        assertArrayEquals(hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"), bob.keyShare());
        byte[] expected = hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
        assertArrayEquals(expected, alice.sharedSecret(bob.keyShare()));
        assertArrayEquals(expected, bob.sharedSecret(alice.keyShare()));
    }

    @ParameterizedTest
    @CsvSource({
        "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4, "
            + "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c, "
            + "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
        "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d, "
            + "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493, "
            + "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957",
    })
    void x25519Rfc7748Section52Vectors(String scalar, String u, String output) throws QuicProtocolException {
        assertArrayEquals(hex(output), EphemeralKeyPair.x25519FromPrivateScalar(hex(scalar)).sharedSecret(hex(u)));
    }

    /** RFC 7748 §5.2: k = u = 9, then repeatedly k, u = X25519(k, u), k; after 1 and 1,000 rounds. */
    @Test
    void x25519Rfc7748Section52Iterations() throws QuicProtocolException {
        byte[] k = new byte[32];
        k[0] = 9;
        byte[] u = k.clone();
        for (int round = 1; round <= 1000; round++) {
            byte[] next = EphemeralKeyPair.x25519FromPrivateScalar(k).sharedSecret(u);
            u = k;
            k = next;
            if (round == 1) {
                assertArrayEquals(hex("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079"), k);
            }
        }
        assertArrayEquals(hex("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51"), k);
    }

    @Test
    void x25519MasksTheTopBitOfThePeerShare() throws QuicProtocolException {
        EphemeralKeyPair alice = EphemeralKeyPair.x25519FromPrivateScalar(
                hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        byte[] bobShare = hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        byte[] withTopBit = bobShare.clone();
        withTopBit[31] |= (byte) 0x80;
        assertArrayEquals(alice.sharedSecret(bobShare), alice.sharedSecret(withTopBit));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "0000000000000000000000000000000000000000000000000000000000000000", // u = 0
        "0100000000000000000000000000000000000000000000000000000000000000", // u = 1
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // u = p - 1
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // u = p (= 0)
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // u = p + 1 (= 1)
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800", // a point of order 8
    })
    void x25519SmallOrderSharesGiveAllZeroSecretAndIllegalParameter(String share) {
        EphemeralKeyPair ours = NamedGroup.X25519.generateKeyPair(seededRandom(7));
        QuicProtocolException e = assertThrows(QuicProtocolException.class, () -> ours.sharedSecret(hex(share)));
        assertEquals(TlsAlert.ILLEGAL_PARAMETER.transportErrorCode(), e.errorCode(), e::toString);
    }

    @ParameterizedTest
    @EnumSource(NamedGroup.class)
    void wrongLengthsAreIllegalParameter(NamedGroup group) {
        EphemeralKeyPair ours = group.generateKeyPair(seededRandom(11));
        byte[] valid = group.generateKeyPair(seededRandom(12)).keyShare();
        assertIllegalParameter(ours, new byte[0]);
        assertIllegalParameter(ours, Arrays.copyOf(valid, valid.length - 1));
        assertIllegalParameter(ours, Arrays.copyOf(valid, valid.length + 1));
    }

    @ParameterizedTest
    @EnumSource(value = NamedGroup.class, names = {"SECP256R1", "SECP384R1"})
    void pointOffTheCurveIsIllegalParameter(NamedGroup group) {
        EphemeralKeyPair ours = group.generateKeyPair(seededRandom(21));
        byte[] share = group.generateKeyPair(seededRandom(22)).keyShare();
        share[share.length - 1] ^= 1;
        assertIllegalParameter(ours, share);
        byte[] origin = new byte[group.keyShareLength()];
        origin[0] = 4;
        assertIllegalParameter(ours, origin);
    }

    @ParameterizedTest
    @EnumSource(value = NamedGroup.class, names = {"SECP256R1", "SECP384R1"})
    void coordinatesNotBelowThePrimeAreIllegalParameter(NamedGroup group) {
        EphemeralKeyPair ours = group.generateKeyPair(seededRandom(23));
        byte[] share = new byte[group.keyShareLength()];
        Arrays.fill(share, (byte) 0xff);
        share[0] = 4;
        assertIllegalParameter(ours, share);
    }

    @ParameterizedTest
    @EnumSource(value = NamedGroup.class, names = {"SECP256R1", "SECP384R1"})
    void otherPointFormatsAreIllegalParameter(NamedGroup group) {
        EphemeralKeyPair ours = group.generateKeyPair(seededRandom(31));
        byte[] valid = group.generateKeyPair(seededRandom(32)).keyShare();
        int fieldLength = (valid.length - 1) / 2;
        // A compressed point 0x02 || X (the right length for compressed, wrong for TLS 1.3).
        byte[] compressed = Arrays.copyOf(valid, 1 + fieldLength);
        compressed[0] = 2;
        assertIllegalParameter(ours, compressed);
        // The full length with a compressed-form or hybrid prefix.
        for (int prefix : new int[] {0, 2, 3, 6, 7}) {
            byte[] wrongPrefix = valid.clone();
            wrongPrefix[0] = (byte) prefix;
            assertIllegalParameter(ours, wrongPrefix);
        }
    }

    @Test
    void keyShareIsACopy() {
        EphemeralKeyPair pair = NamedGroup.X25519.generateKeyPair(seededRandom(41));
        byte[] share = pair.keyShare();
        share[0] ^= 1;
        assertFalse(Arrays.equals(share, pair.keyShare()));
        assertTrue(pair.keyShare().length == 32);
    }
}
