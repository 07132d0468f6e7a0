package dev.jquic.tls.message;

import static dev.jquic.tls.message.TestBytes.hex;
import static dev.jquic.tls.message.TestBytes.roundTrip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9001 Appendix A and RFC 8448 messages decode to the expected fields and re-encode byte for byte. */
class RfcVectorTest {
    /** RFC 9001 Appendix A.2: the client Initial's CRYPTO frame (06 00 40f1, then the 241-byte ClientHello). */
    static final String RFC9001_CLIENT_CRYPTO_FRAME = """
            060040f1010000ed0303ebf8fa56f129 39b9584a3896472ec40bb863cfd3e868
            04fe3a47f06a2b69484c000004130113 02010000c000000010000e00000b6578
            616d706c652e636f6dff01000100000a 00080006001d00170018001000070005
            04616c706e0005000501000000000033 00260024001d00209370b2c9caa47fba
            baf4559fedba753de171fa71f50f1ce1 5d43e994ec74d748002b000302030400
            0d0010000e0403050306030203080408 050806002d00020101001c0002400100
            3900320408ffffffffffffffff050480 00ffff07048000ffff08011001048000
            75300901100f088394c8f03e51570806 048000ffff
            """;

    /** RFC 9001 Appendix A.3: the server Initial's payload (ACK frame, then CRYPTO 06 00 405a + ServerHello). */
    static final String RFC9001_SERVER_INITIAL_PAYLOAD = """
            02000000000600405a020000560303ee fce7f7b37ba1d1632e96677825ddf739
            88cfc79825df566dc5430b9a045a1200 130100002e00330024001d00209d3c94
            0d89690b84d08a60993c144eca684d10 81287c834d5311bcf32bb9da1a002b00
            020304
            """;

