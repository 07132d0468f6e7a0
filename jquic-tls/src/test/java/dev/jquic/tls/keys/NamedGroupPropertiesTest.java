package dev.jquic.tls.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.tls.TlsAlert;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random bytes as a peer key share: only QuicProtocolException(illegal_parameter) may escape. */
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
}
