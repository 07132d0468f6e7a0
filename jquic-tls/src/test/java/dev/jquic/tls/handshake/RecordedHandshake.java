package dev.jquic.tls.handshake;

import static dev.jquic.tls.handshake.HandshakeFixtures.CLIENT_PARAMETERS;
import static dev.jquic.tls.handshake.HandshakeFixtures.SERVER_PARAMETERS;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.core.types.EndpointRole;
import dev.jquic.tls.QuicTls;
import dev.jquic.tls.TlsClientConfig;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of one complete handshake between the default client (seeded randomness) and
 * server. A fresh client from {@link #freshClient()} sends the same ClientHello, so the recorded
 * server messages can be replayed to it to reach any client state.
 */
final class RecordedHandshake {
    final byte[] clientHello;
    final byte[] serverHello;
    final List<byte[]> serverFlight;
    final List<byte[]> clientFlight;

    private RecordedHandshake(byte[] clientHello, byte[] serverHello, List<byte[]> serverFlight,
            List<byte[]> clientFlight) {
        this.clientHello = clientHello;
        this.serverHello = serverHello;
        this.serverFlight = serverFlight;
        this.clientFlight = clientFlight;
    }

    static TlsClientConfig clientConfig() {
        return HandshakeFixtures.client().build();
    }

    static RecordedHandshake record() {
        List<byte[]> clientInitial = new ArrayList<>();
        List<byte[]> serverInitial = new ArrayList<>();
        List<byte[]> serverHandshake = new ArrayList<>();
        List<byte[]> clientHandshake = new ArrayList<>();
        HandshakePump.Interceptor recorder = (from, level, data) -> {
            if (level == EncryptionLevel.ONE_RTT) {
                return data; // session tickets are not part of the handshake flights
            }
            List<byte[]> target = from == EndpointRole.CLIENT
                    ? (level == EncryptionLevel.INITIAL ? clientInitial : clientHandshake)
                    : (level == EncryptionLevel.INITIAL ? serverInitial : serverHandshake);
            target.addAll(HandshakeFixtures.split(data));
            return data;
        };
        try {
            new HandshakePump(QuicTls.client(clientConfig(), "localhost", CLIENT_PARAMETERS.duplicate()),
                    QuicTls.server(HandshakeFixtures.server().build(), SERVER_PARAMETERS.duplicate()), recorder).run();
        } catch (QuicProtocolException e) {
            throw new AssertionError(e);
        }
        return new RecordedHandshake(clientInitial.get(0), serverInitial.get(0), serverHandshake, clientHandshake);
    }

    /** A started client that sends exactly {@link #clientHello}; its outputs are drained. */
    static TlsSession freshClient() throws QuicProtocolException {
        TlsSession client = QuicTls.client(clientConfig(), "localhost", CLIENT_PARAMETERS.duplicate());
        client.start();
        drain(client);
        return client;
    }

    static TlsSession freshServer() {
        return QuicTls.server(HandshakeFixtures.server().build(), SERVER_PARAMETERS.duplicate());
    }

    /** A server that defers its signature and has read {@link #clientHello}: in {@link ServerState#SIGNING}. */
    TlsSession signingServer() throws QuicProtocolException {
        TlsSession server = QuicTls.server(HandshakeFixtures.server().deferSigning(true).build(),
                SERVER_PARAMETERS.duplicate());
        server.handleCryptoData(EncryptionLevel.INITIAL, ByteBuffer.wrap(clientHello));
        drain(server);
        return server;
    }

    static void drain(TlsSession session) {
        while (session.pollOutput() != null) {
            // discard
        }
    }

    /** A fresh client that has processed the ServerHello and the first {@code count} server flight messages. */
    TlsSession clientAfter(int count) throws QuicProtocolException {
        TlsSession client = freshClient();
        client.handleCryptoData(EncryptionLevel.INITIAL, ByteBuffer.wrap(serverHello));
        client.handleCryptoData(EncryptionLevel.HANDSHAKE, ByteBuffer.wrap(HandshakeFixtures.join(serverFlight.subList(0, count))));
        drain(client);
        return client;
    }
}
