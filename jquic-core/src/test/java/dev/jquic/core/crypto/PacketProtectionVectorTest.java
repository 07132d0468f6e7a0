package dev.jquic.core.crypto;

import static dev.jquic.core.testvectors.RfcVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jquic.core.testvectors.RfcVectors;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Whole-packet protection and unprotection, byte for byte against RFC 9001 Appendix A.2, A.3,
 * A.5 and RFC 9369 Appendix A.2, A.3, A.5, in heap, heap-slice and direct buffers, with the
 * packet placed at a non-zero offset.
 */
class PacketProtectionVectorTest {
    private static final ConnectionId CLIENT_DCID = ConnectionId.ofHex("8394c8f03e515708");
    private static final int LEADING_BYTES = 7;

    enum BufferKind {
        HEAP {
            @Override
            ByteBuffer allocate(int capacity) {
                return ByteBuffer.allocate(capacity);
            }
        },
        HEAP_SLICE {
            @Override
            ByteBuffer allocate(int capacity) {
                return ByteBuffer.allocate(capacity + 11).slice(5, capacity);
            }
        },
        DIRECT {
            @Override
            ByteBuffer allocate(int capacity) {
                return ByteBuffer.allocateDirect(capacity);
            }
        };

        abstract ByteBuffer allocate(int capacity);
    }

