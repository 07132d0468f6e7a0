package dev.jquic.tls.handshake;

import static dev.jquic.tls.handshake.HandshakeFixtures.CLIENT_PARAMETERS;
import static dev.jquic.tls.handshake.HandshakeFixtures.SERVER_PARAMETERS;
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
import dev.jquic.core.tls.TlsOutput;
import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.core.types.EndpointRole;
import dev.jquic.tls.QuicTls;
import dev.jquic.tls.TlsAlert;
import dev.jquic.tls.TlsClientConfig;
import dev.jquic.tls.TlsServerConfig;
import dev.jquic.tls.keys.NamedGroup;
import dev.jquic.tls.message.AlpnExtension;
import dev.jquic.tls.message.ClientHello;
import dev.jquic.tls.message.EarlyDataExtension;
import dev.jquic.tls.message.EarlyDataTicketExtension;
import dev.jquic.tls.message.EncryptedExtensions;
import dev.jquic.tls.message.Extension;
import dev.jquic.tls.message.ExtensionType;
import dev.jquic.tls.message.Extensions;
import dev.jquic.tls.message.HandshakeType;
import dev.jquic.tls.message.NewSessionTicket;
import dev.jquic.tls.message.Opaque;
import dev.jquic.tls.message.PreSharedKeyServerExtension;
import dev.jquic.tls.message.ServerHello;
import dev.jquic.tls.ticket.ClientTicket;
import dev.jquic.tls.ticket.ServerTicketStore;
import dev.jquic.tls.ticket.SessionTicketPolicy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Session resumption and 0-RTT (TLS 1.3 spec §2.2, §2.3, §4.2.9-§4.2.11, §4.6.1; RFC 9001 §4.5, §4.6). */
class ResumptionTest {
    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    private final MutableClock clientClock = new MutableClock(START);
    private final MutableClock serverClock = new MutableClock(START);
    private final ServerTicketStore store = new ServerTicketStore(16);

    private TlsClientConfig client(boolean earlyData) {
        return HandshakeFixtures.client().clock(clientClock).earlyDataEnabled(earlyData).build();
    }

    private TlsServerConfig server(boolean earlyData) {
        return server(earlyData, HandshakeFixtures.server());
    }

    private TlsServerConfig server(boolean earlyData, TlsServerConfig.Builder builder) {
        SessionTicketPolicy policy = new SessionTicketPolicy(store, 1, SessionTicketPolicy.DEFAULT_LIFETIME,
                earlyData, SessionTicketPolicy.DEFAULT_FRESHNESS_WINDOW);
        return builder.clock(serverClock).sessionTickets(policy).build();
    }

    /** A full handshake; returns the ticket the client received. */
    private byte[] firstConnection(TlsClientConfig clientConfig, TlsServerConfig serverConfig, byte[] context)
            throws QuicProtocolException {
        ServerHandshake server = (ServerHandshake) QuicTls.server(serverConfig, SERVER_PARAMETERS.duplicate());
        server.setTicketApplicationContext(context);
        HandshakePump pump = new HandshakePump(QuicTls.client(clientConfig, "localhost", CLIENT_PARAMETERS.duplicate()),
                server).run();
        assertFalse(((ClientHandshake) pump.client).isResumed());
        assertFalse(server.isResumed());
        assertNull(server.acceptedTicketApplicationContext());
        assertNotNull(((ClientHandshake) pump.client).peerCertificate());
        List<byte[]> tickets = tickets(pump);
        assertEquals(1, tickets.size());
        return tickets.get(0);
    }

    private static List<byte[]> tickets(HandshakePump pump) {
        List<byte[]> tickets = new ArrayList<>();
        for (TlsOutput output : pump.clientOutputs) {
            if (output instanceof TlsOutput.SessionTicketReceived received) {
                tickets.add(received.ticket());
            }
        }
        return tickets;
    }

    /** The message types the server sent at HANDSHAKE level. */
    private static final class ServerFlightRecorder implements HandshakePump.Interceptor {
        final List<Integer> handshakeTypes = new ArrayList<>();