    // RFC 8448 §3 (simple 1-RTT handshake) and §4 (resumed 0-RTT handshake) messages.
    static final String RFC8448_ENCRYPTED_EXTENSIONS = """
            08 00 00 24 00 22 00 0a 00 14 00 12 00 1d 00 17 00 18 00 19 01 00 01 01 01 02 01 03 01 04 00 1c 00 02
            40 01 00 00 00 00""";
    static final String RFC8448_CERTIFICATE = """
            0b 00 01 b9 00 00 01 b5 00 01 b0 30 82 01 ac 30 82 01 15 a0 03 02 01 02 02 01 02 30 0d 06 09 2a 86 48
            86 f7 0d 01 01 0b 05 00 30 0e 31 0c 30 0a 06 03 55 04 03 13 03 72 73 61 30 1e 17 0d 31 36 30 37 33 30
            30 31 32 33 35 39 5a 17 0d 32 36 30 37 33 30 30 31 32 33 35 39 5a 30 0e 31 0c 30 0a 06 03 55 04 03 13
            03 72 73 61 30 81 9f 30 0d 06 09 2a 86 48 86 f7 0d 01 01 01 05 00 03 81 8d 00 30 81 89 02 81 81 00 b4
            bb 49 8f 82 79 30 3d 98 08 36 39 9b 36 c6 98 8c 0c 68 de 55 e1 bd b8 26 d3 90 1a 24 61 ea fd 2d e4 9a
            91 d0 15 ab bc 9a 95 13 7a ce 6c 1a f1 9e aa 6a f9 8c 7c ed 43 12 09 98 e1 87 a8 0e e0 cc b0 52 4b 1b
            01 8c 3e 0b 63 26 4d 44 9a 6d 38 e2 2a 5f da 43 08 46 74 80 30 53 0e f0 46 1c 8c a9 d9 ef bf ae 8e a6
            d1 d0 3e 2b d1 93 ef f0 ab 9a 80 02 c4 74 28 a6 d3 5a 8d 88 d7 9f 7f 1e 3f 02 03 01 00 01 a3 1a 30 18
            30 09 06 03 55 1d 13 04 02 30 00 30 0b 06 03 55 1d 0f 04 04 03 02 05 a0 30 0d 06 09 2a 86 48 86 f7 0d
            01 01 0b 05 00 03 81 81 00 85 aa d2 a0 e5 b9 27 6b 90 8c 65 f7 3a 72 67 17 06 18 a5 4c 5f 8a 7b 33 7d
            2d f7 a5 94 36 54 17 f2 ea e8 f8 a5 8c 8f 81 72 f9 31 9c f3 6b 7f d6 c5 5b 80 f2 1a 03 01 51 56 72 60
            96 fd 33 5e 5e 67 f2 db f1 02 70 2e 60 8c ca e6 be c1 fc 63 a4 2a 99 be 5c 3e b7 10 7c 3c 54 e9 b9 eb
            2b d5 20 3b 1c 3b 84 e0 a8 b2 f7 59 40 9b a3 ea c9 d9 1d 40 2d cc 0c c8 f8 96 12 29 ac 91 87 b4 2b 4d
            e1 00 00""";
    static final String RFC8448_CERTIFICATE_VERIFY = """
            0f 00 00 84 08 04 00 80 5a 74 7c 5d 88 fa 9b d2 e5 5a b0 85 a6 10 15 b7 21 1f 82 4c d4 84 14 5a b3 ff
            52 f1 fd a8 47 7b 0b 7a bc 90 db 78 e2 d3 3a 5c 14 1a 07 86 53 fa 6b ef 78 0c 5e a2 48 ee aa a7 85 c4
            f3 94 ca b6 d3 0b be 8d 48 59 ee 51 1f 60 29 57 b1 54 11 ac 02 76 71 45 9e 46 44 5c 9e a5 8c 18 1e 81
            8e 95 b8 c3 fb 0b f3 27 84 09 d3 be 15 2a 3d a5 04 3e 06 3d da 65 cd f5 ae a2 0d 53 df ac d4 2f 74 f3""";
    static final String RFC8448_SERVER_FINISHED = """
            14 00 00 20 9b 9b 14 1d 90 63 37 fb d2 cb dc e7 1d f4 de da 4a b4 2c 30 95 72 cb 7f ff ee 54 54 b7 8f
            07 18""";
    static final String RFC8448_NEW_SESSION_TICKET = """
            04 00 00 c9 00 00 00 1e fa d6 aa c5 02 00 00 00 b2 2c 03 5d 82 93 59 ee 5f f7 af 4e c9 00 00 00 00 26
            2a 64 94 dc 48 6d 2c 8a 34 cb 33 fa 90 bf 1b 00 70 ad 3c 49 88 83 c9 36 7c 09 a2 be 78 5a bc 55 cd 22
            60 97 a3 a9 82 11 72 83 f8 2a 03 a1 43 ef d3 ff 5d d3 6d 64 e8 61 be 7f d6 1d 28 27 db 27 9c ce 14 50
            77 d4 54 a3 66 4d 4e 6d a4 d2 9e e0 37 25 a6 a4 da fc d0 fc 67 d2 ae a7 05 29 51 3e 3d a2 67 7f a5 90
            6c 5b 3f 7d 8f 92 f2 28 bd a4 0d da 72 14 70 f9 fb f2 97 b5 ae a6 17 64 6f ac 5c 03 27 2e 97 07 27 c6
            21 a7 91 41 ef 5f 7d e6 50 5e 5b fb c3 88 e9 33 43 69 40 93 93 4a e4 d3 57 00 08 00 2a 00 04 00 00 04
            00""";
    static final String RFC8448_RESUMED_CLIENT_HELLO = """
            01 00 01 fc 03 03 1b c3 ce b6 bb e3 9c ff 93 83 55 b5 a5 0a db 6d b2 1b 7a 6a f6 49 d7 b4 bc 41 9d 78
            76 48 7d 95 00 00 06 13 01 13 03 13 02 01 00 01 cd 00 00 00 0b 00 09 00 00 06 73 65 72 76 65 72 ff 01
            00 01 00 00 0a 00 14 00 12 00 1d 00 17 00 18 00 19 01 00 01 01 01 02 01 03 01 04 00 33 00 26 00 24 00
            1d 00 20 e4 ff b6 8a c0 5f 8d 96 c9 9d a2 66 98 34 6c 6b e1 64 82 ba dd da fe 05 1a 66 b4 f1 8d 66 8f
            0b 00 2a 00 00 00 2b 00 03 02 03 04 00 0d 00 20 00 1e 04 03 05 03 06 03 02 03 08 04 08 05 08 06 04 01
            05 01 06 01 02 01 04 02 05 02 06 02 02 02 00 2d 00 02 01 01 00 1c 00 02 40 01 00 15 00 57 00 00 00 00
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 29 00 dd 00 b8 00 b2 2c 03 5d 82 93 59 ee 5f f7 af 4e
            c9 00 00 00 00 26 2a 64 94 dc 48 6d 2c 8a 34 cb 33 fa 90 bf 1b 00 70 ad 3c 49 88 83 c9 36 7c 09 a2 be
            78 5a bc 55 cd 22 60 97 a3 a9 82 11 72 83 f8 2a 03 a1 43 ef d3 ff 5d d3 6d 64 e8 61 be 7f d6 1d 28 27
            db 27 9c ce 14 50 77 d4 54 a3 66 4d 4e 6d a4 d2 9e e0 37 25 a6 a4 da fc d0 fc 67 d2 ae a7 05 29 51 3e
            3d a2 67 7f a5 90 6c 5b 3f 7d 8f 92 f2 28 bd a4 0d da 72 14 70 f9 fb f2 97 b5 ae a6 17 64 6f ac 5c 03
            27 2e 97 07 27 c6 21 a7 91 41 ef 5f 7d e6 50 5e 5b fb c3 88 e9 33 43 69 40 93 93 4a e4 d3 57 fa d6 aa
            cb 00 21 20 3a dd 4f b2 d8 fd f8 22 a0 ca 3c f7 67 8e f5 e8 8d ae 99 01 41 c5 92 4d 57 bb 6f a3 1b 9e
            5f 9d""";

