package dev.jquic.testkit.tls;

import static dev.jquic.core.types.EncryptionLevel.HANDSHAKE;
import static dev.jquic.core.types.EncryptionLevel.INITIAL;
import static dev.jquic.core.types.EncryptionLevel.ONE_RTT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.tls.TlsOutput;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.types.EncryptionLevel;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NullTlsHandshakeTest {

    static final ByteBuffer CLIENT_PARAMETERS = ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
    static final ByteBuffer SERVER_PARAMETERS = ByteBuffer.wrap(new byte[] {9, 8, 7});

    static TlsSession client() {
        return NullTls.client(CLIENT_PARAMETERS, List.of("h3", "hq-interop"), "example.test");
    }

    static TlsSession server() {
        return NullTls.server(SERVER_PARAMETERS, List.of("hq-interop", "h3"));
    }

    static long alert(int code) {
        return 0x100 + code;
    }

    static TlsOutput.SecretsAvailable secrets(List<TlsOutput> outputs, EncryptionLevel level) {
        return outputs.stream().filter(o -> o instanceof TlsOutput.SecretsAvailable s && s.level() == level)
                .map(o -> (TlsOutput.SecretsAvailable) o).findFirst().orElseThrow();
    }

    static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }

    @Test
    void outputsComeInTheOrderOfTheRealTls() throws QuicProtocolException {
        Pump pump = new Pump(client(), server());
        pump.run();

        assertEquals(List.of("CryptoData INITIAL", "Secrets HANDSHAKE", "Secrets ONE_RTT", "CryptoData HANDSHAKE",
                "HandshakeCompleted"), Pump.describe(pump.clientOutputs));
        assertEquals(List.of("CryptoData INITIAL", "Secrets HANDSHAKE", "CryptoData HANDSHAKE", "Secrets ONE_RTT",
                "HandshakeCompleted"), Pump.describe(pump.serverOutputs));
        assertTrue(pump.client.isHandshakeComplete());
        assertTrue(pump.server.isHandshakeComplete());
        assertNull(pump.client.pollOutput());
        assertNull(pump.server.pollOutput());
    }

    @Test
    void serverCompletesOnlyOnTheClientFinished() throws QuicProtocolException {
        TlsSession client = client();
        TlsSession server = server();
        client.start();
        server.start();
        assertNull(server.pollOutput());
        TlsOutput.CryptoData hello = (TlsOutput.CryptoData) client.pollOutput();
        assertEquals(INITIAL, hello.level());
        server.handleCryptoData(INITIAL, hello.data());
        List<TlsOutput> flight = new java.util.ArrayList<>();
        TlsOutput output;
        while ((output = server.pollOutput()) != null) {
            flight.add(output);
        }
        assertEquals(4, flight.size());
        assertFalse(server.isHandshakeComplete());
        assertFalse(client.isHandshakeComplete());
        assertEquals("h3", server.applicationProtocol());
        for (TlsOutput.CryptoData data : flight.stream().filter(o -> o instanceof TlsOutput.CryptoData)
                .map(o -> (TlsOutput.CryptoData) o).toList()) {
            client.handleCryptoData(data.level(), data.data());
        }
        TlsOutput clientOutput;
        TlsOutput.CryptoData finished = null;
        while ((clientOutput = client.pollOutput()) != null) {
            if (clientOutput instanceof TlsOutput.CryptoData data) {
                finished = data;
            }
        }
        assertTrue(client.isHandshakeComplete());
        assertFalse(server.isHandshakeComplete());
        assertEquals(HANDSHAKE, finished.level());
        server.handleCryptoData(HANDSHAKE, finished.data());
        assertTrue(server.isHandshakeComplete());
        assertTrue(server.pollOutput() instanceof TlsOutput.HandshakeCompleted);
        assertNull(server.pollOutput());
    }

    @Test
    void secretsPairUpAndMatchTheSuiteHashLength() throws QuicProtocolException {
        for (CipherSuite suite : CipherSuite.values()) {
            NullTls.Options options = NullTls.Options.defaults().withCipherSuite(suite);
            Pump pump = new Pump(NullTls.client(CLIENT_PARAMETERS, List.of("h3"), null, options),
                    NullTls.server(SERVER_PARAMETERS, List.of("h3"), options));
            pump.run();
            for (EncryptionLevel level : List.of(HANDSHAKE, ONE_RTT)) {
                TlsOutput.SecretsAvailable client = secrets(pump.clientOutputs, level);
                TlsOutput.SecretsAvailable server = secrets(pump.serverOutputs, level);
                assertSame(suite, client.cipherSuite());
                assertSame(suite, server.cipherSuite());
                assertArrayEquals(client.writeSecret(), server.readSecret());
                assertArrayEquals(client.readSecret(), server.writeSecret());
                assertFalse(java.util.Arrays.equals(client.writeSecret(), client.readSecret()));
                assertEquals(suite.hash().length(), client.writeSecret().length);
            }
            assertFalse(java.util.Arrays.equals(secrets(pump.clientOutputs, HANDSHAKE).writeSecret(),
                    secrets(pump.clientOutputs, ONE_RTT).writeSecret()));
        }
    }

    @Test
    void peerSeesAlpnServerNameAndTransportParameters() throws QuicProtocolException {
        Pump pump = new Pump(client(), server());
        assertNull(pump.client.applicationProtocol());
        assertNull(pump.client.peerTransportParameters());
        assertNull(pump.server.serverName());
        pump.run();

        // The server picks the first client protocol it supports: the client prefers h3.
        assertEquals("h3", pump.server.applicationProtocol());
        assertEquals("h3", pump.client.applicationProtocol());
        assertEquals("example.test", pump.server.serverName());
        assertEquals("example.test", pump.client.serverName());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, bytes(pump.server.peerTransportParameters()));
        assertArrayEquals(new byte[] {9, 8, 7}, bytes(pump.client.peerTransportParameters()));
        ByteBuffer view = pump.client.peerTransportParameters();
        assertTrue(view.isReadOnly());
        assertThrows(ReadOnlyBufferException.class, () -> view.put(0, (byte) 0));
        view.get();
        assertEquals(3, pump.client.peerTransportParameters().remaining(), "each call is a fresh view");
    }

    @Test
    void noServerNameIsNull() throws QuicProtocolException {
        Pump pump = new Pump(NullTls.client(CLIENT_PARAMETERS, List.of("h3"), null), server());
        pump.run();
        assertNull(pump.server.serverName());
        assertTrue(pump.server.isHandshakeComplete());
    }

    @Test
    void factoryDoesNotMoveTheCallersBuffer() throws QuicProtocolException {
        ByteBuffer parameters = ByteBuffer.wrap(new byte[] {5, 6, 7, 8});
        parameters.position(1);
        Pump pump = new Pump(NullTls.client(parameters, List.of("h3"), null), server());
        assertEquals(1, parameters.position());
        pump.run();
        assertArrayEquals(new byte[] {6, 7, 8}, bytes(pump.server.peerTransportParameters()));
    }

    @Test
    void paddingEnlargesTheServerHandshakeFlight() throws QuicProtocolException {
        Pump plain = new Pump(client(), server());
        plain.run();
        Pump padded = new Pump(client(), NullTls.server(SERVER_PARAMETERS, List.of("h3"),
                NullTls.Options.defaults().withServerFlightPaddingBytes(20_000)));
        padded.run();
        assertEquals(Pump.cryptoBytes(plain.serverOutputs, INITIAL).length,
                Pump.cryptoBytes(padded.serverOutputs, INITIAL).length);
        assertEquals(Pump.cryptoBytes(plain.serverOutputs, HANDSHAKE).length + 20_000,
                Pump.cryptoBytes(padded.serverOutputs, HANDSHAKE).length);
        assertTrue(padded.client.isHandshakeComplete());
        assertTrue(padded.server.isHandshakeComplete());
    }

    @Test
    void maximumPaddingStillFitsOneMessage() throws QuicProtocolException {
        Pump pump = new Pump(client(), NullTls.server(ByteBuffer.wrap(new byte[4096]), List.of("h3"),
                NullTls.Options.defaults().withServerFlightPaddingBytes(56 * 1024)));
        pump.run();
        assertTrue(pump.client.isHandshakeComplete());
        assertThrows(IllegalArgumentException.class,
                () -> NullTls.Options.defaults().withServerFlightPaddingBytes(56 * 1024 + 1));
        assertThrows(IllegalArgumentException.class,
                () -> NullTls.Options.defaults().withServerFlightPaddingBytes(-1));
    }

    @Test
    void factoriesRejectInvalidArguments() {
        assertThrows(IllegalArgumentException.class,
                () -> NullTls.client(ByteBuffer.allocate(4097), List.of("h3"), null));
        assertThrows(IllegalArgumentException.class, () -> NullTls.client(CLIENT_PARAMETERS, List.of(""), null));
        assertThrows(IllegalArgumentException.class,
                () -> NullTls.client(CLIENT_PARAMETERS, List.of("x".repeat(256)), null));
        assertThrows(IllegalArgumentException.class, () -> NullTls.client(CLIENT_PARAMETERS, List.of("h3"), ""));
        assertThrows(IllegalArgumentException.class, () -> NullTls.server(CLIENT_PARAMETERS, List.of("")));
    }

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void handshakeCompletesWithEverySuite(CipherSuite suite) throws QuicProtocolException {
        NullTls.Options options = NullTls.Options.defaults().withCipherSuite(suite);
        Pump pump = new Pump(NullTls.client(CLIENT_PARAMETERS, List.of("h3"), "a", options),
                NullTls.server(SERVER_PARAMETERS, List.of("h3"), options));
        pump.run();
        assertTrue(pump.client.isHandshakeComplete());
        assertTrue(pump.server.isHandshakeComplete());
    }
}