        @Override
        public byte[] intercept(EndpointRole from, EncryptionLevel level, byte[] data) {
            if (from == EndpointRole.SERVER && level == EncryptionLevel.HANDSHAKE) {
                for (byte[] message : HandshakeFixtures.split(data)) {
                    handshakeTypes.add(message[0] & 0xff);
                }
            }
            return data;
        }
    }

    private HandshakePump resume(TlsClientConfig clientConfig, TlsServerConfig serverConfig, byte[] ticket,
            HandshakePump.Interceptor interceptor) throws QuicProtocolException {
        return new HandshakePump(QuicTls.client(clientConfig, "localhost", CLIENT_PARAMETERS.duplicate(), ticket),
                QuicTls.server(serverConfig, SERVER_PARAMETERS.duplicate()), interceptor).run();
    }

    private static void assertSecretsMatch(HandshakePump pump, List<EncryptionLevel> levels) {
        for (EncryptionLevel level : levels) {
            TlsOutput.SecretsAvailable client = pump.clientSecrets.get(level);
            TlsOutput.SecretsAvailable server = pump.serverSecrets.get(level);
            assertNotNull(client, level.toString());
            assertNotNull(server, level.toString());
            assertEquals(client.cipherSuite(), server.cipherSuite());
            if (level == EncryptionLevel.ZERO_RTT) {
                assertNull(client.readSecret());
                assertNull(server.writeSecret());
            } else {
                assertArrayEquals(client.readSecret(), server.writeSecret(), level + " client read = server write");
            }
            assertArrayEquals(client.writeSecret(), server.readSecret(), level + " client write = server read");
        }
    }

    private static List<Boolean> outcomes(List<TlsOutput> outputs) {
        List<Boolean> outcomes = new ArrayList<>();
        for (TlsOutput output : outputs) {
            if (output instanceof TlsOutput.EarlyDataOutcome outcome) {
                outcomes.add(outcome.accepted());
            }
        }
        return outcomes;
    }

    @Test
    void resumedHandshakeSendsNoCertificate() throws Exception {
        byte[] ticket = firstConnection(client(false), server(false), new byte[0]);
        ServerFlightRecorder recorder = new ServerFlightRecorder();
        HandshakePump pump = resume(client(false), server(false), ticket, recorder);
        ClientHandshake client = (ClientHandshake) pump.client;
        ServerHandshake server = (ServerHandshake) pump.server;
        assertTrue(client.isResumed());
        assertTrue(server.isResumed());
        assertTrue(client.isHandshakeComplete() && server.isHandshakeComplete());
        assertEquals(List.of(HandshakeType.ENCRYPTED_EXTENSIONS.code(), HandshakeType.FINISHED.code()),
                recorder.handshakeTypes, "resumed server flight: EncryptedExtensions, Finished only");
        assertNull(client.peerCertificate());
        assertSecretsMatch(pump, List.of(EncryptionLevel.HANDSHAKE, EncryptionLevel.ONE_RTT));
        assertNull(pump.clientSecrets.get(EncryptionLevel.ZERO_RTT));
        assertNull(pump.serverSecrets.get(EncryptionLevel.ZERO_RTT));
        assertEquals(List.of(), outcomes(pump.clientOutputs));
        assertArrayEquals(((ClientHandshake) pump.client).resumptionMasterSecret(),
                server.resumptionMasterSecret());
        // The resumed connection issues a fresh ticket that resumes again.
        assertEquals(1, tickets(pump).size());
        assertTrue(((ClientHandshake) resume(client(false), server(false), tickets(pump).get(0),
                (from, level, data) -> data).client).isResumed());
    }

