package dev.jquic.core.endpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.connection.ConnectionConfig;
import dev.jquic.core.connection.StatelessResetTokens;
import dev.jquic.core.connection.TlsSessionFactory;
import dev.jquic.core.packet.PacketParser;
import dev.jquic.core.packet.VersionNegotiationPacket;
import dev.jquic.core.path.NetworkPath;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.StatelessResetToken;
import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The endpoint's stateless answers and its robustness, without connections. */
class EndpointTest {
    private static final long SECOND = 1_000_000_000L;
    private static final byte[] RESET_KEY = new byte[32];
    /** No TLS: a connection the endpoint tries to create fails, which it must survive. */
    private static final TlsSessionFactory NO_TLS = parameters -> {
        throw new IllegalStateException("no TLS in this test");
    };
    private static final byte[] DCID = {1, 2, 3, 4, 5, 6, 7, 8};
    private static final byte[] SCID = {9, 9, 9, 9};

    private static EndpointConfig.Builder server() {
        return EndpointConfig.builder().server(ConnectionConfig.builder().build(), NO_TLS).statelessResetKey(RESET_KEY);
    }

    private static ByteBuffer longHeader(int version, int length) {
        ByteBuffer datagram = ByteBuffer.allocate(length);
        datagram.put((byte) 0xc0).putInt(version).put((byte) DCID.length).put(DCID).put((byte) SCID.length).put(SCID);
        return datagram.clear();
    }

    private static ByteBuffer shortHeader(int length) {
        ByteBuffer datagram = ByteBuffer.allocate(length);
        datagram.put((byte) 0x41).put(DCID);
        return datagram.clear();
    }

