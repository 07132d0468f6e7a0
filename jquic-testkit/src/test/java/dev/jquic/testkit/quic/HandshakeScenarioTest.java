package dev.jquic.testkit.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.connection.ConnectionEvent;
import dev.jquic.core.connection.ConnectionState;
import dev.jquic.testkit.net.Datagram;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakeScenarioTest {

    @Test
    void handshakeCompletesInOneRoundTripOnACleanLink() {
        Scenario scenario = new Scenario(1, Scenario.delay(10), Scenario.config(), Scenario.config());
        long completed = scenario.network.runUntil(scenario::bothEstablished, 5 * Scenario.SECONDS);
        // The client completes after one round trip (20 ms); the server half a round trip later.
        assertTrue(scenario.client.sawEvent(ConnectionEvent.HandshakeCompleted.class));
        assertEquals(ConnectionState.CONFIRMED, scenario.server.connection().state());
        assertNotNull(scenario.client.connection().peerTransportParameters());
        assertNotNull(scenario.server.connection().peerTransportParameters());
        assertEquals("test", scenario.client.connection().applicationProtocol());
        assertEquals("test", scenario.server.connection().applicationProtocol());
        assertTrue(completed <= 30 * Scenario.MILLIS, "both established at " + completed);
        scenario.network.runFor(100 * Scenario.MILLIS);
        assertEquals(ConnectionState.CONFIRMED, scenario.client.connection().state());
    }

    @Test
    void clientExpandsEveryDatagramCarryingAnInitialEvenAnAcknowledgmentOnlyOne() {
        // RFC 9000 §14.1: the client pads ALL datagrams with Initial packets to 1200 bytes, and a
        // server MUST discard an Initial in a smaller one; a strict server (Kwik 0.10.3) drops the whole
        // datagram, and with it the Handshake packet coalesced after the Initial ACK (the client's
        // Finished), so the handshake waits for a probe timeout. The link here is such a server.
        Scenario scenario = new Scenario(1, Scenario.delay(10), Scenario.config(), Scenario.config());
        List<Integer> initialDatagramSizes = new ArrayList<>();
        scenario.network.intercept(Scenario.CLIENT, Scenario.SERVER, (datagram, sequence, now) -> {
            byte first = datagram.byteAt(0);
            boolean initial = (first & 0x80) != 0 && (first & 0x30) == 0; // QUIC v1 long header, type Initial
            if (!initial) {
                return datagram;
            }
            initialDatagramSizes.add(datagram.length());
            return datagram.length() < 1200 ? null : datagram;
        });
        long completed = scenario.network.runUntil(scenario::bothEstablished, 5 * Scenario.SECONDS);
        assertTrue(initialDatagramSizes.size() >= 2, "the ClientHello and the Initial ACK: " + initialDatagramSizes);
        assertTrue(initialDatagramSizes.stream().allMatch(size -> size >= 1200), "sizes " + initialDatagramSizes);
        // Nothing was dropped: the server completes half a round trip after the client, no probe needed.
        assertTrue(completed <= 30 * Scenario.MILLIS, "both established at " + completed);
    }

    @Test
    void bothProbesOfTheClientsFirstTimeoutCarryTheClientHello() {
        // RFC 9002 §6.2.4: two probes on a PTO make the handshake resilient to a lost datagram only
        // if each carries data the server can use. A server with no connection yet cannot use an
        // Initial without a ClientHello (Kwik drops it: "did not contain valid CH"); the link here
        // behaves so. It also loses the first ClientHello and the first probe datagram: the second
        // probe must carry the ClientHello again, not a bare PING.
        Scenario scenario = new Scenario(1, Scenario.delay(10), Scenario.config(), Scenario.config());
        List<String> unusableInitials = new ArrayList<>();
        boolean[] unusable = new boolean[1];
        FrameRewriter observer = FrameRewriter.forClientPackets(packet -> {
            if (packet.type() == dev.jquic.core.types.PacketType.INITIAL && packet.frames().stream().noneMatch(
                    frame -> frame instanceof dev.jquic.core.frame.CryptoFrame
                            || frame instanceof dev.jquic.core.frame.AckFrame)) {
                unusable[0] = true;
                unusableInitials.add("datagram " + packet.datagramSequence() + ": " + packet.frames());
            }
        });
        scenario.network.intercept(Scenario.CLIENT, Scenario.SERVER, (datagram, sequence, now) -> {
            unusable[0] = false;
            Datagram passed = observer.intercept(datagram, sequence, now);
            return sequence < 2 || unusable[0] ? null : passed;
        });
        long completed = scenario.network.runUntil(scenario::bothEstablished, 10 * Scenario.SECONDS);
        assertEquals(List.of(), unusableInitials, "Initials without a ClientHello (or ACK)");
        // One probe timeout (999 ms with the initial RTT of 333 ms) and one round trip; the next
        // timeout would come two seconds later.
        assertTrue(completed < 1_500 * Scenario.MILLIS, "both established at " + completed);
    }

    @Test
    void aClientAcknowledgesNoServerInitialBeforeAnAckElicitingOne() {
        // The server's ServerHello datagrams are lost for 2.5 s; only its ACK-only Initials (the
        // answers to the repeated ClientHello) get through. RFC 9000 §13.2.1 asks no ACK of those,
        // and acknowledging them made Kwik's server declare its ServerHello packet lost (time
        // threshold, RFC 9002 §6.1.2) and queue it behind its congestion window for good: the
        // client's Initial probes carry no ACK frame until an ack-eliciting Initial arrived.
        Scenario scenario = new Scenario(3, Scenario.delay(10), Scenario.config(), Scenario.config());
        long lossEnds = 2_500 * Scenario.MILLIS;
        List<String> earlyAcks = new ArrayList<>();
        boolean[] ackElicitingInitialDelivered = new boolean[1];
        int[] ackOnlyInitialsDelivered = new int[1];
        FrameRewriter clientPackets = FrameRewriter.forClientPackets(packet -> {
            if (packet.type() == dev.jquic.core.types.PacketType.INITIAL && !ackElicitingInitialDelivered[0]
                    && packet.frames().stream().anyMatch(frame -> frame instanceof dev.jquic.core.frame.AckFrame)) {
                earlyAcks.add("datagram " + packet.datagramSequence() + ": " + packet.frames());
            }
        });
        boolean[] carriesServerHello = new boolean[1];
        boolean[] ackOnlyInitial = new boolean[1];
        FrameRewriter serverPackets = clientPackets.forServerPackets(8, packet -> {
            if (packet.type() == dev.jquic.core.types.PacketType.INITIAL) {
                boolean ackOnly = packet.frames().stream().allMatch(frame -> frame instanceof dev.jquic.core.frame.AckFrame
                        || frame instanceof dev.jquic.core.frame.PaddingFrame);
                carriesServerHello[0] |= !ackOnly;
                ackOnlyInitial[0] |= ackOnly;
            }
        });
        scenario.network.intercept(Scenario.CLIENT, Scenario.SERVER, clientPackets);
        scenario.network.intercept(Scenario.SERVER, Scenario.CLIENT, (datagram, sequence, now) -> {
            carriesServerHello[0] = false;
            ackOnlyInitial[0] = false;
            Datagram passed = serverPackets.intercept(datagram, sequence, now);
            if (carriesServerHello[0] && now < lossEnds) {
                return null;
            }
            if (carriesServerHello[0]) {
                ackElicitingInitialDelivered[0] = true;
            } else if (ackOnlyInitial[0]) {
                ackOnlyInitialsDelivered[0]++;
            }
            return passed;
        });
        long completed = scenario.network.runUntil(scenario::bothEstablished, 20 * Scenario.SECONDS);
        assertTrue(ackOnlyInitialsDelivered[0] > 0, "no ACK-only server Initial reached the client");
        assertEquals(List.of(), earlyAcks, "client Initials acknowledging ACK-only server Initials");
        assertTrue(completed > lossEnds, "established at " + completed);
    }
}
