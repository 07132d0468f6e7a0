package dev.jquic.core.packet;

import static dev.jquic.core.testvectors.RfcVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.crypto.InitialSecrets;
import dev.jquic.core.crypto.PacketProtection;
import dev.jquic.core.crypto.RetryIntegrity;
import dev.jquic.core.testvectors.RfcVectors;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.PacketType;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * RFC 9001 Appendix A.2-A.5 and RFC 9369 Appendix A.2-A.5 end to end: packets built with
 * {@link PacketHeaderWriter} and {@link PacketSealer} equal the RFC's protected bytes, and the
 * RFC's protected bytes parsed with {@link PacketParser} and opened with {@link PacketOpener}
 * give back the RFC's plaintext.
 */
class WholePacketVectorsTest {
    private static final ConnectionId CLIENT_DCID = ConnectionId.ofHex("8394c8f03e515708");
    private static final ConnectionId SERVER_SCID = ConnectionId.ofHex("f067a5502a4262b5");
    private static final byte[] CHACHA_SECRET =
            hex("9ac312a7f877468ebe69422748ad00a15443f18203a07d6060f688f30f21632b");
    /** RFC 9001 §A.5: the ChaCha20 example's packet number. */
    private static final long CHACHA_PACKET_NUMBER = 654_360_564L;

    @Test
    void clientInitialV1() throws QuicProtocolException {
        checkClientInitial(Version.V1, RfcVectors.V1.CLIENT_INITIAL_CRYPTO_FRAME, RfcVectors.V1.CLIENT_INITIAL_PROTECTED);
    }

    @Test
    void clientInitialV2() throws QuicProtocolException {
        checkClientInitial(Version.V2, RfcVectors.V2.CLIENT_INITIAL_CRYPTO_FRAME, RfcVectors.V2.CLIENT_INITIAL_PROTECTED);
    }

    @Test
    void serverInitialV1() throws QuicProtocolException {
        checkServerInitial(Version.V1, RfcVectors.V1.SERVER_INITIAL_PAYLOAD, RfcVectors.V1.SERVER_INITIAL_PROTECTED);
    }

    @Test
    void serverInitialV2() throws QuicProtocolException {
        checkServerInitial(Version.V2, RfcVectors.V2.SERVER_INITIAL_PAYLOAD, RfcVectors.V2.SERVER_INITIAL_PROTECTED);
    }

    @Test
    void chaCha20ShortHeaderV1() throws QuicProtocolException {
        checkChaCha20ShortHeader(Version.V1, "4cfe4189655e5cd55c41f69080575d7999c25a5bfb");
    }

    @Test
    void chaCha20ShortHeaderV2() throws QuicProtocolException {
        checkChaCha20ShortHeader(Version.V2, "5558b1c60ae7b6b932bc27d786f4bc2bb20f2162ba");
    }

    @Test
    void retryV1() throws QuicProtocolException {
        checkRetry(Version.V1, RfcVectors.V1.RETRY);
    }

    @Test
    void retryV2() throws QuicProtocolException {
        checkRetry(Version.V2, RfcVectors.V2.RETRY);
    }

    @Test
    void tamperedPacketIsDroppedNotThrown() throws QuicProtocolException {
        byte[] bytes = hex(RfcVectors.V1.SERVER_INITIAL_PROTECTED);
        for (int index = 0; index < bytes.length; index++) {
            byte[] tampered = bytes.clone();
            tampered[index] ^= 0x01;
            ByteBuffer datagram = ByteBuffer.wrap(tampered);
            ParsedPacket parsed;
            try {
                parsed = PacketParser.parse(datagram, 0, 0);
            } catch (QuicProtocolException headerDamaged) {
                continue; // e.g. the fixed bit or a length byte was flipped: dropped by the parser
            }
            if (!(parsed instanceof PacketHeader header)) {
                continue; // the flip turned it into another kind of packet
            }
            InitialSecrets secrets = InitialSecrets.derive(Version.V1, CLIENT_DCID);
            assertNull(PacketOpener.open(datagram, header, secrets.serverProtection(), PacketNumbers.NONE),
                    "a flipped bit at index " + index + " must fail authentication");
        }
    }