    private static byte[] poll(Endpoint endpoint) {
        ByteBuffer out = ByteBuffer.allocate(2048);
        int length = endpoint.pollTransmit(out, 0);
        if (length == 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        out.get(0, bytes);
        return bytes;
    }

    @Test
    void unsupportedVersionGetsVersionNegotiation() throws Exception {
        Endpoint endpoint = new Endpoint(server().build(), new SplittableRandom(1), 0);
        endpoint.handleDatagram(longHeader(0x1a2a3a4a, 1200), "local", "remote", 0);
        byte[] answer = poll(endpoint);
        VersionNegotiationPacket packet = (VersionNegotiationPacket) PacketParser.parse(ByteBuffer.wrap(answer), 0, 8);
        assertArrayEquals(SCID, packet.destinationConnectionId(), "RFC 9000 §17.2.1: echoes the source ID");
        assertArrayEquals(DCID, packet.sourceConnectionId());
        assertTrue(packet.supportedVersions().containsAll(java.util.List.of(Version.V1, Version.V2)));
        assertTrue(packet.supportedVersions().get(packet.supportedVersions().size() - 1).isReservedForGrease());
        assertEquals(new NetworkPath("local", "remote"), endpoint.transmitPath());
        assertEquals(1, endpoint.stats().versionNegotiationsSent());
        assertNull(poll(endpoint));
    }

    @Test
    void noVersionNegotiationForSmallDatagramsVersionNegotiationOrAtAClient() {
        Endpoint endpoint = new Endpoint(server().build(), new SplittableRandom(2), 0);
        endpoint.handleDatagram(longHeader(0x1a2a3a4a, 1199), "l", "r", 0);
        endpoint.handleDatagram(longHeader(0, 1200), "l", "r", 0);
        assertNull(poll(endpoint));
        Endpoint client = new Endpoint(EndpointConfig.builder().build(), new SplittableRandom(3), 0);
        client.handleDatagram(longHeader(0x1a2a3a4a, 1200), "l", "r", 0);
        assertNull(poll(client));
        assertEquals(0, endpoint.stats().versionNegotiationsSent() + client.stats().versionNegotiationsSent());
    }

    @Test
    void versionListedOnlyByTheEndpointConfigIsNegotiated() throws Exception {
        Endpoint endpoint = new Endpoint(server().supportedVersions(java.util.List.of(Version.V2)).build(),
                new SplittableRandom(4), 0);
        endpoint.handleDatagram(longHeader(Version.V1.value(), 1200), "l", "r", 0);
        VersionNegotiationPacket packet = (VersionNegotiationPacket) PacketParser.parse(
                ByteBuffer.wrap(poll(endpoint)), 0, 8);
        assertEquals(Version.V2, packet.supportedVersions().get(0));
        assertEquals(2, packet.supportedVersions().size());
    }

    @Test
    void unknownShortHeaderGetsASmallerStatelessResetWithTheConnectionsToken() {
        Endpoint endpoint = new Endpoint(server().build(), new SplittableRandom(5), 0);
        StatelessResetToken token = new StatelessResetTokens(RESET_KEY).tokenFor(ConnectionId.of(DCID));
        endpoint.handleDatagram(shortHeader(100), "l", "r", 0);
        byte[] reset = poll(endpoint);
        assertEquals(43, reset.length);
        assertEquals(0x40, reset[0] & 0xc0);
        assertTrue(token.matches(ByteBuffer.wrap(reset), reset.length - 16));
        endpoint.handleDatagram(shortHeader(30), "l", "r", 0);
        assertEquals(29, poll(endpoint).length, "RFC 9000 §10.3.3: smaller than the packet that triggered it");
        endpoint.handleDatagram(shortHeader(21), "l", "r", 0);
        assertNull(poll(endpoint), "no reset below 21 bytes");
        assertEquals(2, endpoint.stats().statelessResetsSent());
    }

    @Test
    void statelessResetsAreRateLimitedAndCanBeDisabled() {
        Endpoint endpoint = new Endpoint(server().statelessResetsPerSecond(3).build(), new SplittableRandom(6), 0);
        for (int i = 0; i < 10; i++) {
            endpoint.handleDatagram(shortHeader(100), "l", "r", 0);
        }
        assertEquals(3, endpoint.stats().statelessResetsSent());
        assertEquals(7, endpoint.stats().statelessResetsRateLimited());
        endpoint.handleDatagram(shortHeader(100), "l", "r", SECOND);
        assertEquals(4, endpoint.stats().statelessResetsSent());
        Endpoint silent = new Endpoint(server().statelessReset(false).build(), new SplittableRandom(7), 0);
        silent.handleDatagram(shortHeader(100), "l", "r", 0);
        assertNull(poll(silent));
    }

    @Test
    void initialsTooSmallOrWithShortDestinationIdAreDroppedSilently() {
        Endpoint endpoint = new Endpoint(server().build(), new SplittableRandom(8), 0);
        endpoint.handleDatagram(longHeader(Version.V1.value(), 1199), "l", "r", 0);
        ByteBuffer shortId = ByteBuffer.allocate(1200);
        shortId.put((byte) 0xc0).putInt(1).put((byte) 4).put(new byte[4]).put((byte) 0).put((byte) 0).put((byte) 1);
        endpoint.handleDatagram(shortId.clear(), "l", "r", 0);
        assertNull(poll(endpoint));
        assertEquals(0, endpoint.connectionCount());
        assertEquals(2, endpoint.stats().datagramsDropped());
    }

    @Test
    void configErrorsNameTheOption() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> EndpointConfig.builder().localConnectionIdLength(4).build());
        assertTrue(error.getMessage().contains("localConnectionIdLength"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> EndpointConfig.builder().maxHandshakesInProgress(0).build()).getMessage()
                .contains("maxHandshakesInProgress"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> EndpointConfig.builder().tokenKey(new byte[5]).build()).getMessage().contains("tokenKey"));
    }

    @Test
    void aConnectionThatFailsToStartIsDroppedAloneAndTheEndpointKeepsWorking() {
        Endpoint endpoint = new Endpoint(server().build(), new SplittableRandom(10), 0);
        ByteBuffer initial = longHeader(Version.V1.value(), 1200);
        initial.position(1 + 4 + 1 + DCID.length + 1 + SCID.length);
        initial.put((byte) 0).putShort((short) (0x4000 | (1200 - 22))).clear();
        endpoint.handleDatagram(initial, "l", "r", 0);
        assertEquals(1, endpoint.stats().connectionFailures());
        assertEquals(0, endpoint.connectionCount());
        assertEquals(0, endpoint.handshakesInProgress());
        endpoint.handleDatagram(longHeader(0x1a2a3a4a, 1200), "l", "r", 0);
        assertEquals(1, endpoint.stats().versionNegotiationsSent());
    }

    private static ByteBuffer initial(ConnectionId destination, byte[] token) {
        ByteBuffer datagram = ByteBuffer.allocate(1200);
        datagram.put((byte) 0xc0).putInt(Version.V1.value()).put((byte) destination.length());
        destination.writeTo(datagram);
        datagram.put((byte) SCID.length).put(SCID).put((byte) token.length).put(token);
        datagram.putShort((short) (0x4000 | (1200 - datagram.position() - 2)));
        return datagram.clear();
    }

    @Test
    void requireRetryAnswersTokenlessInitialsAndChecksReturningTokens() throws Exception {
        Endpoint endpoint = new Endpoint(server().requireRetry(true).build(), new SplittableRandom(11), 0);
        ConnectionId original = ConnectionId.of(DCID);
        endpoint.handleDatagram(initial(original, new byte[0]), "l", "10.0.0.1:5000", 0);
        assertEquals(0, endpoint.connectionCount());
        byte[] retryBytes = poll(endpoint);
        dev.jquic.core.packet.RetryPacket retry = dev.jquic.core.packet.RetryPacket.decode(
                ByteBuffer.wrap(retryBytes), 0);
        assertEquals(ConnectionId.of(SCID), retry.destinationConnectionId());
        assertTrue(dev.jquic.core.crypto.RetryIntegrity.forVersion(Version.V1)
                .verify(original, ByteBuffer.wrap(retryBytes), 0, retryBytes.length));
        assertEquals(1, endpoint.stats().retriesSent());
        // The token from another address, or with another destination ID, is dropped (RFC 9000 §8.1.2).
        endpoint.handleDatagram(initial(retry.sourceConnectionId(), retry.token()), "l", "10.0.0.2:5000", SECOND);
        endpoint.handleDatagram(initial(ConnectionId.ofHex("0011223344556677"), retry.token()), "l",
                "10.0.0.1:5000", SECOND);
        assertEquals(2, endpoint.stats().invalidTokens());
        // After the lifetime it is dropped too.
        endpoint.handleDatagram(initial(retry.sourceConnectionId(), retry.token()), "l", "10.0.0.1:5000",
                11 * SECOND);
        assertEquals(3, endpoint.stats().invalidTokens());
        // Valid: the endpoint creates the connection (which fails here for want of TLS).
        endpoint.handleDatagram(initial(retry.sourceConnectionId(), retry.token()), "l", "10.0.0.1:5000", SECOND);
        assertEquals(3, endpoint.stats().invalidTokens());
        assertEquals(1, endpoint.stats().connectionFailures());
        assertNull(poll(endpoint));
    }

    /** Any bytes: never an exception, and a failing connection (no TLS) leaves the endpoint usable. */
    @Property(tries = 300)
    void arbitraryDatagramsNeverThrow(@ForAll @Size(max = 1300) byte[] bytes) {
        Endpoint endpoint = new Endpoint(server().build(), new SplittableRandom(9), 0);
        endpoint.handleDatagram(ByteBuffer.wrap(bytes), "l", "r", 0);
        while (poll(endpoint) != null) {
            assertTrue(endpoint.stats().statelessResetsSent() + endpoint.stats().versionNegotiationsSent() <= 1);
        }
        endpoint.handleTimeout(SECOND);
        assertEquals(0, endpoint.connectionCount());
    }
}