    @Test
    void aResumedHandshakeHasNoSignatureToDefer() throws Exception {
        byte[] ticket = firstConnection(client(false), server(false), new byte[0]);
        HandshakePump pump = resume(client(false), server(false, HandshakeFixtures.server().deferSigning(true)),
                ticket, (from, level, data) -> data);
        assertTrue(((ServerHandshake) pump.server).isResumed());
        assertTrue(pump.client.isHandshakeComplete() && pump.server.isHandshakeComplete());
        assertEquals(List.of(), pump.deferredWork, "TLS 1.3 spec §2.2: the PSK authenticates, nothing is signed");
    }

    @Test
    void zeroRttAccepted() throws Exception {
        byte[] context = "transport-parameters".getBytes(StandardCharsets.US_ASCII);
        byte[] ticket = firstConnection(client(true), server(true), context);
        ClientTicket decoded = ClientTicket.decode(ticket);
        assertTrue(decoded.allowsEarlyData());
        assertEquals(EarlyDataTicketExtension.QUIC_MAX_EARLY_DATA_SIZE, decoded.maxEarlyDataSize());
        clientClock.advance(Duration.ofSeconds(30));
        serverClock.advance(Duration.ofSeconds(30));
        HandshakePump pump = resume(client(true), server(true), ticket, (from, level, data) -> data);
        ClientHandshake client = (ClientHandshake) pump.client;
        ServerHandshake server = (ServerHandshake) pump.server;
        assertTrue(client.isResumed() && server.isResumed());
        assertTrue(client.isEarlyDataAttempted());
        assertTrue(client.isEarlyDataAccepted());
        assertTrue(server.isEarlyDataAccepted());
        assertArrayEquals(context, server.acceptedTicketApplicationContext());
        assertSecretsMatch(pump, List.of(EncryptionLevel.ZERO_RTT, EncryptionLevel.HANDSHAKE, EncryptionLevel.ONE_RTT));
        assertEquals(CipherSuite.TLS_AES_128_GCM_SHA256, pump.clientSecrets.get(EncryptionLevel.ZERO_RTT).cipherSuite());
        // RFC 9001 §4.6.1: the 0-RTT secret right after the ClientHello.
        assertInstanceOf(TlsOutput.CryptoData.class, pump.clientOutputs.get(0));
        TlsOutput.SecretsAvailable early = assertInstanceOf(TlsOutput.SecretsAvailable.class, pump.clientOutputs.get(1));
        assertEquals(EncryptionLevel.ZERO_RTT, early.level());
        assertEquals(List.of(true), outcomes(pump.clientOutputs));
        assertEquals(List.of(true), outcomes(pump.serverOutputs));
    }

    @Test
    void zeroRttRejectedWhenTheServerNoLongerAcceptsIt() throws Exception {
        byte[] ticket = firstConnection(client(true), server(true), new byte[0]);
        HandshakePump pump = resume(client(true), server(false), ticket, (from, level, data) -> data);
        ClientHandshake client = (ClientHandshake) pump.client;
        ServerHandshake server = (ServerHandshake) pump.server;
        assertTrue(client.isResumed() && server.isResumed());
        assertTrue(client.isEarlyDataAttempted());
        assertFalse(client.isEarlyDataAccepted());
        assertFalse(server.isEarlyDataAccepted());
        assertNotNull(pump.clientSecrets.get(EncryptionLevel.ZERO_RTT));
        assertNull(pump.serverSecrets.get(EncryptionLevel.ZERO_RTT));
        assertEquals(List.of(false), outcomes(pump.clientOutputs));
        assertEquals(List.of(false), outcomes(pump.serverOutputs));
        assertSecretsMatch(pump, List.of(EncryptionLevel.HANDSHAKE, EncryptionLevel.ONE_RTT));
    }

    @Test
    void ticketWithoutEarlyDataIsNotUsedForZeroRtt() throws Exception {
        byte[] ticket = firstConnection(client(true), server(false), new byte[0]);
        assertFalse(ClientTicket.decode(ticket).allowsEarlyData());
        HandshakePump pump = resume(client(true), server(true), ticket, (from, level, data) -> data);
        assertTrue(((ClientHandshake) pump.client).isResumed());
        assertFalse(((ClientHandshake) pump.client).isEarlyDataAttempted());
        assertNull(pump.clientSecrets.get(EncryptionLevel.ZERO_RTT));
        assertEquals(List.of(), outcomes(pump.clientOutputs));
        assertEquals(List.of(), outcomes(pump.serverOutputs));
    }

