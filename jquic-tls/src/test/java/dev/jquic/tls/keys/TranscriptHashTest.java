package dev.jquic.tls.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.crypto.HashFunction;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Transcript-Hash (TLS 1.3 spec §4.4.1), its HelloRetryRequest rule and partial ClientHellos. */
class TranscriptHashTest {
    private static final byte[] CLIENT_HELLO_1 = Rfc8448Trace.hex(Rfc8448Trace.CLIENT_HELLO);
    private static final byte[] HELLO_RETRY_REQUEST = {2, 0, 0, 4, 3, 3, 0x11, 0x22};
    private static final byte[] CLIENT_HELLO_2 = {1, 0, 0, 3, 9, 8, 7};
    private static final byte[] SERVER_HELLO = Rfc8448Trace.hex(Rfc8448Trace.SERVER_HELLO);

    private static byte[] digest(HashFunction hash, byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance(hash == HashFunction.SHA256 ? "SHA-256" : "SHA-384");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(HashFunction.class)
    void bufferingBeforeTheSuiteIsKnownGivesTheSameHash(HashFunction hash) {
        TranscriptHash late = new TranscriptHash();
        late.add(CLIENT_HELLO_1);
        late.add(SERVER_HELLO, 0, 10);
        assertFalse(late.isHashSelected());
        late.selectHash(hash);
        late.add(SERVER_HELLO, 10, SERVER_HELLO.length - 10);

        TranscriptHash early = TranscriptHash.withHash(hash);
        early.add(CLIENT_HELLO_1);
        early.add(SERVER_HELLO);

        assertTrue(late.isHashSelected());
        assertEquals(hash, late.hash());
        assertArrayEquals(digest(hash, CLIENT_HELLO_1, SERVER_HELLO), late.currentHash());
        assertArrayEquals(early.currentHash(), late.currentHash());
        assertEquals(hash.length(), late.currentHash().length);
    }

    @Test
    void bothHashesAreAvailableBeforeSelection() {
        TranscriptHash transcript = new TranscriptHash();
        transcript.add(CLIENT_HELLO_1);
        assertArrayEquals(digest(HashFunction.SHA256, CLIENT_HELLO_1), transcript.currentHash(HashFunction.SHA256));
        assertArrayEquals(digest(HashFunction.SHA384, CLIENT_HELLO_1), transcript.currentHash(HashFunction.SHA384));
        assertThrows(IllegalStateException.class, transcript::currentHash);
        assertThrows(IllegalStateException.class, transcript::hash);
    }

    @Test
    void byteBufferInputLeavesThePositionAlone() {
        TranscriptHash transcript = new TranscriptHash();
        ByteBuffer buffer = ByteBuffer.wrap(concat(new byte[] {9, 9}, CLIENT_HELLO_1));
        buffer.position(2);
        transcript.add(buffer);
        assertEquals(2, buffer.position());
        assertArrayEquals(digest(HashFunction.SHA384, CLIENT_HELLO_1), transcript.currentHash(HashFunction.SHA384));
        assertArrayEquals(digest(HashFunction.SHA256, CLIENT_HELLO_1), transcript.currentHash(HashFunction.SHA256));
    }

    @Test
    void snapshotsDoNotDisturbTheRunningHash() {
        TranscriptHash transcript = TranscriptHash.withHash(HashFunction.SHA256);
        transcript.add(CLIENT_HELLO_1);
        byte[] first = transcript.currentHash();
        assertArrayEquals(first, transcript.currentHash());
        transcript.add(SERVER_HELLO);
        assertArrayEquals(digest(HashFunction.SHA256, CLIENT_HELLO_1, SERVER_HELLO), transcript.currentHash());
        assertArrayEquals(digest(HashFunction.SHA256), TranscriptHash.withHash(HashFunction.SHA256).currentHash());
    }

    @ParameterizedTest
    @EnumSource(HashFunction.class)
    void helloRetryRequestReplacesClientHello1ByMessageHash(HashFunction hash) {
        TranscriptHash transcript = new TranscriptHash();
        transcript.add(CLIENT_HELLO_1);
        transcript.selectHash(hash);
        transcript.replaceClientHelloWithMessageHash();
        transcript.add(HELLO_RETRY_REQUEST);
        transcript.add(CLIENT_HELLO_2);

        byte[] messageHash = concat(new byte[] {(byte) 254, 0, 0, (byte) hash.length()}, digest(hash, CLIENT_HELLO_1));
        assertEquals(4 + hash.length(), messageHash.length);
        assertArrayEquals(digest(hash, messageHash, HELLO_RETRY_REQUEST, CLIENT_HELLO_2), transcript.currentHash());
    }

    @Test
    void partialClientHelloHashFollowsTheTranscriptAndLeavesItUnchanged() {
        TranscriptHash transcript = new TranscriptHash();
        transcript.add(CLIENT_HELLO_1);
        transcript.selectHash(HashFunction.SHA384);
        transcript.replaceClientHelloWithMessageHash();
        transcript.add(HELLO_RETRY_REQUEST);
        byte[] before = transcript.currentHash();
        byte[] messageHash = concat(new byte[] {(byte) 254, 0, 0, 48}, digest(HashFunction.SHA384, CLIENT_HELLO_1));

        byte[] partial = {1, 0, 0, 50, 3, 3};
        assertArrayEquals(digest(HashFunction.SHA384, messageHash, HELLO_RETRY_REQUEST, partial),
                transcript.hashWithPartialClientHello(HashFunction.SHA384, partial));
        assertArrayEquals(before, transcript.currentHash());
        assertThrows(IllegalStateException.class,
                () -> transcript.hashWithPartialClientHello(HashFunction.SHA256, partial));
    }

    @Test
    void theHashCannotChangeOnceSelected() {
        TranscriptHash transcript = new TranscriptHash();
        transcript.selectHash(HashFunction.SHA256);
        transcript.selectHash(HashFunction.SHA256);
        assertThrows(IllegalStateException.class, () -> transcript.selectHash(HashFunction.SHA384));
        assertThrows(IllegalStateException.class, () -> transcript.currentHash(HashFunction.SHA384));
        assertThrows(IllegalStateException.class, () -> new TranscriptHash().replaceClientHelloWithMessageHash());
    }
}
