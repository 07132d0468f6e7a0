package dev.jquic.tls.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Sha256FingerprintTest {
    /** From {@code openssl x509 -in leaf-ec256.pem -noout -fingerprint -sha256}. */
    private static final String OPENSSL_OUTPUT =
            "sha256 Fingerprint=15:EF:11:56:26:59:4C:DC:FA:17:51:45:95:60:3F:12:49:F5:56:17:1E:DA:4B:EC:A8:A8:0E:97:29:F9:05:45";
    private static final String COLON_HEX = OPENSSL_OUTPUT.substring(OPENSSL_OUTPUT.indexOf('=') + 1);
    private static final String HEX = "15ef115626594cdcfa17514595603f1249f556171eda4beca8a80e9729f90545";

    @Test
    void matchesOpenssl() {
        Sha256Fingerprint fingerprint = Sha256Fingerprint.of(Fixtures.certificate("leaf-ec256.pem"));
        assertEquals(HEX, fingerprint.toHex());
        assertEquals(COLON_HEX, fingerprint.toColonHex());
        assertEquals("SHA256:" + COLON_HEX, fingerprint.toString());
    }

    @Test
    void parsesEveryFormat() {
        Sha256Fingerprint expected = Sha256Fingerprint.of(Fixtures.certificate("leaf-ec256.pem"));
        for (String pin : new String[] {HEX, HEX.toUpperCase(), COLON_HEX, COLON_HEX.toLowerCase(), OPENSSL_OUTPUT,
            "  " + HEX + "\n"}) {
            Sha256Fingerprint parsed = Sha256Fingerprint.parse(pin);
            assertEquals(expected, parsed, pin);
            assertTrue(parsed.matches(expected));
            assertEquals(expected.hashCode(), parsed.hashCode());
        }
        assertNotEquals(expected, Sha256Fingerprint.of(Fixtures.certificate("ca.pem")));
        assertFalse(expected.matches(Sha256Fingerprint.of(Fixtures.certificate("ca.pem"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "15ef", "15ef115626594cdcfa17514595603f1249f556171eda4beca8a80e9729f9054",
        "15ef115626594cdcfa17514595603f1249f556171eda4beca8a80e9729f905450",
        "x5ef115626594cdcfa17514595603f1249f556171eda4beca8a80e9729f90545",
        "15:EF:11:56:26:59:4C:DC:FA:17:51:45:95:60:3F:12:49:F5:56:17:1E:DA:4B:EC:A8:A8:0E:97:29:F9:05",
        "15:EF:11:56:26:59:4C:DC:FA:17:51:45:95:60:3F:12:49:F5:56:17:1E:DA:4B:EC:A8:A8:0E:97:29:F9:0:545",
        "15:EF:11:56:26:59:4C:DC:FA:17:51:45:95:60:3F:12:49:F5:56:17:1E:DA:4B:EC:A8:A8:0E:97:29:F9:05:45:"})
    void rejectsMalformedPins(String pin) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sha256Fingerprint.parse(pin));
        assertTrue(e.getMessage().contains("\"" + pin + "\""), e.getMessage());
    }

    @Test
    void digestIsCopied() {
        Sha256Fingerprint fingerprint = Sha256Fingerprint.parse(HEX);
        fingerprint.digest()[0] = 0;
        assertEquals(HEX, fingerprint.toHex());
    }

    @Property(tries = 300)
    void bothFormatsRoundTrip(@ForAll("digests") byte[] digest) {
        Sha256Fingerprint fingerprint = new Sha256Fingerprint(digest);
        assertEquals(fingerprint, Sha256Fingerprint.parse(fingerprint.toHex()));
        assertEquals(fingerprint, Sha256Fingerprint.parse(fingerprint.toColonHex()));
        assertEquals(64, fingerprint.toHex().length());
        assertEquals(95, fingerprint.toColonHex().length());
    }

    @Property(tries = 500)
    void arbitraryTextParsesOrIsRejectedCleanly(@ForAll String text) {
        try {
            assertEquals(64, Sha256Fingerprint.parse(text).toHex().length());
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().startsWith("not a SHA-256 fingerprint"));
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<byte[]> digests() {
        return net.jqwik.api.Arbitraries.bytes().array(byte[].class).ofSize(32);
    }
}
