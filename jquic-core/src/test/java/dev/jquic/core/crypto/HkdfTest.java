package dev.jquic.core.crypto;

import static dev.jquic.core.testvectors.RfcVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jquic.core.testvectors.RfcVectors;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HkdfTest {
    private static final byte[] IKM = hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");

    /** RFC 5869 Appendix A.1 (Test Case 1): 42 bytes, so two HMAC blocks. */
    @Test
    void rfc5869TestCase1() {
        byte[] prk = Hkdf.extract(HashFunction.SHA256, hex("000102030405060708090a0b0c"), IKM);
        assertArrayEquals(hex("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"), prk);
        byte[] okm = Hkdf.expand(HashFunction.SHA256, prk, hex("f0f1f2f3f4f5f6f7f8f9"), 42);
        assertArrayEquals(hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"), okm);
    }

    /** RFC 5869 Appendix A.3 (Test Case 3): empty salt stands for HashLen zero bytes. */
    @Test
    void rfc5869TestCase3EmptySaltAndInfo() {
        byte[] prk = Hkdf.extract(HashFunction.SHA256, new byte[0], IKM);
        assertArrayEquals(hex("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04"), prk);
        byte[] okm = Hkdf.expand(HashFunction.SHA256, prk, new byte[0], 42);
        assertArrayEquals(hex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"), okm);
        assertArrayEquals(prk, Hkdf.extract(HashFunction.SHA256, new byte[32], IKM));
    }

    @Test
    void expandOutputIsAPrefixOfLongerOutput() {
        byte[] prk = Hkdf.extract(HashFunction.SHA384, new byte[0], IKM);
        byte[] long100 = Hkdf.expand(HashFunction.SHA384, prk, new byte[] {1}, 100);
        byte[] short48 = Hkdf.expand(HashFunction.SHA384, prk, new byte[] {1}, 48);
        assertEquals(48, prk.length);
        assertArrayEquals(short48, Arrays.copyOf(long100, 48));
        assertEquals(0, Hkdf.expand(HashFunction.SHA384, prk, new byte[0], 0).length);
    }

    @Test
    void expandRejectsLengthsBeyond255Blocks() {
        byte[] prk = new byte[32];
        assertThrows(IllegalArgumentException.class, () -> Hkdf.expand(HashFunction.SHA256, prk, new byte[0], 255 * 32 + 1));
        assertThrows(IllegalArgumentException.class, () -> Hkdf.expand(HashFunction.SHA256, prk, new byte[0], -1));
        assertEquals(255 * 32, Hkdf.expand(HashFunction.SHA256, prk, new byte[0], 255 * 32).length);
    }

    @Test
    void hkdfLabelCarriesContext() {
        // uint16 length 48 | label length 9 | "tls13 abc" | context length 3 | context
        assertArrayEquals(hex("0030" + "09" + "746c733133206162" + "63" + "03" + "010203"),
                Hkdf.hkdfLabel("abc", new byte[] {1, 2, 3}, 48));
        assertThrows(IllegalArgumentException.class, () -> Hkdf.hkdfLabel("x".repeat(250), new byte[0], 16));
        assertThrows(IllegalArgumentException.class, () -> Hkdf.hkdfLabel("x", new byte[256], 16));
    }

    /** RFC 9001 §5.8 and RFC 9369 §3.3.3: the Retry key and nonce derive from published secrets. */
    @Test
    void retryKeysDeriveFromTheirSecrets() {
        byte[] v1Secret = hex("d9c9943e6101fd200021506bcc02814c73030f25c79d71ce876eca876e6fca8e");
        assertArrayEquals(hex("be0c690b9f66575a1d766b54e368c84e"),
                Hkdf.expandLabel(HashFunction.SHA256, v1Secret, "quic key", new byte[0], 16));
        assertArrayEquals(hex("461599d35d632bf2239825bb"),
                Hkdf.expandLabel(HashFunction.SHA256, v1Secret, "quic iv", new byte[0], 12));
        byte[] v2Secret = hex("c4dd2484d681aefa4ff4d69c2c20299984a765a5d3c31982f38fc74162155e9f");
        assertArrayEquals(hex("8fb4b01b56ac48e260fbcbcead7ccc92"),
                Hkdf.expandLabel(HashFunction.SHA256, v2Secret, "quicv2 key", new byte[0], 16));
        assertArrayEquals(hex("d86969bc2d7c6d9990efb04a"),
                Hkdf.expandLabel(HashFunction.SHA256, v2Secret, "quicv2 iv", new byte[0], 12));
    }
}
