package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.TransportError;
import dev.jquic.core.connection.CloseReason;
import dev.jquic.core.connection.Connection;
import dev.jquic.core.connection.ConnectionEvent;
import dev.jquic.core.connection.ConnectionState;
import dev.jquic.core.frame.AckFrame;
import dev.jquic.core.frame.HandshakeDoneFrame;
import dev.jquic.core.frame.StreamDirection;
import dev.jquic.core.frame.StreamFrame;
import dev.jquic.core.types.PacketType;
import dev.jquic.testkit.net.SeedReporting;
import dev.jquic.testkit.net.Datagram;
import dev.jquic.testkit.net.LinkModel;
import dev.jquic.testkit.net.SimulatedAddress;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Issue 4 acceptance: a peer that breaks a rule of RFC 9000 is closed with the right §20 error
 * code, seen on both sides: the detecting server closes (Origin.LOCAL) and the violating client
 * learns it from the CONNECTION_CLOSE (Origin.PEER); both reach CLOSED in bounded virtual time.
 * The violations are made by a {@link FrameRewriter} on the client's packets.
 */
class NegativeScenarioTest {

    /** After the handshake is confirmed, the client opens one stream and sends 100 bytes on it. */
    private static final class OneStreamApp implements QuicNode.Application {
        private boolean sent;

        @Override
        public void afterInput(QuicNode node, long nowNanos) {
            Connection connection = node.connection();
            if (!sent && connection.state() == ConnectionState.CONFIRMED) {
                sent = true;
                long id = connection.openStream(StreamDirection.BIDIRECTIONAL);
                connection.write(id, ByteBuffer.wrap(new byte[100]));
            }
        }
    }

    private static boolean isClientDataPacket(FrameRewriter.PacketToRewrite packet) {
        return packet.type() == PacketType.ONE_RTT && packet.frames().stream().anyMatch(StreamFrame.class::isInstance);
    }

    private static StreamFrame streamFrame(long streamId, long offset) {
        return new StreamFrame(streamId, offset, ByteBuffer.wrap(new byte[] {1, 2, 3}), false);
    }

    /**
     * Runs a connection in which the first client packet matching {@code target} gets
     * {@code violation} applied, and checks that both sides close with {@code expected}.
     */
    private static void assertBothSidesCloseWith(long seed, TransportError expected,
            Predicate<FrameRewriter.PacketToRewrite> target, Consumer<FrameRewriter.PacketToRewrite> violation) {
        Scenario scenario = new Scenario(seed, Scenario.delay(10), Scenario.config(), Scenario.config());
        boolean[] done = {false};
        scenario.network.intercept(Scenario.CLIENT, Scenario.SERVER, FrameRewriter.forClientPackets(packet -> {
            if (!done[0] && target.test(packet)) {
                done[0] = true;
                violation.accept(packet);
            }
        }));
        scenario.client.application(new OneStreamApp());
        SeedReporting.reportSeedOnFailure(scenario.network, () -> {
            long end = scenario.network.runUntil(() -> scenario.client.connection().state() == ConnectionState.CLOSED
                    && scenario.server.connection() != null
                    && scenario.server.connection().state() == ConnectionState.CLOSED, 20 * Scenario.SECONDS);
            assertTrue(done[0], "the violation was never injected");
            Connection server = scenario.server.connection();
            Connection client = scenario.client.connection();
            assertEquals(ConnectionState.CLOSED, server.state(), "server " + server.closeReason());
            assertEquals(ConnectionState.CLOSED, client.state(), "client " + client.closeReason());
            assertClosed(scenario.server, CloseReason.Origin.LOCAL, expected);
            assertClosed(scenario.client, CloseReason.Origin.PEER, expected);
            assertTrue(end < 5 * Scenario.SECONDS, "closed only at " + end + " ns");
            System.out.printf("%s: server %s / client %s, both closed at %.3f s%n", expected,
                    server.closeReason(), client.closeReason(), end / 1e9);
        });
    }

    private static void assertClosed(QuicNode node, CloseReason.Origin origin, TransportError expected) {
        CloseReason reason = node.connection().closeReason();
        assertNotNull(reason);
        assertEquals(origin, reason.origin(), reason.toString());
        assertEquals(expected.code(), reason.errorCode(), reason.toString());
        assertFalse(reason.applicationError(), reason.toString());
        List<ConnectionEvent> events = node.events();
        assertTrue(events.contains(new ConnectionEvent.Closed(reason)), "no Closed event " + events);
        assertTrue(node.sawEvent(ConnectionEvent.Terminated.class), "no Terminated event");
    }

    @Test
    void streamDataBeyondTheStreamWindowIsAFlowControlError() {
        // The server's initial window for a client bidirectional stream is 512 KiB.
        assertBothSidesCloseWith(31, TransportError.FLOW_CONTROL_ERROR, NegativeScenarioTest::isClientDataPacket,
                packet -> packet.frames().add(streamFrame(0, 600_000)));
    }

