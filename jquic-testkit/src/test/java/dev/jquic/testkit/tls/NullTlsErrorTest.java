package dev.jquic.testkit.tls;

import static dev.jquic.core.types.EncryptionLevel.HANDSHAKE;
import static dev.jquic.core.types.EncryptionLevel.INITIAL;
import static dev.jquic.core.types.EncryptionLevel.ONE_RTT;
import static dev.jquic.core.types.EncryptionLevel.ZERO_RTT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.tls.TlsOutput;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.types.EncryptionLevel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class NullTlsErrorTest {

    static final long UNEXPECTED_MESSAGE = 0x100 + 10;
    static final long HANDSHAKE_FAILURE = 0x100 + 40;
    static final long ILLEGAL_PARAMETER = 0x100 + 47;
    static final long DECODE_ERROR = 0x100 + 50;
    static final long DECRYPT_ERROR = 0x100 + 51;
    static final long NO_APPLICATION_PROTOCOL = 0x100 + 120;

    static ByteBuffer frame(NullTlsMessageType type, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NullTlsReassembler.write(out, type, body);
        return ByteBuffer.wrap(out.toByteArray());
    }

    static ByteBuffer raw(int... bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (byte) bytes[i];
        }
        return ByteBuffer.wrap(out);
    }

    static void assertAlert(long code, TlsSession session, EncryptionLevel level, ByteBuffer data) {
        QuicProtocolException error = assertThrows(QuicProtocolException.class,
                () -> session.handleCryptoData(level, data));
        assertEquals(code, error.errorCode(), error.reason());
        assertNull(session.pollOutput(), "a failed session drops its outputs");
        // A dead session rethrows the same error.
        assertSame(error, assertThrows(QuicProtocolException.class,
                () -> session.handleCryptoData(level, ByteBuffer.allocate(1))));
        assertSame(error, assertThrows(QuicProtocolException.class, session::start));
    }

    static TlsOutput.CryptoData clientHello(TlsSession client) throws QuicProtocolException {
        client.start();
        return (TlsOutput.CryptoData) client.pollOutput();
    }

    /** A started client that has taken a genuine ServerHello and waits for EncryptedExtensions. */
    static TlsSession clientWaitingForEncryptedExtensions() throws QuicProtocolException {
        TlsSession client = NullTlsHandshakeTest.client();
        client.start();
        client.pollOutput();
        client.handleCryptoData(INITIAL, frame(NullTlsMessageType.SERVER_HELLO,
                NullTlsCodec.encodeServerHello(CipherSuite.TLS_AES_128_GCM_SHA256.code())));
        return client;
    }

    @Test
    void noCommonAlpnIsNoApplicationProtocol() throws QuicProtocolException {
        TlsSession client = NullTls.client(ByteBuffer.allocate(0), List.of("h3"), null);
        TlsSession server = NullTls.server(ByteBuffer.allocate(0), List.of("smtp", "h2"));
        assertAlert(NO_APPLICATION_PROTOCOL, server, INITIAL, clientHello(client).data());
        assertNull(server.applicationProtocol());
    }

    @Test
    void emptyClientAlpnIsNoApplicationProtocol() throws QuicProtocolException {
        TlsSession client = NullTls.client(ByteBuffer.allocate(0), List.of(), null);
        assertAlert(NO_APPLICATION_PROTOCOL, NullTlsHandshakeTest.server(), INITIAL, clientHello(client).data());
    }

    @Test
    void differentSuitesAreHandshakeFailure() throws QuicProtocolException {
        TlsSession client = NullTls.client(ByteBuffer.allocate(0), List.of("h3"), null,
                NullTls.Options.defaults().withCipherSuite(CipherSuite.TLS_CHACHA20_POLY1305_SHA256));
        assertAlert(HANDSHAKE_FAILURE, NullTlsHandshakeTest.server(), INITIAL, clientHello(client).data());
    }

    @Test
    void serverHelloWithAnotherSuiteIsIllegalParameter() throws QuicProtocolException {
        TlsSession client = NullTlsHandshakeTest.client();
        client.start();
        client.pollOutput();
        assertAlert(ILLEGAL_PARAMETER, client, INITIAL, frame(NullTlsMessageType.SERVER_HELLO,
                NullTlsCodec.encodeServerHello(CipherSuite.TLS_AES_256_GCM_SHA384.code())));
    }

    @Test
    void alpnTheClientDidNotOfferIsIllegalParameter() throws QuicProtocolException {
        assertAlert(ILLEGAL_PARAMETER, clientWaitingForEncryptedExtensions(), HANDSHAKE,
                frame(NullTlsMessageType.ENCRYPTED_EXTENSIONS,
                        NullTlsCodec.encodeEncryptedExtensions(NullTlsCodec.bytes("smtp"), new byte[0], 0)));
    }

    @Test
    void wrongFinishedIsDecryptError() throws QuicProtocolException {
        TlsSession client = clientWaitingForEncryptedExtensions();
        client.handleCryptoData(HANDSHAKE, frame(NullTlsMessageType.ENCRYPTED_EXTENSIONS,
                NullTlsCodec.encodeEncryptedExtensions(NullTlsCodec.bytes("h3"), new byte[0], 0)));
        assertAlert(DECRYPT_ERROR, client, HANDSHAKE, frame(NullTlsMessageType.FINISHED, new byte[32]));
    }

    @Test
    void finishedOfWrongLengthIsDecodeError() throws QuicProtocolException {
        TlsSession client = NullTlsHandshakeTest.client();
        TlsSession server = NullTlsHandshakeTest.server();
        server.handleCryptoData(INITIAL, clientHello(client).data());
        assertAlert(DECODE_ERROR, server, HANDSHAKE, frame(NullTlsMessageType.FINISHED, new byte[31]));
    }

    @Test
    void serverClientFinishedWithWrongContentIsDecryptError() throws QuicProtocolException {
        TlsSession server = NullTlsHandshakeTest.server();
        server.handleCryptoData(INITIAL, clientHello(NullTlsHandshakeTest.client()).data());
        assertAlert(DECRYPT_ERROR, server, HANDSHAKE, frame(NullTlsMessageType.FINISHED,
                NullTlsSecrets.finished(NullTlsSecrets.SERVER_FINISHED)));
    }

    @Test
    void dataAtTheWrongLevelIsUnexpectedMessage() throws QuicProtocolException {
        ByteBuffer hello = clientHello(NullTlsHandshakeTest.client()).data();
        for (EncryptionLevel level : List.of(ZERO_RTT, HANDSHAKE, ONE_RTT)) {
            assertAlert(UNEXPECTED_MESSAGE, NullTlsHandshakeTest.server(), level, hello.duplicate());
        }
        // A client reads nothing before it starts.
        assertAlert(UNEXPECTED_MESSAGE, NullTlsHandshakeTest.client(), INITIAL, frame(NullTlsMessageType.SERVER_HELLO,
                NullTlsCodec.encodeServerHello(CipherSuite.TLS_AES_128_GCM_SHA256.code())));
    }

    @Test
    void unexpectedMessagesAreUnexpectedMessage() throws QuicProtocolException {
        assertAlert(UNEXPECTED_MESSAGE, NullTlsHandshakeTest.server(), INITIAL,
                frame(NullTlsMessageType.FINISHED, new byte[32]));
        assertAlert(UNEXPECTED_MESSAGE, NullTlsHandshakeTest.server(), INITIAL, raw(99, 0, 0, 0));
        TlsSession client = NullTlsHandshakeTest.client();
        client.start();
        assertAlert(UNEXPECTED_MESSAGE, client, INITIAL, clientHello(NullTlsHandshakeTest.client()).data());
        assertAlert(UNEXPECTED_MESSAGE, clientWaitingForEncryptedExtensions(), HANDSHAKE,
                frame(NullTlsMessageType.FINISHED, NullTlsSecrets.finished(NullTlsSecrets.SERVER_FINISHED)));
    }

    @Test
    void bytesSpanningTheKeyChangeAreUnexpectedMessage() throws QuicProtocolException {
        ByteBuffer hello = clientHello(NullTlsHandshakeTest.client()).data();
        ByteBuffer withExtra = ByteBuffer.allocate(hello.remaining() + 1).put(hello).put((byte) 1).flip();
        assertAlert(UNEXPECTED_MESSAGE, NullTlsHandshakeTest.server(), INITIAL, withExtra);
    }

    @Test
    void anythingAfterCompletionIsUnexpectedMessage() throws QuicProtocolException {
        Pump pump = new Pump(NullTlsHandshakeTest.client(), NullTlsHandshakeTest.server());
        pump.run();
        assertAlert(UNEXPECTED_MESSAGE, pump.client, ONE_RTT, frame(NullTlsMessageType.FINISHED, new byte[32]));
        assertAlert(UNEXPECTED_MESSAGE, pump.server, HANDSHAKE, frame(NullTlsMessageType.FINISHED, new byte[32]));
    }

    @Test
    void oversizedMessageIsDecodeErrorAsSoonAsItsHeaderArrives() {
        assertAlert(DECODE_ERROR, NullTlsHandshakeTest.server(), INITIAL, raw(1, 0x01, 0x00, 0x01));
    }

    @Test
    void messageOfExactly64KibIsAcceptedByTheFraming() {
        // 64 KiB is allowed by the framing; the ClientHello inside is then malformed (decode_error, not size).
        ByteBuffer message = ByteBuffer.allocate(4 + 65536).put(raw(1, 0x01, 0x00, 0x00)).rewind();
        TlsSession server = NullTlsHandshakeTest.server();
        QuicProtocolException error = assertThrows(QuicProtocolException.class,
                () -> server.handleCryptoData(INITIAL, message));
        assertEquals(DECODE_ERROR, error.errorCode());
        assertEquals(true, error.reason().contains("trailing"), error.reason());
    }

    @Test
    void malformedClientHelloIsDecodeError() throws QuicProtocolException {
        ByteBuffer hello = clientHello(NullTlsHandshakeTest.client()).data();
        byte[] body = new byte[hello.remaining() - 4];
        hello.duplicate().position(4).get(body);
        byte[] withTrailing = java.util.Arrays.copyOf(body, body.length + 1);
        assertAlert(DECODE_ERROR, NullTlsHandshakeTest.server(), INITIAL,
                frame(NullTlsMessageType.CLIENT_HELLO, withTrailing));
        assertAlert(DECODE_ERROR, NullTlsHandshakeTest.server(), INITIAL,
                frame(NullTlsMessageType.CLIENT_HELLO, java.util.Arrays.copyOf(body, body.length - 1)));
        // An empty protocol name inside the ALPN list.
        assertAlert(DECODE_ERROR, NullTlsHandshakeTest.server(), INITIAL,
                frame(NullTlsMessageType.CLIENT_HELLO, new byte[] {0x13, 0x01, 0, 1, 0, 0, 0, 0}));
    }

    @Test
    void malformedServerMessagesAreDecodeError() throws QuicProtocolException {
        TlsSession client = NullTlsHandshakeTest.client();
        client.start();
        assertAlert(DECODE_ERROR, client, INITIAL, frame(NullTlsMessageType.SERVER_HELLO, new byte[] {0x13, 1, 0}));
        assertAlert(DECODE_ERROR, clientWaitingForEncryptedExtensions(), HANDSHAKE,
                frame(NullTlsMessageType.ENCRYPTED_EXTENSIONS, new byte[] {0}));
        assertAlert(DECODE_ERROR, clientWaitingForEncryptedExtensions(), HANDSHAKE,
                frame(NullTlsMessageType.ENCRYPTED_EXTENSIONS, new byte[] {2, 'h', '3', 0, 0, 0, 0, 5}));
    }

    @Test
    void startingTwiceIsAnError() throws QuicProtocolException {
        TlsSession client = NullTlsHandshakeTest.client();
        client.start();
        QuicProtocolException error = assertThrows(QuicProtocolException.class, client::start);
        assertEquals(0x100 + 80, error.errorCode());
    }
}