    @Test
    void nonZeroReservedBitsAfterDecryptionAreAProtocolViolation() {
        InitialSecrets secrets = InitialSecrets.derive(Version.V1, CLIENT_DCID);
        ByteBuffer out = ByteBuffer.allocate(200);
        int packetNumberOffset = PacketHeaderWriter.writeLongHeader(
                out, PacketType.HANDSHAKE, Version.V1, CLIENT_DCID, SERVER_SCID, 7, 1);
        out.put(0, (byte) (out.get(0) | 0x0c)); // set both reserved bits before protection
        out.put(new byte[] {0x01, 0x00, 0x00, 0x00, 0x00}); // PING and PADDING
        int end = PacketSealer.seal(out, 0, packetNumberOffset, 7, secrets.clientProtection());
        ByteBuffer datagram = ByteBuffer.wrap(Arrays.copyOf(out.array(), end));
        QuicProtocolException e = assertThrows(QuicProtocolException.class, () -> PacketOpener.open(
                datagram, (PacketHeader) PacketParser.parse(datagram, 0, 0), secrets.clientProtection(), 6));
        assertEquals(TransportError.PROTOCOL_VIOLATION.code(), e.errorCode());
    }

    @Test
    void sealerPadsAOneBytePayloadSoHeaderProtectionCanSample() throws QuicProtocolException {
        PacketProtection sender = chaCha(Version.V1);
        ByteBuffer out = ByteBuffer.allocate(64);
        int packetNumberOffset = PacketHeaderWriter.writeShortHeader(out, false, 1, CLIENT_DCID, 0, 1);
        out.put((byte) 0x01); // PING: 1-byte packet number + 1-byte payload is below the 4 needed
        int end = PacketSealer.seal(out, 0, packetNumberOffset, 0, sender);
        assertEquals(packetNumberOffset + 4 + CipherSuite.TAG_LENGTH, end, "two PADDING bytes added");
        ByteBuffer datagram = ByteBuffer.wrap(Arrays.copyOf(out.array(), end));
        PacketHeader header = (PacketHeader) PacketParser.parse(datagram, 0, CLIENT_DCID.length());
        OpenedPacket opened = PacketOpener.open(datagram, header, chaCha(Version.V1), PacketNumbers.NONE);
        assertNotNull(opened);
        assertEquals(1, opened.keyPhase());
        assertArrayEquals(new byte[] {0x01, 0x00, 0x00}, bytes(opened.payload(datagram)));
    }

    private static void checkClientInitial(Version version, String cryptoFrameHex, String protectedHex)
            throws QuicProtocolException {
        // RFC 9001 §A.2: the CRYPTO frame padded with PADDING frames to a 1162-byte payload, packet
        // number 2 in 4 bytes, empty source connection ID and token.
        byte[] plaintext = Arrays.copyOf(hex(cryptoFrameHex), 1162);
        InitialSecrets secrets = InitialSecrets.derive(version, CLIENT_DCID);
        ByteBuffer out = ByteBuffer.allocate(1500);
        int packetNumberOffset = PacketHeaderWriter.writeInitial(
                out, version, CLIENT_DCID, ConnectionId.EMPTY, new byte[0], 2, 4);
        out.put(plaintext);
        int end = PacketSealer.seal(out, 0, packetNumberOffset, 2, secrets.clientProtection());
        assertArrayEquals(hex(protectedHex), Arrays.copyOf(out.array(), end));
        assertEquals(end, out.position());

        ByteBuffer received = ByteBuffer.wrap(hex(protectedHex));
        OpenedPacket opened = parseAndOpen(received, 0, secrets.clientProtection(), PacketNumbers.NONE);
        assertArrayEquals(plaintext, bytes(opened.payload(received)));
        assertEquals(PacketType.INITIAL, opened.header().type());
        assertEquals(version, opened.header().version());
        assertEquals(CLIENT_DCID, opened.header().destinationConnectionId());
        assertEquals(2, opened.packetNumber());
    }

