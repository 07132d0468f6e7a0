package dev.jquic.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regression: ChaCha20-Poly1305 packets whose header (the AEAD's associated data) is longer than
 * 16 bytes — every long-header packet — were sealed with a wrong tag, because the JDK 17 provider
 * mishandles a ByteBuffer AAD of more than one Poly1305 block. jquic accepted its own packets,
 * quiche dropped them (and jquic dropped quiche's), so a ChaCha20 handshake never completed.
 * The reference here is the provider's byte-array API (cross-checked against another
 * implementation of RFC 8439).
 */
class ChaChaLongHeaderAadRegressionTest {

    private static final byte[] SECRET = java.util.HexFormat.of().parseHex(
            "9ac312a7f877468ebe69422748ad00a15443f18203a07d6060f688f30f21632b");

    @ParameterizedTest
    @ValueSource(ints = {4, 15, 16, 17, 20, 33, 60, 200})
    void sealedTagMatchesTheByteArrayComputation(int headerLength) throws Exception {
        PacketProtection protection = PacketProtection.create(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, Version.V1,
                SECRET);
        byte[] header = new byte[headerLength];
        for (int i = 0; i < headerLength; i++) {
            header[i] = (byte) (0x40 + i);
        }
        byte[] plaintext = new byte[300];
        for (int i = 0; i < plaintext.length; i++) {
            plaintext[i] = (byte) (i * 7);
        }
        long packetNumber = 5;
        ByteBuffer buffer = ByteBuffer.allocate(headerLength + plaintext.length + CipherSuite.TAG_LENGTH);
        buffer.put(0, header).put(headerLength, plaintext);
        int end = protection.seal(buffer, 0, headerLength, headerLength + plaintext.length, packetNumber);

        byte[] nonce = protection.iv();
        nonce[nonce.length - 1] ^= (byte) packetNumber;
        Cipher reference = Cipher.getInstance("ChaCha20-Poly1305");
        reference.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(protection.key(), "ChaCha20"),
                new IvParameterSpec(nonce));
        reference.updateAAD(header);
        byte[] expected = reference.doFinal(plaintext);

        assertEquals(headerLength + expected.length, end);
        assertArrayEquals(expected, PacketProtectionVectorTest.bytes(buffer, headerLength, end));
        PacketProtection receiver = PacketProtection.create(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, Version.V1,
                SECRET);
        assertEquals(headerLength + plaintext.length, receiver.open(buffer, 0, headerLength, end, packetNumber));
    }
}