    @Test
    void clientWithEarlyDataDisabledDoesNotAttemptIt() throws Exception {
        byte[] ticket = firstConnection(client(true), server(true), new byte[0]);
        HandshakePump pump = resume(client(false), server(true), ticket, (from, level, data) -> data);
        assertTrue(((ClientHandshake) pump.client).isResumed());
        assertFalse(((ClientHandshake) pump.client).isEarlyDataAttempted());
        assertFalse(((ServerHandshake) pump.server).isEarlyDataAccepted());
        assertEquals(List.of(), outcomes(pump.serverOutputs));
    }

    @Test
    void helloRetryRequestRejectsZeroRttButStillResumes() throws Exception {
        byte[] ticket = firstConnection(client(true), server(true), new byte[0]);
        TlsServerConfig secp256Only = server(true, HandshakeFixtures.server().groups(NamedGroup.SECP256R1));
        HandshakePump pump = resume(HandshakeFixtures.client().clock(clientClock).earlyDataEnabled(true)
                .keyShareGroups(NamedGroup.X25519).build(), secp256Only, ticket, (from, level, data) -> data);
        ClientHandshake client = (ClientHandshake) pump.client;
        ServerHandshake server = (ServerHandshake) pump.server;
        long clientHellos = pump.clientOutputs.stream().filter(output -> output instanceof TlsOutput.CryptoData c
                && c.level() == EncryptionLevel.INITIAL).count();
        assertEquals(2, clientHellos, "HelloRetryRequest happened");
        assertTrue(client.isResumed() && server.isResumed(), "the second ClientHello still offers the PSK");
        assertTrue(client.isEarlyDataAttempted());
        assertFalse(client.isEarlyDataAccepted());
        assertFalse(server.isEarlyDataAccepted());
        assertEquals(List.of(false), outcomes(pump.clientOutputs));
        assertEquals(List.of(false), outcomes(pump.serverOutputs), "the HelloRetryRequest rejects 0-RTT");
        assertNull(pump.serverSecrets.get(EncryptionLevel.ZERO_RTT));
        assertSecretsMatch(pump, List.of(EncryptionLevel.HANDSHAKE, EncryptionLevel.ONE_RTT));
    }

    @Test
    void replayedTicketGetsAFullHandshakeWithoutZeroRtt() throws Exception {
        byte[] ticket = firstConnection(client(true), server(true), new byte[0]);
        HandshakePump first = resume(client(true), server(true), ticket, (from, level, data) -> data);
        assertTrue(((ServerHandshake) first.server).isEarlyDataAccepted());
        ServerFlightRecorder recorder = new ServerFlightRecorder();
        HandshakePump replay = resume(client(true), server(true), ticket, recorder);
        ClientHandshake client = (ClientHandshake) replay.client;
        ServerHandshake server = (ServerHandshake) replay.server;
        assertTrue(client.isHandshakeComplete());
        assertFalse(client.isResumed());
        assertFalse(server.isResumed());
        assertFalse(server.isEarlyDataAccepted());
        assertTrue(recorder.handshakeTypes.contains(HandshakeType.CERTIFICATE.code()));
        assertEquals(List.of(false), outcomes(replay.clientOutputs));
        assertEquals(List.of(false), outcomes(replay.serverOutputs));
        assertNull(replay.serverSecrets.get(EncryptionLevel.ZERO_RTT));
        assertSecretsMatch(replay, List.of(EncryptionLevel.HANDSHAKE, EncryptionLevel.ONE_RTT));
    }