    @Test
    void aStreamBeyondMaxStreamsIsAStreamLimitError() {
        // The server allows 100 client bidirectional streams: ids 0, 4, ..., 396.
        assertBothSidesCloseWith(32, TransportError.STREAM_LIMIT_ERROR, NegativeScenarioTest::isClientDataPacket,
                packet -> packet.frames().add(streamFrame(4 * 100, 0)));
    }

    @Test
    void streamDataOnTheReceiversSendOnlyStreamIsAStreamStateError() {
        // Stream 3 is the server's first unidirectional stream: the server only sends on it.
        assertBothSidesCloseWith(33, TransportError.STREAM_STATE_ERROR, NegativeScenarioTest::isClientDataPacket,
                packet -> packet.frames().add(streamFrame(3, 0)));
    }

    @Test
    void anAckOfAPacketNeverSentIsAProtocolViolation() {
        assertBothSidesCloseWith(34, TransportError.PROTOCOL_VIOLATION, NegativeScenarioTest::isClientDataPacket,
                packet -> packet.frames().add(AckFrame.ofRange(1_000_000, 1_000_000, 0)));
    }

    @Test
    void aStreamFrameInAHandshakePacketIsAProtocolViolation() {
        assertBothSidesCloseWith(35, TransportError.PROTOCOL_VIOLATION,
                packet -> packet.type() == PacketType.HANDSHAKE,
                packet -> packet.frames().add(streamFrame(0, 0)));
    }

    @Test
    void handshakeDoneFromTheClientIsAProtocolViolation() {
        assertBothSidesCloseWith(36, TransportError.PROTOCOL_VIOLATION, NegativeScenarioTest::isClientDataPacket,
                packet -> packet.frames().add(HandshakeDoneFrame.INSTANCE));
    }

    @Test
    void aTruncatedFrameIsAFrameEncodingError() {
        // 0x10 is MAX_DATA, whose Maximum Data field is missing.
        assertBothSidesCloseWith(37, TransportError.FRAME_ENCODING_ERROR, NegativeScenarioTest::isClientDataPacket,
                packet -> packet.appendRawBytes(new byte[] {0x10}));
    }

    @Test
    void corruptedPacketsNeverCloseTheConnection() {
        for (long seed = 41; seed <= 43; seed++) {
            LinkModel corrupting = LinkModel.builder().oneWayDelayNanos(10 * Scenario.MILLIS).corruptionRate(0.05).build();
            Scenario scenario = new Scenario(seed, corrupting, Scenario.config(), Scenario.config());
            TransferApp clientApp = new TransferApp(2, 100_000, 2);
            TransferApp serverApp = new TransferApp(2, 100_000, 2);
            scenario.client.application(clientApp);
            scenario.server.application(serverApp);
            SeedReporting.reportSeedOnFailure(scenario.network, () -> {
                scenario.network.runUntil(() -> clientApp.receivedAll() && serverApp.receivedAll(),
                        60 * Scenario.SECONDS);
                assertEquals(List.of(), clientApp.failures);
                assertEquals(List.of(), serverApp.failures);
                assertEquals(200_000, clientApp.bytesReceived);
                assertEquals(200_000, serverApp.bytesReceived);
                assertEquals(null, scenario.client.connection().closeReason());
                assertEquals(null, scenario.server.connection().closeReason());
                long corrupted = scenario.network.statistics(Scenario.CLIENT, Scenario.SERVER).corrupted()
                        + scenario.network.statistics(Scenario.SERVER, Scenario.CLIENT).corrupted();
                assertTrue(corrupted > 5, "only " + corrupted + " datagrams corrupted");
                System.out.printf("corruption: %d datagrams corrupted, transfer done at %.3f s virtual%n", corrupted,
                        scenario.network.nowNanos() / 1e9);
            });
        }
    }

