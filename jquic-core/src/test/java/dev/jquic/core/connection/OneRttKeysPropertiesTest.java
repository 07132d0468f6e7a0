package dev.jquic.core.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.connection.OneRttTestPeer.Received;
import dev.jquic.core.connection.OneRttTestPeer.Sent;
import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.core.types.Version;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Random interleavings of sends, reordered and duplicated deliveries, acknowledgments, key
 * updates and timer expiries between two well-behaved {@link OneRttKeys} (RFC 9001 §6).
 */
class OneRttKeysPropertiesTest {
    private static final long PTO = OneRttTestPeer.PTO_NANOS;
    /** First byte, 8-byte connection ID, 4-byte packet number, 24-byte payload, 16-byte tag. */
    private static final int PACKET_LENGTH = 1 + 8 + 4 + 24 + 16;

    /** kind 0-3 send, 4-8 deliver (8: a duplicate), 9-10 initiate an update, 11 time passes. */
    record Step(int kind, int side, int pick, int timeSteps) {
    }

    /** A packet in flight with the generation it was sealed with and the ACK it carries. */
    record InFlight(Sent packet, long generation, long acknowledges) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(
                Arbitraries.integers().between(0, 11),
                Arbitraries.integers().between(0, 1),
                Arbitraries.integers().between(0, 1_000),
                Arbitraries.integers().between(1, 4)).as(Step::new);
        return step.list().ofMinSize(20).ofMaxSize(250);
    }

    /**
     * Every packet whose generation is the receiver's current one, the next one, or the
     * previous one while those keys are retained, is opened with its plaintext intact; every
     * other packet is dropped; no well-behaved exchange raises a connection error; and the two
     * endpoints' generations never differ by more than one.
     */
    @Property(tries = 150)
    void well_behaved_peers_open_every_packet_within_one_generation(@ForAll("steps") List<Step> steps,
            @ForAll CipherSuite suite) throws QuicProtocolException {
        OneRttTestPeer[] peers = OneRttTestPeer.pair(suite, Version.V1, suite.confidentialityLimitPackets(),
                suite.integrityLimitPackets());
        long[] largestReceived = {-1, -1};
        List<List<InFlight>> towards = List.of(new ArrayList<>(), new ArrayList<>());
        for (OneRttTestPeer peer : peers) {
            peer.keys.onHandshakeConfirmed();
        }
        long now = 0;
        int updates = 0;
        int[] openedWithPrevious = {0};
        for (Step step : steps) {
            int side = step.side();
            OneRttTestPeer self = peers[side];
            int other = 1 - side;
            if (step.kind() <= 3) {
                long generation = self.keys.keyGeneration();
                long acknowledges = largestReceived[side];
                Sent sent = self.send(acknowledges >= 0);
                assertEquals(generation & 1, sent.keyPhase());
                towards.get(other).add(new InFlight(sent, generation, acknowledges));
            } else if (step.kind() <= 8) {
                List<InFlight> queue = towards.get(side);
                if (!queue.isEmpty()) {
                    int index = step.pick() % queue.size();
                    InFlight packet = step.kind() == 8 ? queue.get(index) : queue.remove(index);
                    deliver(peers, side, packet, largestReceived, now, openedWithPrevious);
                }
            } else if (step.kind() <= 10) {
                if (self.keys.initiateUpdate(now)) {
                    updates++;
                }
            } else {
                now += step.timeSteps() * PTO;
                for (OneRttTestPeer peer : peers) {
                    if (now >= peer.keys.discardDeadlineNanos()) {
                        peer.keys.onTimeout(now);
                        assertTrue(!peer.keys.hasPreviousReadKeys());
                    }
                }
            }
            long difference = peers[0].keys.keyGeneration() - peers[1].keys.keyGeneration();
            assertTrue(Math.abs(difference) <= 1, "generations " + difference + " apart");
        }
        // Drain in order: everything still in flight is either opened or dropped, never an error.
        for (int side = 0; side < 2; side++) {
            for (InFlight packet : towards.get(side)) {
                deliver(peers, side, packet, largestReceived, now, openedWithPrevious);
            }
        }
        Statistics.label("updates").collect(Math.min(updates, 3));
        Statistics.label("opened with previous keys").collect(openedWithPrevious[0] > 0);
        Statistics.label("updates").coverage(coverage -> coverage.check(0).percentage(p -> p < 60));
        Statistics.label("opened with previous keys").coverage(coverage -> coverage.check(true).percentage(p -> p > 5));
    }

    /**
     * A corrupted packet (any bit of it flipped, Key Phase included once header protection is
     * removed) is dropped, counted as an authentication failure when it was tried, and never
     * moves the receiver to another generation (RFC 9001 §6.2: only a packet that opens with the
     * next keys does); the next keys stay in place (§6.3).
     */
    @Property(tries = 300)
    void corrupted_packets_never_update_keys(@ForAll CipherSuite suite, @ForAll("bitPositions") int bit,
            @ForAll boolean useOneCallOpen) throws QuicProtocolException {
        OneRttTestPeer[] peers = OneRttTestPeer.pair(suite, Version.V2, suite.confidentialityLimitPackets(),
                suite.integrityLimitPackets());
        OneRttTestPeer receiver = peers[1];
        var nextKeys = receiver.keys.keysForReceiving(1, 1_000_000);
        Sent sent = peers[0].send(false);
        byte[] corrupted = sent.bytes().clone();
        assertEquals(PACKET_LENGTH, corrupted.length);
        int position = bit / 8;
        corrupted[position] ^= (byte) (1 << (bit % 8));
        Sent forged = new Sent(corrupted, sent.packetNumber(), sent.keyPhase(), sent.payload());
        Received received = useOneCallOpen ? receiver.receiveWithOpen(forged, 0) : receiver.receive(forged, 0);
        assertNull(received, () -> "flipping bit " + bit + " was not detected");
        assertEquals(0, receiver.keys.keyGeneration());
        assertTrue(receiver.keys.authenticationFailureCount() <= 1);
        assertEquals(nextKeys, receiver.keys.keysForReceiving(1, 1_000_000));
        // The genuine packet still opens afterwards.
        Received genuine = receiver.receive(sent, 0);
        assertNotNull(genuine);
        assertArrayEquals(sent.payload(), genuine.payload());
    }

    @Provide
    Arbitrary<Integer> bitPositions() {
        // Skip the first byte's fixed and form bits (bits 6 and 7), which make it no 1-RTT packet.
        return Arbitraries.integers().between(0, 8 * PACKET_LENGTH - 1).filter(bit -> bit >= 8 || bit < 6);
    }

    private static void deliver(OneRttTestPeer[] peers, int side, InFlight packet, long[] largestReceived, long now,
            int[] openedWithPrevious)
            throws QuicProtocolException {
        OneRttTestPeer receiver = peers[side];
        long current = receiver.keys.keyGeneration();
        boolean openable = packet.generation() == current || packet.generation() == current + 1
                || packet.generation() == current - 1 && receiver.keys.hasPreviousReadKeys();
        // The client uses the one-call open(), the server the step-by-step methods.
        Received received = side == 0 ? receiver.receiveWithOpen(packet.packet(), now)
                : receiver.receive(packet.packet(), now);
        if (openable) {
            assertNotNull(received, () -> "generation " + packet.generation() + " packet "
                    + packet.packet().packetNumber() + " dropped at generation " + current);
            assertArrayEquals(packet.packet().payload(), received.payload());
            if (packet.generation() == current - 1) {
                openedWithPrevious[0]++;
            }
            largestReceived[side] = Math.max(largestReceived[side], received.packetNumber());
            if (packet.acknowledges() >= 0) {
                receiver.keys.onAckFrameReceived(received.keyPhase(), packet.acknowledges());
                receiver.keys.onPacketAcknowledged(packet.acknowledges(), now, PTO);
            }
        } else {
            assertNull(received, () -> "generation " + packet.generation() + " packet opened at generation "
                    + current);
        }
        if (packet.generation() == current + 1) {
            assertEquals(current + 1, receiver.keys.keyGeneration(), "the receiver follows the update");
        }
    }
}
