package dev.jquic.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.frame.NewConnectionIdFrame;
import dev.jquic.core.frame.RetireConnectionIdFrame;
import dev.jquic.core.types.ConnectionId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/**
 * RFC 9000 §5.1.1, §5.1.2, §19.15, §19.16 under arbitrary peer input, and a compliant pair of
 * endpoints exchanging connection IDs over a lossy, reordering channel.
 */
class ConnectionIdPropertiesTest {

    private static void assertAllowedError(QuicProtocolException error, TransportError... allowed) {
        for (TransportError code : allowed) {
            if (code.code() == error.errorCode()) {
                return;
            }
        }
        throw new AssertionError("unexpected error " + error);
    }

    /** Mostly plausible frames (Retire Prior To keeping about {@code limit} IDs), some hostile. */
    private static NewConnectionIdFrame randomPeerFrame(Random random, long highestSequence, int limit) {
        long sequence = random.nextInt((int) highestSequence + 3);
        long retirePriorTo = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt((int) sequence + 1);
            default -> Math.max(0, sequence - random.nextInt(limit));
        };
        long idSource = random.nextInt(40) == 0 ? random.nextInt(40) : sequence;
        long tokenSource = random.nextInt(40) == 0 ? random.nextInt(40) : sequence;
        return new NewConnectionIdFrame(sequence, retirePriorTo, PeerConnectionIdsTest.id(idSource),
                PeerConnectionIdsTest.token(tokenSource));
    }

    @Property(tries = 300)
    void arbitraryPeerFramesNeverExceedTheLimitAndOnlyRaiseProtocolErrors(@ForAll long seed,
            @ForAll @IntRange(min = 2, max = 8) int limit) {
        Random random = new Random(seed);
        PeerConnectionIds ids = new PeerConnectionIds(ConnectionId.ofHex("a0a1a2a3a4a5a6a7"), limit);
        ids.setInitialStatelessResetToken(PeerConnectionIdsTest.token(1000));
        List<RetireConnectionIdFrame> inFlight = new ArrayList<>();
        long highestSequence = 0;
        for (int step = 0; step < 300; step++) {
            try {
                switch (random.nextInt(6)) {
                    case 0, 1 -> {
                        NewConnectionIdFrame frame = randomPeerFrame(random, highestSequence, limit);
                        highestSequence = Math.max(highestSequence, frame.sequenceNumber());
                        ids.onNewConnectionId(frame);
                    }
                    case 2 -> ids.rotate();
                    case 3 -> {
                        RetireConnectionIdFrame frame = ids.pollFrame();
                        if (frame != null) {
                            inFlight.add(frame);
                        }
                    }
                    case 4 -> {
                        if (!inFlight.isEmpty()) {
                            RetireConnectionIdFrame frame = inFlight.remove(random.nextInt(inFlight.size()));
                            if (random.nextBoolean()) {
                                ids.onFrameAcknowledged(frame);
                            } else {
                                ids.onFrameLost(frame);
                            }
                        }
                    }
                    default -> {
                        byte[] datagram = new byte[random.nextInt(60)];
                        random.nextBytes(datagram);
                        ids.isStatelessReset(ByteBuffer.wrap(datagram));
                    }
                }
            } catch (QuicProtocolException error) {
                assertAllowedError(error, TransportError.PROTOCOL_VIOLATION, TransportError.CONNECTION_ID_LIMIT_ERROR);
                assertTrue(ids.activeCount() <= limit, "active " + ids.activeCount() + " > " + limit);
                Statistics.label("steps before error").collect(step < 20 ? "<20" : step < 100 ? "<100" : ">=100");
                return;
            }
            // RFC 9000 §5.1.1: never more active peer IDs than our active_connection_id_limit.
            assertTrue(ids.activeCount() <= limit, "active " + ids.activeCount() + " > " + limit);
            assertEquals(ids.activeCount() > 0, ids.hasCurrent());
            if (ids.hasCurrent()) {
                assertTrue(ids.current().length() > 0);
                assertTrue(ids.currentSequenceNumber() >= ids.largestRetirePriorTo());
            }
            // RFC 9000 §5.1.2: the peer's forced retirements within twice the limit; our own
            // rotations come on top only while the total is below that.
            assertTrue(ids.forcedPendingRetirementCount() <= 2 * limit);
            assertTrue(ids.pendingRetirementCount() <= 4 * limit);
        }
        Statistics.label("steps before error").collect("none");
    }

    @Property(tries = 300)
    void arbitraryRetireFramesKeepOurIssuedIdsWithinTheLimit(@ForAll long seed,
            @ForAll @IntRange(min = 2, max = 10) int peerLimit, @ForAll @IntRange(min = 1, max = 8) int cap,
            @ForAll @IntRange(min = 1, max = 20) int length) throws QuicProtocolException {
        Random random = new Random(seed);
        RecordingRoutingListener listener = new RecordingRoutingListener();
        StatelessResetTokens tokens = new StatelessResetTokens(new byte[32]);
        ConnectionId initial = LocalConnectionIds.randomConnectionId(new SplittableRandom(seed), length);
        LocalConnectionIds ids = new LocalConnectionIds(initial, cap, tokens, new SplittableRandom(seed + 1),
                listener);
        ids.setPeerActiveConnectionIdLimit(peerLimit);
        ids.issue();
        List<NewConnectionIdFrame> inFlight = new ArrayList<>();
        for (int step = 0; step < 300; step++) {
            try {
                switch (random.nextInt(5)) {
                    case 0, 1 -> {
                        long sequence = random.nextInt((int) ids.nextSequenceNumber() + 2);
                        List<IssuedConnectionId> active = ids.activeConnectionIds();
                        ConnectionId destination = active.get(random.nextInt(active.size())).connectionId();
                        ids.onRetireConnectionId(new RetireConnectionIdFrame(sequence), destination);
                    }
                    case 2 -> {
                        NewConnectionIdFrame frame = ids.pollFrame();
                        if (frame != null) {
                            assertTrue(frame.retirePriorTo() <= frame.sequenceNumber());
                            inFlight.add(frame);
                        }
                    }
                    case 3 -> {
                        if (!inFlight.isEmpty()) {
                            ids.onFrameLost(inFlight.remove(random.nextInt(inFlight.size())));
                        }
                    }
                    default -> {
                        if (!ids.retirementOutstanding() && random.nextInt(4) == 0) {
                            ids.requestRetirementPriorTo(ids.nextSequenceNumber());
                        }
                    }
                }
            } catch (QuicProtocolException error) {
                assertAllowedError(error, TransportError.PROTOCOL_VIOLATION);
                return;
            }
            long target = Math.min(peerLimit, cap);
            List<IssuedConnectionId> active = ids.activeConnectionIds();
            long notRetiring = active.stream().filter(id -> id.sequenceNumber() >= ids.retirePriorTo()).count();
            // RFC 9000 §5.1.1: never more than the peer's limit, except IDs the peer is told to retire.
            assertTrue(notRetiring <= target, notRetiring + " > " + target);
            Set<ConnectionId> distinct = new HashSet<>();
            for (IssuedConnectionId id : active) {
                assertEquals(length, id.connectionId().length());
                distinct.add(id.connectionId());
            }
            assertEquals(active.size(), distinct.size());
            // RFC 9000 §5.1: no ID is issued twice on a connection.
            assertEquals(listener.added.size(), new HashSet<>(listener.added).size());
            assertTrue(!listener.added.contains(initial));
            Set<ConnectionId> routed = new HashSet<>(listener.added);
            routed.add(initial);
            routed.removeAll(listener.removed);
            assertEquals(distinct, routed);
        }
    }

    /** A frame in the simulated channel with the step at which it arrives. */
    private record Delivery<F>(F frame, int arrivalStep, ConnectionId destination) {
    }

    @Property(tries = 200)
    void compliantEndpointsExchangeIdsWithoutErrors(@ForAll long seed,
            @ForAll @IntRange(min = 2, max = 6) int peerLimit, @ForAll @IntRange(min = 2, max = 8) int cap)
            throws QuicProtocolException {
        Random random = new Random(seed);
        ConnectionId initial = ConnectionId.ofHex("1122334455667788");
        LocalConnectionIds issuer = new LocalConnectionIds(initial, cap, new StatelessResetTokens(new byte[16]),
                new SplittableRandom(seed), ConnectionIdRoutingListener.NONE);
        // The receiving side advertises peerLimit; the issuer learns it from the transport parameters.
        issuer.setPeerActiveConnectionIdLimit(peerLimit);
        PeerConnectionIds receiver = new PeerConnectionIds(initial, peerLimit);
        List<Delivery<NewConnectionIdFrame>> toReceiver = new ArrayList<>();
        List<Delivery<RetireConnectionIdFrame>> toIssuer = new ArrayList<>();
        List<Delivery<RetireConnectionIdFrame>> acknowledgements = new ArrayList<>();
        issuer.issue();
        int rotations = 0;
        int withoutCurrent = 0;
        for (int step = 0; step < 400; step++) {
            for (NewConnectionIdFrame frame = issuer.pollFrame(); frame != null; frame = issuer.pollFrame()) {
                if (random.nextInt(5) == 0) {
                    issuer.onFrameLost(frame);
                    break;
                }
                toReceiver.add(new Delivery<>(frame, step + random.nextInt(5), null));
            }
            for (RetireConnectionIdFrame frame = receiver.pollFrame(); frame != null; frame = receiver.pollFrame()) {
                if (random.nextInt(5) == 0) {
                    receiver.onFrameLost(frame);
                    break;
                }
                if (!receiver.hasCurrent()) {
                    receiver.onFrameLost(frame);
                    break;
                }
                toIssuer.add(new Delivery<>(frame, step + random.nextInt(5), receiver.current()));
            }
            for (int i = toReceiver.size() - 1; i >= 0; i--) {
                if (toReceiver.get(i).arrivalStep() <= step) {
                    receiver.onNewConnectionId(toReceiver.remove(i).frame());
                }
            }
            for (int i = toIssuer.size() - 1; i >= 0; i--) {
                if (toIssuer.get(i).arrivalStep() <= step) {
                    Delivery<RetireConnectionIdFrame> delivery = toIssuer.remove(i);
                    issuer.onRetireConnectionId(delivery.frame(), delivery.destination());
                    acknowledgements.add(new Delivery<>(delivery.frame(), step + random.nextInt(3), null));
                }
            }
            for (int i = acknowledgements.size() - 1; i >= 0; i--) {
                if (acknowledgements.get(i).arrivalStep() <= step) {
                    receiver.onFrameAcknowledged(acknowledgements.remove(i).frame());
                }
            }
            if (random.nextInt(8) == 0 && receiver.rotate()) {
                rotations++;
            }
            if (random.nextInt(30) == 0 && !issuer.retirementOutstanding()) {
                issuer.requestRetirementPriorTo(issuer.nextSequenceNumber());
            }
            assertTrue(receiver.activeCount() <= peerLimit);
            if (receiver.hasCurrent()) {
                assertTrue(issuer.isActive(receiver.current()), "receiver sends to an ID the issuer retired");
            } else {
                withoutCurrent++;
            }
        }
        Statistics.label("rotations").collect(rotations < 10 ? "<10" : ">=10");
        Statistics.label("steps without a current ID").collect(withoutCurrent == 0 ? "0" : ">0");
        Statistics.label("issued").collect(issuer.nextSequenceNumber() < 20 ? "<20" : ">=20");
    }
}