    @Test
    void garbageDatagramsNeverCrashAnEndpoint() {
        for (long seed = 51; seed <= 55; seed++) {
            Scenario scenario = new Scenario(seed, Scenario.delay(10), Scenario.config(), Scenario.config());
            TransferApp clientApp = new TransferApp(1, 300_000, 1);
            TransferApp serverApp = new TransferApp(1, 300_000, 1);
            scenario.client.application(clientApp);
            scenario.server.application(serverApp);
            SplittableRandom random = new SplittableRandom(seed);
            long finalSeed = seed;
            SeedReporting.reportSeedOnFailure(scenario.network, () -> {
                // From the very first moment: during the handshake too.
                int injected = 0;
                while (!(clientApp.receivedAll() && serverApp.receivedAll()) && !eitherTerminating(scenario)
                        && scenario.network.nowNanos() < 30 * Scenario.SECONDS) {
                    for (int i = 0; i < 4; i++) {
                        byte[] serverId = scenario.server.connection() == null ? new byte[8]
                                : scenario.server.connection().localConnectionId().toByteArray();
                        scenario.network.send(garbage(random, Scenario.CLIENT, Scenario.SERVER, serverId));
                        scenario.network.send(garbage(random, Scenario.SERVER, Scenario.CLIENT,
                                scenario.client.connection().localConnectionId().toByteArray()));
                        injected += 2;
                    }
                    scenario.network.runFor(Scenario.MILLIS);
                }
                assertTrue(injected > 200, "only " + injected + " garbage datagrams");
                if (eitherTerminating(scenario)) {
                    scenario.network.runFor(5 * Scenario.SECONDS);
                    for (QuicNode node : List.of(scenario.client, scenario.server)) {
                        CloseReason reason = node.connection().closeReason();
                        assertTrue(reason.origin() == CloseReason.Origin.LOCAL
                                || reason.origin() == CloseReason.Origin.PEER, reason.toString());
                        assertFalse(reason.applicationError(), reason.toString());
                    }
                } else {
                    assertEquals(List.of(), clientApp.failures);
                    assertEquals(List.of(), serverApp.failures);
                    assertEquals(300_000, clientApp.bytesReceived);
                    assertEquals(300_000, serverApp.bytesReceived);
                }
                System.out.printf("garbage seed %d: %d datagrams injected, client %s, server %s%n", finalSeed,
                        injected, scenario.client.connection().closeReason(),
                        scenario.server.connection().closeReason());
            });
        }
    }

    @Test
    void randomFrameBytesInAuthenticatedPacketsCloseWithATransportCodeOrAreHarmless() {
        for (long seed = 81; seed <= 120; seed++) {
            Scenario scenario = new Scenario(seed, Scenario.delay(10), Scenario.config(), Scenario.config());
            SplittableRandom random = new SplittableRandom(seed);
            boolean[] injected = {false};
            scenario.network.intercept(Scenario.CLIENT, Scenario.SERVER, FrameRewriter.forClientPackets(packet -> {
                if (!injected[0] && isClientDataPacket(packet)) {
                    injected[0] = true;
                    byte[] bytes = new byte[1 + random.nextInt(24)];
                    random.nextBytes(bytes);
                    // A known frame type (0x00..0x1e) followed by random fields.
                    bytes[0] = (byte) random.nextInt(0x1f);
                    packet.appendRawBytes(bytes);
                }
            }));
            scenario.client.application(new OneStreamApp());
            long finalSeed = seed;
            SeedReporting.reportSeedOnFailure(scenario.network, () -> {
                scenario.network.runUntil(() -> injected[0], 5 * Scenario.SECONDS);
                scenario.network.runFor(2 * Scenario.SECONDS);
                CloseReason server = scenario.server.connection().closeReason();
                CloseReason client = scenario.client.connection().closeReason();
                if (server != null && server.origin() == CloseReason.Origin.LOCAL) {
                    assertFalse(server.applicationError(), server.toString());
                    assertNotNull(client, "the client never learnt of " + server);
                    assertEquals(CloseReason.Origin.PEER, client.origin(), client.toString());
                    assertEquals(server.errorCode(), client.errorCode(), client.toString());
                } else if (server == null) {
                    assertEquals(null, client);
                    assertTrue(scenario.bothEstablished());
                }
                System.out.printf("random frame bytes, seed %d: server %s%n", finalSeed, server);
            });
        }
    }

    private static boolean eitherTerminating(Scenario scenario) {
        return scenario.client.connection().state().isTerminating()
                || scenario.server.connection() != null && scenario.server.connection().state().isTerminating();
    }

    /**
     * Random bytes of random length; half of them shaped like a 1-RTT packet for the receiver's
     * connection ID, some like a QUIC v1 long header, so that they get past header parsing.
     */
    private static Datagram garbage(SplittableRandom random, SimulatedAddress source, SimulatedAddress destination,
            byte[] destinationConnectionId) {
        byte[] payload = new byte[1 + random.nextInt(1400)];
        random.nextBytes(payload);
        int shape = random.nextInt(4);
        if (shape <= 1 && payload.length > 1 + destinationConnectionId.length) {
            payload[0] = (byte) (0x40 | (payload[0] & 0x3f));
            System.arraycopy(destinationConnectionId, 0, payload, 1, destinationConnectionId.length);
        } else if (shape == 2 && payload.length > 6) {
            payload[0] = (byte) (0xc0 | (payload[0] & 0x3f));
            payload[1] = 0;
            payload[2] = 0;
            payload[3] = 0;
            payload[4] = 1;
            payload[5] = (byte) random.nextInt(21);
        }
        return new Datagram(source, destination, payload);
    }
}
