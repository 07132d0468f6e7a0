package dev.jquic.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The benchmark's table-driven AES-GCM seals exactly as the JDK's AES-GCM does (NIST SP 800-38D). */
class TableGcmTest {

    @ParameterizedTest
    @ValueSource(ints = {16, 32})
    void sealsByteForByteAsTheJdkDoesForEveryLengthUpToAPacket(int keyLength) throws Exception {
        SplittableRandom random = new SplittableRandom(keyLength);
        byte[] key = bytes(random, keyLength);
        TableGcm gcm = new TableGcm(key, 1184);
        Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
        int[] lengths = {0, 1, 15, 16, 17, 31, 32, 33, 100, 1000, 1183, 1184};
        int[] aadLengths = {0, 1, 9, 16, 20, 21, 55};
        for (int length : lengths) {
            for (int aadLength : aadLengths) {
                byte[] nonce = bytes(random, 12);
                byte[] aad = bytes(random, aadLength);
                byte[] plaintext = bytes(random, length);
                jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
                jdk.updateAAD(aad);
                byte[] expected = jdk.doFinal(plaintext);

                byte[] packet = new byte[aadLength + length + 16];
                System.arraycopy(aad, 0, packet, 0, aadLength);
                System.arraycopy(plaintext, 0, packet, aadLength, length);
                int end = gcm.seal(nonce, packet, 0, aadLength, aadLength, length);

                assertEquals(packet.length, end);
                assertArrayEquals(expected, Arrays.copyOfRange(packet, aadLength, end),
                        "AES-" + keyLength * 8 + "-GCM, " + length + " B plaintext, " + aadLength + " B AAD");
            }
        }
    }

    private static byte[] bytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }
}
