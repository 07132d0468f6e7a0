package dev.jquic.tls.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.tls.TlsOutput;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.tls.TlsAlert;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every handshake message re-framed with a shorter body (every length) or a longer one ends the
 * handshake with decode_error, and nothing but QuicProtocolException escapes.
 */
class MalformedMessageTest {
    private static RecordedHandshake recorded;

    @BeforeAll
    static void record() {
        recorded = RecordedHandshake.record();
    }

    interface Session {
        TlsSession create() throws QuicProtocolException;
    }

    /** Bodies shorter than the original at every length, and longer by 1 to 3 bytes. */
    static List<byte[]> malformedVariants(byte[] message) {
        byte[] body = Arrays.copyOfRange(message, 4, message.length);
        List<byte[]> variants = new ArrayList<>();
        for (int length = 0; length < body.length; length++) {
            variants.add(HandshakeFixtures.reframe(message[0], Arrays.copyOf(body, length)));
        }
        for (int extra = 1; extra <= 3; extra++) {
            variants.add(HandshakeFixtures.reframe(message[0], Arrays.copyOf(body, body.length + extra)));
        }
        return variants;
    }

    static void assertDecodeErrors(byte[] message, Session session, EncryptionLevel level) throws Exception {
        for (byte[] variant : malformedVariants(message)) {
            TlsSession target = session.create();
            QuicProtocolException error = assertThrows(QuicProtocolException.class,
                    () -> target.handleCryptoData(level, ByteBuffer.wrap(variant)),
                    "message type " + message[0] + " re-framed to " + (variant.length - 4) + " bytes");
            assertEquals(TlsAlert.DECODE_ERROR.transportErrorCode(), error.errorCode(),
                    "type " + message[0] + " body " + (variant.length - 4) + ": " + error);
        }
    }

    @Test
    void replayingTheRecordedServerMessagesCompletesAFreshClient() throws Exception {
        TlsSession client = recorded.clientAfter(recorded.serverFlight.size());
        assertTrue(client.isHandshakeComplete());
        assertEquals(4, recorded.serverFlight.size(), "EE, Certificate, CertificateVerify, Finished");
        TlsSession again = RecordedHandshake.freshClient();
        again.handleCryptoData(EncryptionLevel.INITIAL, ByteBuffer.wrap(recorded.serverHello));
        TlsOutput.SecretsAvailable secrets = (TlsOutput.SecretsAvailable) again.pollOutput();
        assertEquals(EncryptionLevel.HANDSHAKE, secrets.level());
        assertArrayEquals(recorded.serverHello, recorded.serverHello.clone());
    }

    @Test
    void malformedClientHello() throws Exception {
        assertDecodeErrors(recorded.clientHello, RecordedHandshake::freshServer, EncryptionLevel.INITIAL);
    }

    @Test
    void malformedServerHello() throws Exception {
        assertDecodeErrors(recorded.serverHello, RecordedHandshake::freshClient, EncryptionLevel.INITIAL);
    }

    @Test
    void malformedServerFlightMessages() throws Exception {
        for (int index = 0; index < recorded.serverFlight.size(); index++) {
            int count = index;
            assertDecodeErrors(recorded.serverFlight.get(index), () -> recorded.clientAfter(count),
                    EncryptionLevel.HANDSHAKE);
        }
    }

    @Test
    void malformedClientFinished() throws Exception {
        assertDecodeErrors(recorded.clientFlight.get(0), () -> {
            TlsSession server = RecordedHandshake.freshServer();
            server.handleCryptoData(EncryptionLevel.INITIAL, ByteBuffer.wrap(recorded.clientHello));
            RecordedHandshake.drain(server);
            return server;
        }, EncryptionLevel.HANDSHAKE);
    }

    @Test
    void messageSplitAcrossCallsStillWorksButLeftoverAtKeyChangeFails() throws Exception {
        TlsSession client = RecordedHandshake.freshClient();
        byte[] hello = recorded.serverHello;
        for (byte b : hello) {
            client.handleCryptoData(EncryptionLevel.INITIAL, ByteBuffer.wrap(new byte[] {b}));
        }
        assertTrue(client.pollOutput() instanceof TlsOutput.SecretsAvailable);

        TlsSession other = RecordedHandshake.freshClient();
        byte[] withExtra = Arrays.copyOf(hello, hello.length + 2);
        QuicProtocolException error = assertThrows(QuicProtocolException.class,
                () -> other.handleCryptoData(EncryptionLevel.INITIAL, ByteBuffer.wrap(withExtra)));
        assertEquals(TlsAlert.UNEXPECTED_MESSAGE.transportErrorCode(), error.errorCode());
    }
}
