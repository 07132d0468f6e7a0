package dev.jquic.testkit.tls;

import static dev.jquic.core.types.EncryptionLevel.HANDSHAKE;
import static dev.jquic.core.types.EncryptionLevel.INITIAL;
import static dev.jquic.core.types.EncryptionLevel.ONE_RTT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.tls.TlsOutput;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.types.EncryptionLevel;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class NullTlsPropertiesTest {

    private static final List<String> CLIENT_ORDER = List.of("CryptoData INITIAL", "Secrets HANDSHAKE",
            "Secrets ONE_RTT", "CryptoData HANDSHAKE", "HandshakeCompleted");
    private static final List<String> SERVER_ORDER = List.of("CryptoData INITIAL", "Secrets HANDSHAKE",
            "CryptoData HANDSHAKE", "Secrets ONE_RTT", "HandshakeCompleted");

    @Property(tries = 300)
    void handshakeCompletesWhateverTheSplits(
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 40) Integer> chunkSizes,
            @ForAll CipherSuite suite,
            @ForAll @IntRange(min = 0, max = 3000) int paddingBytes,
            @ForAll @Size(max = 300) byte[] clientParameters,
            @ForAll @Size(max = 300) byte[] serverParameters) throws QuicProtocolException {
        NullTls.Options options = NullTls.Options.defaults().withCipherSuite(suite)
                .withServerFlightPaddingBytes(paddingBytes);
        int[] next = {0};
        Pump pump = new Pump(
                NullTls.client(ByteBuffer.wrap(clientParameters), List.of("x", "h3"), "host.test", options),
                NullTls.server(ByteBuffer.wrap(serverParameters), List.of("h3"), options),
                left -> chunkSizes.get(next[0]++ % chunkSizes.size()));
        pump.run();

        assertEquals(CLIENT_ORDER, Pump.describe(pump.clientOutputs));
        assertEquals(SERVER_ORDER, Pump.describe(pump.serverOutputs));
        assertTrue(pump.client.isHandshakeComplete());
        assertTrue(pump.server.isHandshakeComplete());
        assertEquals("h3", pump.client.applicationProtocol());
        assertEquals("h3", pump.server.applicationProtocol());
        assertEquals("host.test", pump.server.serverName());
        assertArrayEquals(clientParameters, NullTlsHandshakeTest.bytes(pump.server.peerTransportParameters()));
        assertArrayEquals(serverParameters, NullTlsHandshakeTest.bytes(pump.client.peerTransportParameters()));
        for (EncryptionLevel level : List.of(HANDSHAKE, ONE_RTT)) {
            TlsOutput.SecretsAvailable client = NullTlsHandshakeTest.secrets(pump.clientOutputs, level);
            TlsOutput.SecretsAvailable server = NullTlsHandshakeTest.secrets(pump.serverOutputs, level);
            assertArrayEquals(client.writeSecret(), server.readSecret());
            assertArrayEquals(client.readSecret(), server.writeSecret());
        }
    }

    /** Feeds random bytes in random chunks; only QuicProtocolException with a CRYPTO_ERROR code may escape. */
    private static void feedRandom(TlsSession session, EncryptionLevel level, byte[] data, List<Integer> chunks) {
        int offset = 0;
        int index = 0;
        try {
            while (offset < data.length) {
                int size = Math.min(data.length - offset, chunks.get(index++ % chunks.size()));
                session.handleCryptoData(level, ByteBuffer.wrap(data, offset, size));
                offset += size;
            }
        } catch (QuicProtocolException e) {
            assertTrue(e.errorCode() >= 0x100 && e.errorCode() <= 0x1ff, e.toString());
            assertNull(session.pollOutput());
        }
    }

    @Property(tries = 500)
    void randomBytesRaiseOnlyProtocolErrors(
            @ForAll @Size(max = 400) byte[] data,
            @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 1, max = 100) Integer> chunks,
            @ForAll EncryptionLevel level,
            @ForAll @IntRange(min = 0, max = 3) int stage) throws QuicProtocolException {
        TlsSession session = switch (stage) {
            case 0 -> NullTlsHandshakeTest.server();
            case 1 -> NullTlsHandshakeTest.client();
            case 2 -> {
                TlsSession client = NullTlsHandshakeTest.client();
                client.start();
                client.pollOutput();
                yield client;
            }
            default -> NullTlsErrorTest.clientWaitingForEncryptedExtensions();
        };
        feedRandom(session, level, data, chunks);
    }

    @Property(tries = 500)
    void randomMessagesWithPlausibleHeadersRaiseOnlyProtocolErrors(
            @ForAll @IntRange(min = 0, max = 25) int type,
            @ForAll @Size(max = 300) byte[] body,
            @ForAll boolean toServer) throws QuicProtocolException {
        byte[] message = new byte[4 + body.length];
        message[0] = (byte) type;
        message[2] = (byte) (body.length >>> 8);
        message[3] = (byte) body.length;
        System.arraycopy(body, 0, message, 4, body.length);
        if (toServer) {
            feedRandom(NullTlsHandshakeTest.server(), INITIAL, message, List.of(message.length));
        } else {
            feedRandom(NullTlsErrorTest.clientWaitingForEncryptedExtensions(), HANDSHAKE, message,
                    List.of(message.length));
        }
    }

    /** Every prefix of the ClientHello is buffered silently; completing it then succeeds. */
    @Example
    void everyTruncationOfTheClientHelloIsBufferedThenCompletes() throws QuicProtocolException {
        byte[] hello = NullTlsHandshakeTest.bytes(
                NullTlsErrorTest.clientHello(NullTlsHandshakeTest.client()).data());
        for (int cut = 0; cut < hello.length; cut++) {
            TlsSession server = NullTlsHandshakeTest.server();
            server.handleCryptoData(INITIAL, ByteBuffer.wrap(hello, 0, cut));
            assertNull(server.pollOutput());
            assertNull(server.peerTransportParameters());
            server.handleCryptoData(INITIAL, ByteBuffer.wrap(hello, cut, hello.length - cut));
            assertTrue(server.pollOutput() instanceof TlsOutput.CryptoData);
        }
    }

    /** A ClientHello body truncated at any position, framed with its shorter length, is decode_error. */
    @Example
    void everyTruncatedClientHelloBodyIsDecodeError() throws QuicProtocolException {
        byte[] hello = NullTlsHandshakeTest.bytes(
                NullTlsErrorTest.clientHello(NullTlsHandshakeTest.client()).data());
        for (int cut = 4; cut < hello.length; cut++) {
            byte[] body = java.util.Arrays.copyOfRange(hello, 4, cut);
            TlsSession server = NullTlsHandshakeTest.server();
            QuicProtocolException error = assertThrows(QuicProtocolException.class, () -> server.handleCryptoData(
                    INITIAL, NullTlsErrorTest.frame(NullTlsMessageType.CLIENT_HELLO, body)));
            assertEquals(NullTlsErrorTest.DECODE_ERROR, error.errorCode(), "cut " + cut + ": " + error.reason());
        }
    }

    /** Every byte of the server's flight flipped: the client completes or fails with a protocol error. */
    @Property(tries = 200)
    void corruptedServerFlightRaisesOnlyProtocolErrors(
            @ForAll @IntRange(min = 0, max = 10_000) int position,
            @ForAll @IntRange(min = 1, max = 255) int xor) throws QuicProtocolException {
        TlsSession client = NullTlsHandshakeTest.client();
        TlsSession server = NullTlsHandshakeTest.server();
        server.handleCryptoData(INITIAL, NullTlsErrorTest.clientHello(client).data());
        byte[] initial = null;
        byte[] handshake = null;
        TlsOutput output;
        while ((output = server.pollOutput()) != null) {
            if (output instanceof TlsOutput.CryptoData data) {
                if (data.level() == INITIAL) {
                    initial = NullTlsHandshakeTest.bytes(data.data());
                } else {
                    handshake = NullTlsHandshakeTest.bytes(data.data());
                }
            }
        }
        int total = initial.length + handshake.length;
        int at = position % total;
        if (at < initial.length) {
            initial[at] ^= (byte) xor;
        } else {
            handshake[at - initial.length] ^= (byte) xor;
        }
        try {
            client.handleCryptoData(INITIAL, ByteBuffer.wrap(initial));
            client.handleCryptoData(HANDSHAKE, ByteBuffer.wrap(handshake));
        } catch (QuicProtocolException e) {
            assertTrue(e.errorCode() >= 0x100 && e.errorCode() <= 0x1ff, e.toString());
            assertFalse(client.isHandshakeComplete());
        }
    }
}
