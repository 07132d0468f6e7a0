package dev.jquic.tls.handshake;

import static dev.jquic.tls.handshake.HandshakeFixtures.CLIENT_PARAMETERS;
import static dev.jquic.tls.handshake.HandshakeFixtures.SERVER_PARAMETERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.tls.TlsOutput;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.tls.QuicTls;
import dev.jquic.tls.message.ClientHello;
import dev.jquic.tls.message.PskKeyExchangeModesExtension;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * TLS 1.3 spec §4.2.9: our client advertises psk_dhe_ke on every connection (servers, the JDK's
 * among them, send no tickets otherwise), so a first connection already receives a ticket. (That
 * our server sends none to a client without psk_dhe_ke cannot be shown with our own client, whose
 * ClientHello cannot be edited without breaking the transcript.)
 */
class TicketIssuingTest {

    /** Regression: the client used to advertise psk_key_exchange_modes only when resuming. */
    @Test
    void aFirstConnectionAdvertisesPskDheKeAndReceivesATicket() throws QuicProtocolException {
        byte[][] clientHello = new byte[1][];
        HandshakePump pump = run((from, level, data) -> {
            if (clientHello[0] == null && level == EncryptionLevel.INITIAL) {
                clientHello[0] = data.clone();
            }
            return data;
        });
        ClientHello hello = ClientHello.decode(ByteBuffer.wrap(clientHello[0], 4, clientHello[0].length - 4));
        assertEquals(java.util.List.of(PskKeyExchangeModesExtension.PSK_DHE_KE),
                hello.extensions().find(PskKeyExchangeModesExtension.class).orElseThrow().modes());
        assertEquals(1, count(pump, TlsOutput.SessionTicketReceived.class));
        assertTrue(pump.serverOutputs.stream().anyMatch(output ->
                output instanceof TlsOutput.CryptoData crypto && crypto.level() == EncryptionLevel.ONE_RTT));
    }

    private static HandshakePump run(HandshakePump.Interceptor interceptor) throws QuicProtocolException {
        TlsSession client = QuicTls.client(HandshakeFixtures.client().build(), "localhost", CLIENT_PARAMETERS.duplicate());
        TlsSession server = QuicTls.server(HandshakeFixtures.server().build(), SERVER_PARAMETERS.duplicate());
        HandshakePump pump = new HandshakePump(client, server, interceptor);
        pump.run();
        assertTrue(client.isHandshakeComplete() && server.isHandshakeComplete());
        return pump;
    }

    private static long count(HandshakePump pump, Class<?> type) {
        return pump.clientOutputs.stream().filter(type::isInstance).count();
    }
}