    static byte[] rfc9001ClientHello() {
        byte[] frame = hex(RFC9001_CLIENT_CRYPTO_FRAME);
        assertEquals("060040f1", hex(Arrays.copyOf(frame, 4)));
        return Arrays.copyOfRange(frame, 4, 4 + 241);
    }

    static byte[] rfc9001ServerHello() {
        byte[] payload = hex(RFC9001_SERVER_INITIAL_PAYLOAD);
        // ACK frame 02 00 00 00 00, then CRYPTO frame 06 00 405a (offset 0, length 90).
        assertEquals("0600405a", hex(Arrays.copyOfRange(payload, 5, 9)));
        return Arrays.copyOfRange(payload, 9, 9 + 90);
    }

    @Test
    void rfc9001ClientHelloDecodesAndReencodes() throws QuicProtocolException {
        byte[] bytes = rfc9001ClientHello();
        ClientHello hello = assertInstanceOf(ClientHello.class, roundTrip(bytes));
        assertEquals(0x0303, hello.legacyVersion());
        assertEquals("ebf8fa56f12939b9584a3896472ec40bb863cfd3e86804fe3a47f06a2b69484c", hello.random().toString());
        assertEquals(0, hello.legacySessionId().length());
        assertEquals(List.of(0x1301, 0x1302), hello.cipherSuites());
        assertEquals("00", hello.legacyCompressionMethods().toString());
        Extensions extensions = hello.extensions();
        assertEquals(List.of(0, 0xff01, 10, 16, 5, 51, 43, 13, 45, 0x1c, 0x39),
                extensions.list().stream().map(Extension::type).toList());
        assertEquals(new ServerNameExtension("example.com"), extensions.get(ExtensionType.SERVER_NAME));
        assertEquals(new UnknownExtension(0xff01, Opaque.ofHex("00")), extensions.get(0xff01));
        assertEquals(new SupportedGroupsExtension(List.of(0x1d, 0x17, 0x18)),
                extensions.get(ExtensionType.SUPPORTED_GROUPS));
        assertEquals(AlpnExtension.ofNames("alpn"),
                extensions.get(ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION));
        assertEquals(new KeyShareClientExtension(List.of(new KeyShareEntry(0x1d,
                Opaque.ofHex("9370b2c9caa47fbabaf4559fedba753de171fa71f50f1ce15d43e994ec74d748")))),
                extensions.get(ExtensionType.KEY_SHARE));
        assertEquals(new SupportedVersionsClientExtension(List.of(0x0304)),
                extensions.get(ExtensionType.SUPPORTED_VERSIONS));
        assertEquals(new SignatureAlgorithmsExtension(
                List.of(0x0403, 0x0503, 0x0603, 0x0203, 0x0804, 0x0805, 0x0806)),
                extensions.get(ExtensionType.SIGNATURE_ALGORITHMS));
        assertEquals(new PskKeyExchangeModesExtension(List.of(1)), extensions.get(ExtensionType.PSK_KEY_EXCHANGE_MODES));
        assertEquals(new QuicTransportParametersExtension(Opaque.ofHex(
                "0408ffffffffffffffff05048000ffff07048000ffff0801100104800075300901100f088394c8f03e51570806048000ffff")),
                extensions.get(ExtensionType.QUIC_TRANSPORT_PARAMETERS));
        assertNull(hello.preSharedKey());
    }

    @Test
    void rfc9001ServerHelloDecodesAndReencodes() throws QuicProtocolException {
        ServerHello hello = assertInstanceOf(ServerHello.class, roundTrip(rfc9001ServerHello()));
        assertFalse(hello.isHelloRetryRequest());
        assertEquals(0x0303, hello.legacyVersion());
        assertEquals("eefce7f7b37ba1d1632e96677825ddf73988cfc79825df566dc5430b9a045a12", hello.random().toString());
        assertEquals(0x1301, hello.cipherSuite());
        assertEquals(0, hello.legacyCompressionMethod());
        assertEquals(Extensions.of(
                new KeyShareServerExtension(new KeyShareEntry(0x1d,
                        Opaque.ofHex("9d3c940d89690b84d08a60993c144eca684d1081287c834d5311bcf32bb9da1a"))),
                new SupportedVersionsServerExtension(0x0304)), hello.extensions());
    }