    @Test
    void ticketExpiredAtTheClientIsNotOffered() throws Exception {
        TlsServerConfig serverConfig = server(true); // one server: one random source
        byte[] ticket = firstConnection(client(true), serverConfig, new byte[0]);
        clientClock.advance(SessionTicketPolicy.DEFAULT_LIFETIME);
        HandshakePump pump = resume(client(true), serverConfig, ticket, (from, level, data) -> data);
        assertFalse(((ClientHandshake) pump.client).isResumed());
        assertFalse(((ClientHandshake) pump.client).isEarlyDataAttempted());
        assertEquals(List.of(), outcomes(pump.serverOutputs), "no early_data offered");
        assertEquals(2, store.size(), "the unoffered ticket stays stored and the new connection issued one");
    }

    @Test
    void ticketExpiredAtTheServerIsNotAccepted() throws Exception {
        byte[] ticket = firstConnection(client(true), server(true), new byte[0]);
        serverClock.advance(SessionTicketPolicy.DEFAULT_LIFETIME.plusSeconds(1));
        HandshakePump pump = resume(client(true), server(true), ticket, (from, level, data) -> data);
        assertFalse(((ClientHandshake) pump.client).isResumed());
        assertFalse(((ServerHandshake) pump.server).isResumed());
        assertEquals(List.of(false), outcomes(pump.clientOutputs));
    }

    @Test
    void implausibleTicketAgeRejectsZeroRtt() throws Exception {
        byte[] ticket = firstConnection(client(true), server(true), new byte[0]);
        clientClock.advance(Duration.ofSeconds(60));
        HandshakePump pump = resume(client(true), server(true), ticket, (from, level, data) -> data);
        assertTrue(((ServerHandshake) pump.server).isResumed());
        assertFalse(((ServerHandshake) pump.server).isEarlyDataAccepted(), "60 s age skew exceeds the 10 s window");
        assertEquals(List.of(false), outcomes(pump.clientOutputs));
    }

    @Test
    void ticketForAnotherServerNameIsNotOffered() throws Exception {
        byte[] ticket = firstConnection(client(false), server(false), new byte[0]);
        HandshakePump pump = new HandshakePump(QuicTls.client(client(false), "127.0.0.1", CLIENT_PARAMETERS.duplicate(),
                ticket), QuicTls.server(server(false), SERVER_PARAMETERS.duplicate())).run();
        assertFalse(((ClientHandshake) pump.client).isResumed());
    }

    @Test
    void tamperedBinderIsDecryptError() throws Exception {
        byte[] ticket = firstConnection(client(false), server(false), new byte[0]);
        HandshakePump.Interceptor flipLastByte = HandshakeFixtures.editMessage(EndpointRole.CLIENT,
                HandshakeType.CLIENT_HELLO.code(), message -> {
                    byte[] copy = message.clone();
                    copy[copy.length - 1] ^= 1; // the binder ends the ClientHello
                    return copy;
                });
        QuicProtocolException error = assertThrows(QuicProtocolException.class,
                () -> resume(client(false), server(false), ticket, flipLastByte));
        assertEquals(TlsAlert.DECRYPT_ERROR.transportErrorCode(), error.errorCode(), error.toString());
    }

    @Test
    void earlyDataLimitOtherThanQuicsIsProtocolViolation() throws Exception {
        TlsClientConfig clientConfig = client(true);
        HandshakePump pump = new HandshakePump(QuicTls.client(clientConfig, "localhost", CLIENT_PARAMETERS.duplicate()),
                QuicTls.server(server(false), SERVER_PARAMETERS.duplicate())).run();
        byte[] bad = new NewSessionTicket(3600, 1, Opaque.EMPTY, Opaque.of(new byte[] {9}),
                Extensions.of(new EarlyDataTicketExtension(16384))).toByteArray();
        QuicProtocolException error = assertThrows(QuicProtocolException.class,
                () -> pump.client.handleCryptoData(EncryptionLevel.ONE_RTT, ByteBuffer.wrap(bad)));
        assertEquals(TransportError.PROTOCOL_VIOLATION.code(), error.errorCode());
    }