    private static byte[] clientInitialPlaintext(String cryptoFrameHex) {
        // RFC 9001 §A.2: the CRYPTO frame plus PADDING frames up to a 1162-byte payload.
        return Arrays.copyOf(hex(cryptoFrameHex), 1162);
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void clientInitialV1(BufferKind kind) {
        InitialSecrets secrets = InitialSecrets.derive(Version.V1, CLIENT_DCID);
        checkVector(kind, secrets.clientProtection(), secrets.clientProtection(), hex(RfcVectors.V1.CLIENT_INITIAL_HEADER),
                clientInitialPlaintext(RfcVectors.V1.CLIENT_INITIAL_CRYPTO_FRAME), 18, 2,
                hex(RfcVectors.V1.CLIENT_INITIAL_PROTECTED));
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void clientInitialV2(BufferKind kind) {
        InitialSecrets secrets = InitialSecrets.derive(Version.V2, CLIENT_DCID);
        checkVector(kind, secrets.clientProtection(), secrets.clientProtection(), hex(RfcVectors.V2.CLIENT_INITIAL_HEADER),
                clientInitialPlaintext(RfcVectors.V2.CLIENT_INITIAL_CRYPTO_FRAME), 18, 2,
                hex(RfcVectors.V2.CLIENT_INITIAL_PROTECTED));
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void serverInitialV1(BufferKind kind) {
        InitialSecrets secrets = InitialSecrets.derive(Version.V1, CLIENT_DCID);
        checkVector(kind, secrets.serverProtection(), secrets.serverProtection(), hex(RfcVectors.V1.SERVER_INITIAL_HEADER),
                hex(RfcVectors.V1.SERVER_INITIAL_PAYLOAD), 18, 1, hex(RfcVectors.V1.SERVER_INITIAL_PROTECTED));
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void serverInitialV2(BufferKind kind) {
        InitialSecrets secrets = InitialSecrets.derive(Version.V2, CLIENT_DCID);
        checkVector(kind, secrets.serverProtection(), secrets.serverProtection(), hex(RfcVectors.V2.SERVER_INITIAL_HEADER),
                hex(RfcVectors.V2.SERVER_INITIAL_PAYLOAD), 18, 1, hex(RfcVectors.V2.SERVER_INITIAL_PROTECTED));
    }

    private static final byte[] CHACHA_SECRET = hex("9ac312a7f877468ebe69422748ad00a15443f18203a07d6060f688f30f21632b");

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void chaCha20ShortHeaderV1(BufferKind kind) {
        checkVector(kind, chaCha(Version.V1), chaCha(Version.V1), hex("4200bff4"), hex("01"), 1, 654360564L,
                hex("4cfe4189655e5cd55c41f69080575d7999c25a5bfb"));
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void chaCha20ShortHeaderV2(BufferKind kind) {
        checkVector(kind, chaCha(Version.V2), chaCha(Version.V2), hex("4200bff4"), hex("01"), 1, 654360564L,
                hex("5558b1c60ae7b6b932bc27d786f4bc2bb20f2162ba"));
    }

    private static PacketProtection chaCha(Version version) {
        return PacketProtection.create(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, version, CHACHA_SECRET);
    }

    @org.junit.jupiter.api.Test
    void chaCha20KeysOfRfc9001AppendixA5() {
        PacketProtection protection = chaCha(Version.V1);
        assertArrayEquals(hex("c6d98ff3441c3fe1b2182094f69caa2ed4b716b65488960a7a984979fb23e1c8"), protection.key());
        assertArrayEquals(hex("e0459b3474bdd0e44a41c144"), protection.iv());
        assertArrayEquals(hex("25a282b9e82f06f21f488917a4fc8f1b73573685608597d0efcb076b0ab7a7a4"),
                protection.headerProtectionKey());
        byte[] mask = new byte[5];
        protection.headerProtectionMask(hex("5e5cd55c41f69080575d7999c25a5bfb"), mask);
        assertArrayEquals(hex("aefefe7d03"), mask);
    }

    @org.junit.jupiter.api.Test
    void chaCha20KeysOfRfc9369AppendixA5() {
        PacketProtection protection = chaCha(Version.V2);
        assertArrayEquals(hex("3bfcddd72bcf02541d7fa0dd1f5f9eeea817e09a6963a0e6c7df0f9a1bab90f2"), protection.key());
        assertArrayEquals(hex("a6b5bc6ab7dafce30ffff5dd"), protection.iv());
        assertArrayEquals(hex("d659760d2ba434a226fd37b35c69e2da8211d10c4f12538787d65645d5d1b8e2"),
                protection.headerProtectionKey());
        byte[] mask = new byte[5];
        protection.headerProtectionMask(hex("e7b6b932bc27d786f4bc2bb20f2162ba"), mask);
        assertArrayEquals(hex("97580e32bf"), mask);
    }

    @org.junit.jupiter.api.Test
    void aesHeaderProtectionMasksOfAppendixA2AndA3() {
        byte[] mask = new byte[5];
        InitialSecrets v1 = InitialSecrets.derive(Version.V1, CLIENT_DCID);
        v1.clientProtection().headerProtectionMask(hex("d1b1c98dd7689fb8ec11d242b123dc9b"), mask);
        assertArrayEquals(hex("437b9aec36"), mask);
        v1.serverProtection().headerProtectionMask(hex("2cd0991cd25b0aac406a5816b6394100"), mask);
        assertArrayEquals(hex("2ec0d8356a"), mask);
        InitialSecrets v2 = InitialSecrets.derive(Version.V2, CLIENT_DCID);
        v2.clientProtection().headerProtectionMask(hex("ffe67b6abcdb4298b485dd04de806071"), mask);
        assertArrayEquals(hex("94a0c95e80"), mask);
        v2.serverProtection().headerProtectionMask(hex("6f05d8a4398c47089698baeea26b91eb"), mask);
        assertArrayEquals(hex("4dd92e91ea"), mask);
    }

    /** RFC 9001 §A.5 and RFC 9369 §A.5 give the "ku" secret of the ChaCha20 example. */
    @org.junit.jupiter.api.Test
    void keyUpdateSecretsOfAppendixA5() {
        PacketProtection v1 = chaCha(Version.V1);
        PacketProtection v1Next = v1.nextGeneration();
        assertArrayEquals(hex("1223504755036d556342ee9361d253421a826c9ecdf3c7148684b36b714881f9"),
                v1Next.secret());
        checkKeyUpdate(v1, v1Next);
        PacketProtection v2 = chaCha(Version.V2);
        PacketProtection v2Next = v2.nextGeneration();
        assertArrayEquals(hex("c69374c49e3d2a9466fa689e49d476db5d0dfbc87d32ceeaa6343fd0ae4c7d88"), v2Next.secret());
        checkKeyUpdate(v2, v2Next);
    }

    private static void checkKeyUpdate(PacketProtection current, PacketProtection next) {
        HashFunction hash = current.suite().hash();
        byte[] expectedKey = Hkdf.expandLabel(hash, next.secret(), VersionLabels.key(current.version()), new byte[0], 32);
        byte[] expectedIv = Hkdf.expandLabel(hash, next.secret(), VersionLabels.iv(current.version()), new byte[0], 12);
        assertArrayEquals(expectedKey, next.key());
        assertArrayEquals(expectedIv, next.iv());
        assertFalse(Arrays.equals(current.key(), next.key()));
        assertFalse(Arrays.equals(current.iv(), next.iv()));
        // RFC 9001 §6.1: the header protection key is not updated.
        assertArrayEquals(current.headerProtectionKey(), next.headerProtectionKey());
    }

    private static void checkVector(BufferKind kind, PacketProtection sender, PacketProtection receiver, byte[] header,
            byte[] plaintext, int packetNumberOffset, long packetNumber, byte[] expectedPacket) {
        int packetNumberLength = (header[0] & 0x03) + 1;
        int packetLength = header.length + plaintext.length + CipherSuite.TAG_LENGTH;
        assertEquals(expectedPacket.length, packetLength);
        ByteBuffer buffer = kind.allocate(LEADING_BYTES + packetLength + 3);
        buffer.put(LEADING_BYTES, header).put(LEADING_BYTES + header.length, plaintext);

        int end = sender.protect(buffer, LEADING_BYTES, LEADING_BYTES + packetNumberOffset, packetNumberLength,
                LEADING_BYTES + header.length + plaintext.length, packetNumber);
        assertEquals(LEADING_BYTES + packetLength, end);
        assertArrayEquals(expectedPacket, bytes(buffer, LEADING_BYTES, end));
        assertEquals(0, buffer.position());
        assertEquals(1, sender.protectedPacketCount());

        long headerResult = receiver.removeHeaderProtection(buffer, LEADING_BYTES, LEADING_BYTES + packetNumberOffset, end);
        assertEquals(packetNumberLength, PacketProtection.packetNumberLength(headerResult));
        long truncatedMask = (1L << (8 * packetNumberLength)) - 1;
        assertEquals(packetNumber & truncatedMask, PacketProtection.truncatedPacketNumber(headerResult));
        assertArrayEquals(header, bytes(buffer, LEADING_BYTES, LEADING_BYTES + header.length));

        int payloadOffset = LEADING_BYTES + packetNumberOffset + packetNumberLength;
        int plaintextEnd = receiver.open(buffer, LEADING_BYTES, payloadOffset, end, packetNumber);
        assertEquals(LEADING_BYTES + header.length + plaintext.length, plaintextEnd);
        assertArrayEquals(plaintext, bytes(buffer, payloadOffset, plaintextEnd));
        assertEquals(0, receiver.authenticationFailureCount());
    }

    static byte[] bytes(ByteBuffer buffer, int from, int to) {
        byte[] copy = new byte[to - from];
        buffer.get(from, copy);
        return copy;
    }
}