    @Test
    void rfc8448EncryptedExtensions() throws QuicProtocolException {
        EncryptedExtensions message = assertInstanceOf(EncryptedExtensions.class,
                roundTrip(hex(RFC8448_ENCRYPTED_EXTENSIONS)));
        assertEquals(Extensions.of(
                new SupportedGroupsExtension(List.of(0x1d, 0x17, 0x18, 0x19, 0x100, 0x101, 0x102, 0x103, 0x104)),
                new UnknownExtension(0x1c, Opaque.ofHex("4001")),
                new ServerNameAcknowledgement()), message.extensions());
    }

    @Test
    void rfc8448Certificate() throws QuicProtocolException {
        Certificate message = assertInstanceOf(Certificate.class, roundTrip(hex(RFC8448_CERTIFICATE)));
        assertEquals(0, message.requestContext().length());
        assertEquals(1, message.entries().size());
        CertificateEntry entry = message.entries().get(0);
        assertEquals(0x1b0, entry.certData().length());
        assertTrue(entry.certData().toString().startsWith("308201ac"));
        assertEquals(Extensions.EMPTY, entry.extensions());
    }

    @Test
    void rfc8448CertificateVerify() throws QuicProtocolException {
        CertificateVerify message = assertInstanceOf(CertificateVerify.class,
                roundTrip(hex(RFC8448_CERTIFICATE_VERIFY)));
        assertEquals(0x0804, message.signatureScheme());
        assertEquals(128, message.signature().length());
        assertTrue(message.signature().toString().startsWith("5a747c5d"));
    }

    @Test
    void rfc8448Finished() throws QuicProtocolException {
        Finished message = assertInstanceOf(Finished.class, roundTrip(hex(RFC8448_SERVER_FINISHED)));
        assertEquals("9b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718", message.verifyData().toString());
    }

    @Test
    void rfc8448NewSessionTicket() throws QuicProtocolException {
        NewSessionTicket message = assertInstanceOf(NewSessionTicket.class,
                roundTrip(hex(RFC8448_NEW_SESSION_TICKET)));
        assertEquals(30, message.ticketLifetimeSeconds());
        assertEquals(0xfad6aac5L, message.ticketAgeAdd());
        assertEquals("0000", message.ticketNonce().toString());
        assertEquals(0xb2, message.ticket().length());
        assertEquals(Extensions.of(new EarlyDataTicketExtension(0x400)), message.extensions());
    }

    @Test
    void rfc8448ResumedClientHelloBindersAndPartialHello() throws QuicProtocolException {
        byte[] bytes = hex(RFC8448_RESUMED_CLIENT_HELLO);
        assertEquals(512, bytes.length);
        ClientHello hello = assertInstanceOf(ClientHello.class, roundTrip(bytes));
        PreSharedKeyClientExtension psk = hello.preSharedKey();
        assertEquals(1, psk.identities().size());
        assertEquals(0xb2, psk.identities().get(0).identity().length());
        assertEquals(0xfad6aacbL, psk.identities().get(0).obfuscatedTicketAge());
        assertEquals(List.of(Opaque.ofHex("3add4fb2d8fdf822a0ca3cf7678ef5e88dae990141c5924d57bb6fa31b9e5f9d")),
                psk.binders());
        assertEquals(new EarlyDataExtension(), hello.extensions().get(ExtensionType.EARLY_DATA));
        assertEquals(2 + 1 + 32, hello.bindersListLength());

        // RFC 9846 §4.2.11.2: the partial ClientHello stops right before the binders list.
        byte[] expectedPartial = Arrays.copyOf(bytes, 512 - 35);
        assertEquals("fad6aacb", hex(Arrays.copyOfRange(expectedPartial, expectedPartial.length - 4, expectedPartial.length)));
        assertArrayEquals(expectedPartial, hello.partialEncoding());
        ByteBuffer received = hello.partialMessage(RawHandshakeMessage.of(bytes));
        byte[] receivedPartial = new byte[received.remaining()];
        received.get(receivedPartial);
        assertArrayEquals(expectedPartial, receivedPartial);

        // Client flow: placeholder binders, then the real ones; the partial bytes do not depend on them.
        ClientHello placeholder = hello.withBinders(List.of(Opaque.of(new byte[32])));
        assertArrayEquals(expectedPartial, placeholder.partialEncoding());
        assertArrayEquals(bytes, placeholder.withBinders(psk.binders()).toByteArray());
    }
}