    @Test
    void serverWithTicketsDisabledIssuesNone() throws Exception {
        TlsServerConfig noTickets = HandshakeFixtures.server().clock(serverClock)
                .sessionTickets(SessionTicketPolicy.defaults().withTicketsPerConnection(0)).build();
        HandshakePump pump = new HandshakePump(QuicTls.client(client(false), "localhost", CLIENT_PARAMETERS.duplicate()),
                QuicTls.server(noTickets, SERVER_PARAMETERS.duplicate())).run();
        assertEquals(List.of(), tickets(pump));
    }

    @Test
    void severalTicketsPerConnectionEachResumeOnce() throws Exception {
        TlsServerConfig three = HandshakeFixtures.server().clock(serverClock)
                .sessionTickets(new SessionTicketPolicy(store, 3, Duration.ofDays(7), false, Duration.ofSeconds(10)))
                .build();
        HandshakePump pump = new HandshakePump(QuicTls.client(client(false), "localhost", CLIENT_PARAMETERS.duplicate()),
                QuicTls.server(three, SERVER_PARAMETERS.duplicate())).run();
        List<byte[]> tickets = tickets(pump);
        assertEquals(3, tickets.size());
        assertEquals(604_800, ClientTicket.decode(tickets.get(0)).lifetimeSeconds());
        for (byte[] ticket : tickets) {
            assertTrue(((ServerHandshake) resume(client(false), three, ticket, (from, level, data) -> data).server)
                    .isResumed());
        }
    }

    private static ByteBuffer body(byte[] message) {
        return ByteBuffer.wrap(message, 4, message.length - 4).slice();
    }

    private static byte[] unchecked(ThrowingEdit edit, byte[] message) {
        try {
            return edit.apply(message);
        } catch (QuicProtocolException e) {
            throw new AssertionError(e);
        }
    }

    private interface ThrowingEdit {
        byte[] apply(byte[] message) throws QuicProtocolException;
    }

    @Test
    void earlyDataInEncryptedExtensionsThatWasNotOfferedIsUnsupportedExtension() {
        HandshakePump.Interceptor addEarlyData = HandshakeFixtures.editMessage(EndpointRole.SERVER,
                HandshakeType.ENCRYPTED_EXTENSIONS.code(), message -> unchecked(m -> {
                    EncryptedExtensions encrypted = EncryptedExtensions.decode(body(m));
                    List<Extension> extensions = new ArrayList<>(encrypted.extensions().list());
                    extensions.add(new EarlyDataExtension());
                    return new EncryptedExtensions(new Extensions(extensions)).toByteArray();
                }, message));
        QuicProtocolException error = assertThrows(QuicProtocolException.class, () -> new HandshakePump(
                QuicTls.client(client(true), "localhost", CLIENT_PARAMETERS.duplicate()),
                QuicTls.server(server(true), SERVER_PARAMETERS.duplicate()), addEarlyData).run());
        assertEquals(TlsAlert.UNSUPPORTED_EXTENSION.transportErrorCode(), error.errorCode(), error.toString());
    }

    @Test
    void serverSelectingAnIdentityNotOfferedIsIllegalParameter() throws Exception {
        byte[] ticket = firstConnection(client(false), server(false), new byte[0]);
        HandshakePump.Interceptor selectSecond = HandshakeFixtures.editMessage(EndpointRole.SERVER,
                HandshakeType.SERVER_HELLO.code(), message -> unchecked(m -> {
                    ServerHello hello = ServerHello.decode(body(m));
                    return new ServerHello(hello.legacyVersion(), hello.random(), hello.legacySessionIdEcho(),
                            hello.cipherSuite(), hello.legacyCompressionMethod(),
                            hello.extensions().with(new PreSharedKeyServerExtension(1))).toByteArray();
                }, message));
        QuicProtocolException error = assertThrows(QuicProtocolException.class,
                () -> resume(client(false), server(false), ticket, selectSecond));
        assertEquals(TlsAlert.ILLEGAL_PARAMETER.transportErrorCode(), error.errorCode(), error.toString());
    }