    private static void checkServerInitial(Version version, String payloadHex, String protectedHex)
            throws QuicProtocolException {
        // RFC 9001 §A.3: packet number 1 in 2 bytes, empty destination connection ID.
        InitialSecrets secrets = InitialSecrets.derive(version, CLIENT_DCID);
        ByteBuffer out = ByteBuffer.allocate(1500);
        int packetNumberOffset = PacketHeaderWriter.writeInitial(
                out, version, ConnectionId.EMPTY, SERVER_SCID, new byte[0], 1, 2);
        out.put(hex(payloadHex));
        int end = PacketSealer.seal(out, 0, packetNumberOffset, 1, secrets.serverProtection());
        assertArrayEquals(hex(protectedHex), Arrays.copyOf(out.array(), end));

        ByteBuffer received = ByteBuffer.wrap(hex(protectedHex));
        OpenedPacket opened = parseAndOpen(received, 0, secrets.serverProtection(), PacketNumbers.NONE);
        assertArrayEquals(hex(payloadHex), bytes(opened.payload(received)));
        assertEquals(SERVER_SCID, opened.header().sourceConnectionId());
        assertEquals(1, opened.packetNumber());
    }

    private static void checkChaCha20ShortHeader(Version version, String protectedHex) throws QuicProtocolException {
        // RFC 9001 §A.5: header 4200bff4 (3-byte packet number), payload a single PING.
        ByteBuffer out = ByteBuffer.allocate(64);
        int packetNumberOffset = PacketHeaderWriter.writeShortHeader(
                out, false, 0, ConnectionId.EMPTY, CHACHA_PACKET_NUMBER, 3);
        out.put((byte) 0x01);
        int end = PacketSealer.seal(out, 0, packetNumberOffset, CHACHA_PACKET_NUMBER, chaCha(version));
        assertArrayEquals(hex(protectedHex), Arrays.copyOf(out.array(), end));

        ByteBuffer received = ByteBuffer.wrap(hex(protectedHex));
        OpenedPacket opened = parseAndOpen(received, 0, chaCha(version), CHACHA_PACKET_NUMBER - 1);
        assertArrayEquals(new byte[] {0x01}, bytes(opened.payload(received)));
        assertEquals(PacketType.ONE_RTT, opened.header().type());
        assertEquals(CHACHA_PACKET_NUMBER, opened.packetNumber());
        assertEquals(0, opened.keyPhase());
    }

    private static void checkRetry(Version version, String retryHex) throws QuicProtocolException {
        byte[] expected = hex(retryHex);
        ByteBuffer datagram = ByteBuffer.wrap(expected.clone());
        RetryPacket parsed = assertInstanceOf(RetryPacket.class, PacketParser.parse(datagram, 0, 0));
        assertEquals(version, parsed.version());
        assertEquals(SERVER_SCID, parsed.sourceConnectionId());
        assertArrayEquals("token".getBytes(java.nio.charset.StandardCharsets.US_ASCII), parsed.token());
        RetryIntegrity integrity = RetryIntegrity.forVersion(version);
        assertTrue(integrity.verify(CLIENT_DCID, datagram, parsed.packetStart(), parsed.packetEnd()));
        assertFalse(integrity.verify(SERVER_SCID, datagram, parsed.packetStart(), parsed.packetEnd()),
                "the tag binds the original destination connection ID");

        // Server side: write everything but the tag, then let RetryIntegrity append it.
        ByteBuffer out = ByteBuffer.allocate(expected.length);
        parsed.writeBeforeTag(out);
        int end = integrity.writeTag(CLIENT_DCID, out, 0, out.position());
        assertEquals(expected.length, end);
        assertArrayEquals(expected, out.array());
    }

    private static OpenedPacket parseAndOpen(ByteBuffer datagram, int shortHeaderCidLength, PacketProtection keys,
            long largestReceived) throws QuicProtocolException {
        PacketHeader header = assertInstanceOf(PacketHeader.class, PacketParser.parse(datagram, 0, shortHeaderCidLength));
        OpenedPacket opened = PacketOpener.open(datagram, header, keys, largestReceived);
        assertNotNull(opened, "the RFC packet must authenticate");
        assertEquals(header.packetEnd() - CipherSuite.TAG_LENGTH, opened.payloadEnd());
        return opened;
    }

    private static PacketProtection chaCha(Version version) {
        return PacketProtection.create(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, version, CHACHA_SECRET);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