    @Test
    void preSharedKeyWithoutKeyExchangeModesIsMissingExtension() throws Exception {
        byte[] ticket = firstConnection(client(false), server(false), new byte[0]);
        HandshakePump.Interceptor dropModes = HandshakeFixtures.editMessage(EndpointRole.CLIENT,
                HandshakeType.CLIENT_HELLO.code(), message -> unchecked(m -> {
                    ClientHello hello = ClientHello.decode(body(m));
                    List<Extension> kept = hello.extensions().list().stream()
                            .filter(extension -> extension.type() != ExtensionType.PSK_KEY_EXCHANGE_MODES).toList();
                    return new ClientHello(hello.legacyVersion(), hello.random(), hello.legacySessionId(),
                            hello.cipherSuites(), hello.legacyCompressionMethods(), new Extensions(kept)).toByteArray();
                }, message));
        QuicProtocolException error = assertThrows(QuicProtocolException.class,
                () -> resume(client(false), server(false), ticket, dropModes));
        assertEquals(TlsAlert.MISSING_EXTENSION.transportErrorCode(), error.errorCode(), error.toString());
    }

    @Test
    void acceptedEarlyDataWithAnotherAlpnIsIllegalParameter() throws Exception {
        TlsClientConfig twoProtocols = HandshakeFixtures.client().clock(clientClock).earlyDataEnabled(true)
                .applicationProtocols("h3", "hq-interop").build();
        byte[] ticket = firstConnection(twoProtocols, server(true), new byte[0]);
        HandshakePump.Interceptor otherAlpn = HandshakeFixtures.editMessage(EndpointRole.SERVER,
                HandshakeType.ENCRYPTED_EXTENSIONS.code(), message -> unchecked(m -> {
                    EncryptedExtensions encrypted = EncryptedExtensions.decode(body(m));
                    return new EncryptedExtensions(encrypted.extensions().with(new AlpnExtension(List.of(
                            Opaque.of("hq-interop".getBytes(StandardCharsets.US_ASCII)))))).toByteArray();
                }, message));
        QuicProtocolException error = assertThrows(QuicProtocolException.class,
                () -> resume(twoProtocols, server(true), ticket, otherAlpn));
        assertEquals(TlsAlert.ILLEGAL_PARAMETER.transportErrorCode(), error.errorCode(), error.toString());
        assertTrue(error.reason().contains("early data"), error.reason());
    }

    @Test
    void ticketWhoseSuiteOrAlpnIsNotConfiguredIsNotOffered() throws Exception {
        byte[] ticket = firstConnection(client(true), server(true), new byte[0]);
        assertEquals(CipherSuite.TLS_AES_128_GCM_SHA256, ClientTicket.decode(ticket).cipherSuite());
        TlsClientConfig otherSuite = HandshakeFixtures.client().clock(clientClock).earlyDataEnabled(true)
                .cipherSuites(CipherSuite.TLS_AES_256_GCM_SHA384).build();
        HandshakePump pump = resume(otherSuite, server(true), ticket, (from, level, data) -> data);
        assertFalse(((ClientHandshake) pump.client).isResumed());
        assertFalse(((ClientHandshake) pump.client).isEarlyDataAttempted());
        TlsClientConfig otherAlpn = HandshakeFixtures.client().clock(clientClock).earlyDataEnabled(true)
                .applicationProtocols("hq-interop").build();
        HandshakePump second = new HandshakePump(QuicTls.client(otherAlpn, "localhost", CLIENT_PARAMETERS.duplicate(),
                ticket), QuicTls.server(server(true, HandshakeFixtures.server().applicationProtocols("hq-interop")),
                SERVER_PARAMETERS.duplicate())).run();
        assertFalse(((ClientHandshake) second.client).isResumed());
        assertFalse(((ClientHandshake) second.client).isEarlyDataAttempted());
    }
}
