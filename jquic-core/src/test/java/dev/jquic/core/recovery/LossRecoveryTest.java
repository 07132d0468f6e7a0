package dev.jquic.core.recovery;

import static dev.jquic.core.types.PacketNumberSpace.APPLICATION;
import static dev.jquic.core.types.PacketNumberSpace.HANDSHAKE;
import static dev.jquic.core.types.PacketNumberSpace.INITIAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.frame.AckFrame;
import dev.jquic.core.recovery.cc.NewReno;
import dev.jquic.core.types.EndpointRole;
import dev.jquic.core.types.PacketNumberSpace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9002 §6, §7.6 and Appendix A through {@link LossRecovery}. */
class LossRecoveryTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final int SIZE = 1200;

    private final RecordingListener listener = new RecordingListener();
    private final RttEstimator rtt = new RttEstimator();
    private final NewReno newReno = new NewReno(SIZE);

    private LossRecovery<String> recovery(EndpointRole role) {
        return new LossRecovery<>(role, rtt, newReno, listener);
    }

    private static void send(LossRecovery<String> recovery, PacketNumberSpace space, long packetNumber, long timeNanos) {
        recovery.onPacketSent(space, new SentPacket<>(packetNumber, timeNanos, SIZE, true, true, "p" + packetNumber));
    }

    private static AckFrame ack(long... ranges) {
        return AckFrame.of(ranges, 0, null);
    }

    @Test
    void packetThresholdThenTimeThreshold() {
        LossRecovery<String> recovery = recovery(EndpointRole.SERVER);
        recovery.onHandshakeConfirmed(0);
        for (int pn = 0; pn <= 4; pn++) {
            send(recovery, APPLICATION, pn, 0);
        }
        assertEquals(5L * SIZE, newReno.bytesInFlight());
        // ACK of 4 at 100 ms: 0 and 1 are 3 or more behind (kPacketThreshold); 2 and 3 are not,
        // and were sent less than 9/8 * 100 ms ago.
        assertEquals(AckOutcome.NEWLY_ACKNOWLEDGED, recovery.onAckReceived(APPLICATION, ack(4, 4), 0, 100 * MS));
        assertEquals(List.of(0L, 1L), listener.lost);
        assertEquals(List.of("p0", "p1"), listener.lostContents);
        assertEquals(List.of(4L), listener.acknowledged);
        assertEquals(100 * MS, rtt.latestRttNanos());
        assertEquals(112_500_000L, recovery.lossTimeNanos(APPLICATION));
        assertEquals(112_500_000L, recovery.lossDetectionDeadlineNanos());
        assertEquals(2, recovery.trackedPacketCount(APPLICATION));
        assertEquals(2L * SIZE, newReno.bytesInFlight());

        listener.clear();
        assertNull(recovery.onLossDetectionTimeout(112 * MS), "not yet due");
        assertTrue(listener.lost.isEmpty());
        assertNull(recovery.onLossDetectionTimeout(112_500_000L));
        assertEquals(List.of(2L, 3L), listener.lost);
        assertEquals(0, recovery.trackedPacketCount(APPLICATION));
        assertEquals(0, newReno.bytesInFlight());
        assertEquals(4, recovery.packetsLost());
        assertEquals(4L * SIZE, recovery.bytesLost());
        assertEquals(LossRecovery.NO_DEADLINE, recovery.lossDetectionDeadlineNanos());
    }

    @Test
    void timeThresholdOnAck() {
        LossRecovery<String> recovery = recovery(EndpointRole.SERVER);
        send(recovery, APPLICATION, 0, 0);
        send(recovery, APPLICATION, 1, 50 * MS);
        // latest_rtt 10 ms: loss delay 11.25 ms; packet 0 was sent 60 ms before the ACK.
        recovery.onAckReceived(APPLICATION, ack(1, 1), 0, 60 * MS);
        assertEquals(List.of(0L), listener.lost);
        assertEquals(List.of(1L), listener.acknowledged);
    }

    @Test
    void lossesAreReportedBeforeAcknowledgmentsAndReduceTheWindowFirst() {
        LossRecovery<String> recovery = recovery(EndpointRole.SERVER);
        for (int pn = 0; pn <= 4; pn++) {
            send(recovery, APPLICATION, pn, 0);
        }
        recovery.onAckReceived(APPLICATION, ack(4, 2), 0, 100 * MS);
        assertEquals(List.of(APPLICATION, APPLICATION, APPLICATION, APPLICATION, APPLICATION), listener.spaces);
        assertEquals(List.of(0L, 1L), listener.lost);
        assertEquals(List.of(2L, 3L, 4L), listener.acknowledged);
        // Recovery started at the ACK; the acknowledged packets were sent before it: no growth.
        assertEquals(6000, newReno.congestionWindowBytes());
        assertTrue(newReno.isInRecovery());
    }

    @Test
    void ackOfUnsentPacketChangesNothing() {
        LossRecovery<String> recovery = recovery(EndpointRole.SERVER);
        for (int pn = 0; pn <= 2; pn++) {
            send(recovery, HANDSHAKE, pn, 0);
        }
        assertEquals(AckOutcome.UNSENT_PACKET_ACKNOWLEDGED, recovery.onAckReceived(HANDSHAKE, ack(5, 0), 0, 10 * MS));
        assertEquals(AckOutcome.UNSENT_PACKET_ACKNOWLEDGED, recovery.onAckReceived(INITIAL, ack(0, 0), 0, 10 * MS));
        assertEquals(3, recovery.trackedPacketCount(HANDSHAKE));
        assertEquals(-1, recovery.largestAckedPacketNumber(HANDSHAKE));
        assertTrue(listener.acknowledged.isEmpty());
        assertEquals(AckOutcome.NEWLY_ACKNOWLEDGED, recovery.onAckReceived(HANDSHAKE, ack(2, 0), 0, 10 * MS));
        assertEquals(AckOutcome.NOTHING_NEW, recovery.onAckReceived(HANDSHAKE, ack(2, 0), 0, 11 * MS));
    }

    @Test
    void ackOfSkippedPacketNumberIsAnAckOfAnUnsentPacket() {
        LossRecovery<String> recovery = recovery(EndpointRole.SERVER);
        send(recovery, APPLICATION, 0, 0);
        send(recovery, APPLICATION, 1, 0);
        send(recovery, APPLICATION, 3, 0);
        assertEquals(AckOutcome.UNSENT_PACKET_ACKNOWLEDGED, recovery.onAckReceived(APPLICATION, ack(3, 0), 0, 10 * MS));
        assertEquals(AckOutcome.UNSENT_PACKET_ACKNOWLEDGED, recovery.onAckReceived(APPLICATION, ack(2, 2), 0, 10 * MS));
        assertEquals(3, recovery.trackedPacketCount(APPLICATION));
        assertEquals(AckOutcome.NEWLY_ACKNOWLEDGED, recovery.onAckReceived(APPLICATION, ack(3, 3, 1, 0), 0, 10 * MS));
        assertEquals(List.of(0L, 1L, 3L), listener.acknowledged);
    }

    @Test
    void oldAckOnlyPacketsAreAbandonedToBoundTheTracker() {
        LossRecovery<String> recovery = recovery(EndpointRole.SERVER);
        int limit = LossRecovery.ABANDON_NOT_IN_FLIGHT_AFTER_SLOTS;
        for (int pn = 0; pn < limit; pn++) {
            recovery.onPacketSent(APPLICATION, new SentPacket<>(pn, pn, 40, false, false, "ack" + pn));
        }
        assertTrue(listener.lost.isEmpty());
        recovery.onPacketSent(APPLICATION, new SentPacket<>(limit, limit, 40, false, false, "ack"));
        assertEquals(List.of(0L), listener.lost);
        assertEquals(limit, recovery.trackedPacketCount(APPLICATION));
        assertEquals(0, recovery.packetsLost(), "abandoned, not lost on the network");
        // An in-flight packet at the head is never abandoned.
        LossRecovery<String> other = new LossRecovery<>(EndpointRole.SERVER, new RttEstimator(), new NewReno(SIZE), listener);
        listener.clear();
        send(other, APPLICATION, 0, 0);
        for (int pn = 1; pn <= limit; pn++) {
            other.onPacketSent(APPLICATION, new SentPacket<>(pn, pn, 40, false, false, null));
        }
        assertTrue(listener.lost.isEmpty());
    }

    @Test
    void rttSampleOnlyWhenLargestIsNewlyAckedAndAckEliciting() {
        LossRecovery<String> recovery = recovery(EndpointRole.SERVER);
        recovery.onPacketSent(APPLICATION, new SentPacket<>(0, 0, 40, false, false, "ack only"));
        recovery.onAckReceived(APPLICATION, ack(0, 0), 0, 30 * MS);
        assertTrue(!rtt.hasSample(), "only a non-ack-eliciting packet was acknowledged");
        send(recovery, APPLICATION, 1, 40 * MS);
        send(recovery, APPLICATION, 2, 41 * MS);
        recovery.onAckReceived(APPLICATION, ack(2, 2), 0, 61 * MS);
        assertEquals(20 * MS, rtt.latestRttNanos());
        // Packet 1 newly acked but the largest (2) is not: no new sample.
        recovery.onAckReceived(APPLICATION, ack(2, 1), 0, 90 * MS);
        assertEquals(20 * MS, rtt.latestRttNanos());
    }

    @Test
    void ackDelayIsAppliedOutsideInitial() {
        LossRecovery<String> recovery = recovery(EndpointRole.SERVER);
        send(recovery, HANDSHAKE, 0, 0);
        recovery.onAckReceived(HANDSHAKE, ack(0, 0), 0, 100 * MS);
        send(recovery, INITIAL, 0, 100 * MS);
        recovery.onAckReceived(INITIAL, ack(0, 0), 50 * MS, 220 * MS);
        // Initial: ack delay ignored; adjusted 120: smoothed = (700 + 120) / 8 = 102.5 ms.
        assertEquals(102_500_000L, rtt.smoothedRttNanos());
        send(recovery, HANDSHAKE, 1, 300 * MS);
        recovery.onAckReceived(HANDSHAKE, ack(1, 1), 20 * MS, 420 * MS);
        // Handshake: 120 - 20 = 100: smoothed = (7 * 102.5 + 100) / 8 = 102.1875 ms.
        assertEquals(102_187_500L, rtt.smoothedRttNanos());
    }

    @Test
    void ptoBackoffDoublesAndResetsOnAck() {
        LossRecovery<String> recovery = recovery(EndpointRole.SERVER);
        recovery.onHandshakeConfirmed(0);
        send(recovery, APPLICATION, 0, 0);
        // 333 + 4 * 166.5 + max_ack_delay 25 = 1024 ms.
        assertEquals(1024 * MS, recovery.probeTimeoutNanos(APPLICATION));
        assertEquals(999 * MS, recovery.probeTimeoutNanos(HANDSHAKE));
        assertEquals(1024 * MS, recovery.lossDetectionDeadlineNanos());
        assertEquals(APPLICATION, recovery.onLossDetectionTimeout(1024 * MS));
        assertEquals(1, recovery.ptoCount());
        assertTrue(listener.lost.isEmpty(), "RFC 9002 §6.2: a PTO MUST NOT mark packets lost");
        assertEquals(2048 * MS, recovery.probeTimeoutNanos(APPLICATION));
        assertEquals(2048 * MS, recovery.lossDetectionDeadlineNanos());
        send(recovery, APPLICATION, 1, 1024 * MS);
        assertEquals(3072 * MS, recovery.lossDetectionDeadlineNanos());
        assertEquals(APPLICATION, recovery.onLossDetectionTimeout(3072 * MS));
        assertEquals(2, recovery.ptoCount());
        assertEquals(1024 * MS + 4096 * MS, recovery.lossDetectionDeadlineNanos());
        recovery.onAckReceived(APPLICATION, ack(1, 1), 0, 3100 * MS);
        assertEquals(0, recovery.ptoCount());
    }

    @Test
    void applicationPtoWaitsForHandshakeConfirmationAndEarliestSpaceWins() {
        LossRecovery<String> recovery = recovery(EndpointRole.SERVER);
        recovery.onHandshakeKeysAvailable(0);
        send(recovery, APPLICATION, 0, 0);
        // No Application PTO before confirmation (RFC 9002 §6.2.1): the deadline is the server's
        // wait probe for the client's Finished, a Handshake probe one PTO from now.
        assertEquals(999 * MS, recovery.lossDetectionDeadlineNanos());
        send(recovery, HANDSHAKE, 0, 10 * MS);
        assertEquals(1009 * MS, recovery.lossDetectionDeadlineNanos());
        assertEquals(HANDSHAKE, recovery.onLossDetectionTimeout(1009 * MS));
        recovery.onHandshakeCompleted(1010 * MS);
        recovery.discardSpace(HANDSHAKE, 1010 * MS);
        assertEquals(0, recovery.ptoCount());
        assertEquals(LossRecovery.NO_DEADLINE, recovery.lossDetectionDeadlineNanos());
        recovery.onHandshakeConfirmed(1020 * MS);
        assertEquals(1024 * MS, recovery.lossDetectionDeadlineNanos());
    }

    @Test
    void serverProbesWhileItWaitsForTheClientsFinishedWithItsOwnBackoff() {
        LossRecovery<String> recovery = recovery(EndpointRole.SERVER);
        recovery.onHandshakeKeysAvailable(0);
        send(recovery, HANDSHAKE, 0, 0);
        recovery.onAckReceived(HANDSHAKE, ack(0, 0), 0, 100 * MS);
        // The server's flight is acknowledged, the client's Finished has not arrived: nothing is
        // in flight, yet a Handshake probe is due one PTO from now.
        long firstProbe = 100 * MS + rtt.ptoBaseNanos();
        assertEquals(firstProbe, recovery.lossDetectionDeadlineNanos());
        assertNull(recovery.onLossDetectionTimeout(firstProbe - 1));
        assertEquals(HANDSHAKE, recovery.onLossDetectionTimeout(firstProbe));
        send(recovery, HANDSHAKE, 1, firstProbe);
        // The client acknowledges the probe (an ACK-only packet) but sends no Finished: the ACK
        // resets the PTO backoff as usual, not the wait probes' own, so the next one is 2 PTOs on.
        long acked = firstProbe + 100 * MS;
        recovery.onAckReceived(HANDSHAKE, ack(1, 1), 0, acked);
        assertEquals(0, recovery.ptoCount());
        long secondProbe = acked + 2 * rtt.ptoBaseNanos();
        assertEquals(secondProbe, recovery.lossDetectionDeadlineNanos());
        assertEquals(HANDSHAKE, recovery.onLossDetectionTimeout(secondProbe));
        send(recovery, HANDSHAKE, 2, secondProbe);
        recovery.onAckReceived(HANDSHAKE, ack(2, 2), 0, secondProbe + 100 * MS);
        assertEquals(secondProbe + 100 * MS + 4 * rtt.ptoBaseNanos(), recovery.lossDetectionDeadlineNanos());
        // The Finished arrives: a server with nothing in flight waits for nothing any more.
        recovery.onHandshakeCompleted(secondProbe + 200 * MS);
        assertEquals(LossRecovery.NO_DEADLINE, recovery.lossDetectionDeadlineNanos());
    }

    /**
     * Found by ChaosScenarioTest (seed 1026): the client's Finished and its first 1-RTT packets
     * vanished in a blackhole; the server acknowledged a later Handshake packet (a PING probe),
     * the Finished was declared lost, and the congestion window, full of 1-RTT packets the server
     * cannot acknowledge without the Finished, held its resending back. With only 1-RTT packets
     * in flight before confirmation the PTO was unarmed (RFC 9002 §6.2.1), so nothing was ever
     * sent again and the connection idled out.
     */
    @Test
    void clientWithOnlyOneRttPacketsInFlightBeforeConfirmationKeepsAHandshakeProbeArmed() {
        LossRecovery<String> recovery = recovery(EndpointRole.CLIENT);
        recovery.onHandshakeKeysAvailable(0);
        send(recovery, HANDSHAKE, 0, 0);
        recovery.onAckReceived(HANDSHAKE, ack(0, 0), 0, 100 * MS);
        recovery.onHandshakeCompleted(110 * MS);
        send(recovery, HANDSHAKE, 1, 110 * MS);
        for (int pn = 0; pn < 10; pn++) {
            send(recovery, APPLICATION, pn, 120 * MS);
        }
        send(recovery, HANDSHAKE, 2, 500 * MS);
        // The server acknowledges the probe 2 only: 1, the Finished, is lost by time threshold,
        // and the connection queues its CRYPTO data again (the congestion window holds it back).
        listener.handshakeCryptoToSend = true;
        recovery.onAckReceived(HANDSHAKE, ack(2, 2), 0, 600 * MS);
        assertEquals(List.of(1L), listener.lost);
        assertEquals(0, recovery.ptoCount());
        // No Handshake packet in flight, ten 1-RTT packets whose PTO waits for confirmation: a
        // Handshake probe is still due, one PTO after the last Handshake packet sent.
        long probe = 500 * MS + rtt.ptoBaseNanos();
        assertEquals(probe, recovery.lossDetectionDeadlineNanos());
        assertEquals(HANDSHAKE, recovery.onLossDetectionTimeout(probe));
        assertEquals(1, recovery.ptoCount());
        // Once nothing of the handshake waits to be sent (here: as if the Finished were
        // acknowledged), the client waits for HANDSHAKE_DONE without probing.
        listener.handshakeCryptoToSend = false;
        send(recovery, HANDSHAKE, 3, probe);
        recovery.onAckReceived(HANDSHAKE, ack(3, 2), 0, probe + 100 * MS);
        assertEquals(LossRecovery.NO_DEADLINE, recovery.lossDetectionDeadlineNanos());
        // Confirmed (HANDSHAKE_DONE): the 1-RTT packets' own PTO takes over.
        recovery.onHandshakeConfirmed(probe + 150 * MS);
        long applicationPto = 120 * MS + rtt.ptoBaseNanos() + rtt.peerMaxAckDelayNanos();
        assertEquals(applicationPto, recovery.lossDetectionDeadlineNanos());
    }

    @Test
    void clientArmsAntiDeadlockTimerUntilAddressValidationIsCertain() {
        LossRecovery<String> recovery = recovery(EndpointRole.CLIENT);
        send(recovery, INITIAL, 0, 0);
        assertEquals(INITIAL, recovery.onLossDetectionTimeout(999 * MS));
        assertEquals(1, recovery.ptoCount());
        // An Initial ACK does not reset a client's backoff (RFC 9002 §6.2.1).
        recovery.onAckReceived(INITIAL, ack(0, 0), 0, 1100 * MS);
        assertEquals(1, recovery.ptoCount());
        // Nothing in flight, yet the timer is armed from now. The sample raised the base to
        // 1100 + 4 * 550 = 3300 ms, more than twice the 999 ms period that expired: the period is
        // that base, not doubled again (A.8's product would give 6600 ms).
        assertEquals(4400 * MS, recovery.lossDetectionDeadlineNanos());
        assertEquals(INITIAL, recovery.onLossDetectionTimeout(4400 * MS));
        assertEquals(2, recovery.ptoCount());
        // The ServerHello arrives (Handshake keys) without any of the server's Handshake packets:
        // the backoff restarts, as on discarding the Initial keys, and the Handshake probe is due
        // one unbacked PTO (1100 + 4 * 550 = 3300 ms) later.
        recovery.onHandshakeKeysAvailable(8000 * MS);
        assertEquals(0, recovery.ptoCount());
        long deadline = recovery.lossDetectionDeadlineNanos();
        assertEquals(8000 * MS + 3300 * MS, deadline);
        assertEquals(HANDSHAKE, recovery.onLossDetectionTimeout(deadline));
        send(recovery, HANDSHAKE, 0, deadline);
        recovery.onAckReceived(HANDSHAKE, ack(0, 0), 0, deadline + 100 * MS);
        // The address is validated, but the server's handshake flight has not all arrived: the
        // client keeps probing (its Handshake probes carry the ACK that shows the server's gap),
        // without resetting the backoff.
        assertEquals(1, recovery.ptoCount());
        assertTrue(recovery.lossDetectionDeadlineNanos() > deadline + 100 * MS);
        assertTrue(recovery.lossDetectionDeadlineNanos() != LossRecovery.NO_DEADLINE);
        recovery.onHandshakeCompleted(deadline + 200 * MS);
        assertEquals(LossRecovery.NO_DEADLINE, recovery.lossDetectionDeadlineNanos());
        send(recovery, HANDSHAKE, 1, deadline + 200 * MS);
        recovery.onAckReceived(HANDSHAKE, ack(1, 1), 0, deadline + 300 * MS);
        assertEquals(0, recovery.ptoCount());
        assertEquals(LossRecovery.NO_DEADLINE, recovery.lossDetectionDeadlineNanos());
    }

    /**
     * RFC 9002 §6.2.1: each timeout doubles the PTO period. A.8's base * 2^pto_count does so while
     * the RTT estimate holds still; when one sample raises the estimate in the middle of a
     * backoff, the next period is twice the one that expired, not the new base times every
     * doubling made at the old one (issue #6, seeds 42004 and 42039: 22 and 77 minutes).
     */
    @Test
    void aRisingRttEstimateDoesNotMultiplyTheDoublingsMadeBeforeIt() {
        LossRecovery<String> recovery = recovery(EndpointRole.CLIENT);
        send(recovery, INITIAL, 0, 0);
        recovery.onAckReceived(INITIAL, ack(0, 0), 0, 2 * MS);
        long smallBase = rtt.ptoBaseNanos();
        long packetNumber = 1;
        long now = 2 * MS;
        for (int timeout = 0; timeout < 8; timeout++) {
            assertEquals(smallBase << timeout, recovery.probeTimeoutNanos(INITIAL), "before timeout " + timeout);
            now = recovery.lossDetectionDeadlineNanos();
            assertEquals(INITIAL, recovery.onLossDetectionTimeout(now));
            send(recovery, INITIAL, packetNumber++, now);
        }
        // An Initial ACK a second late: a large sample, and no reset of a client's backoff.
        recovery.onAckReceived(INITIAL, ack(packetNumber - 1, packetNumber - 1), 0, now + 1_000 * MS);
        assertEquals(8, recovery.ptoCount());
        long largeBase = rtt.ptoBaseNanos();
        assertTrue(largeBase > 100 * smallBase, "the sample raised the base: " + largeBase);
        // The period that expired was smallBase << 7: the next is twice it (the new base if more).
        long expected = Math.max(largeBase, smallBase << 8);
        assertEquals(expected, recovery.probeTimeoutNanos(INITIAL));
        assertTrue(expected < largeBase << 8);
        assertEquals(INITIAL, recovery.onLossDetectionTimeout(recovery.lossDetectionDeadlineNanos()));
        assertEquals(2 * expected, recovery.probeTimeoutNanos(INITIAL));
    }

    @Test
    void serverAtAmplificationLimitDoesNotArmPto() {
        LossRecovery<String> recovery = recovery(EndpointRole.SERVER);
        send(recovery, INITIAL, 0, 0);
        recovery.onAmplificationLimitReached(0);
        assertEquals(LossRecovery.NO_DEADLINE, recovery.lossDetectionDeadlineNanos());
        recovery.onAmplificationLimitLifted(2000 * MS);
        assertEquals(999 * MS, recovery.lossDetectionDeadlineNanos());
        assertEquals(INITIAL, recovery.onLossDetectionTimeout(2000 * MS));
    }

    @Test
    void discardingASpaceRemovesItsBytesInFlightSilently() {
        LossRecovery<String> recovery = recovery(EndpointRole.SERVER);
        send(recovery, INITIAL, 0, 0);
        send(recovery, INITIAL, 1, 0);
        recovery.onPacketSent(INITIAL, new SentPacket<>(2, 0, 50, false, false, "ack"));
        send(recovery, HANDSHAKE, 0, 5 * MS);
        assertEquals(3L * SIZE, newReno.bytesInFlight());
        recovery.discardSpace(INITIAL, 6 * MS);
        assertEquals(1L * SIZE, newReno.bytesInFlight());
        assertEquals(0, recovery.trackedPacketCount(INITIAL));
        assertEquals(0, recovery.ackElicitingInFlight(INITIAL));
        assertTrue(listener.lost.isEmpty() && listener.acknowledged.isEmpty());
        assertEquals(1004 * MS, recovery.lossDetectionDeadlineNanos());
    }

    @Test
    void ecnCeIncreaseIsACongestionEvent() {
        LossRecovery<String> recovery = recovery(EndpointRole.SERVER);
        // A full window in flight, so that the first ACK grows it (RFC 9002 §7.8).
        for (int pn = 0; pn < 10; pn++) {
            send(recovery, APPLICATION, pn, 0);
        }
        recovery.onAckReceived(APPLICATION, AckFrame.of(new long[] {0, 0}, 0, new AckFrame.EcnCounts(1, 0, 0)), 0, 10 * MS);
        assertEquals(13_200, newReno.congestionWindowBytes());
        recovery.onAckReceived(APPLICATION, AckFrame.of(new long[] {1, 0}, 0, new AckFrame.EcnCounts(1, 0, 1)), 0, 20 * MS);
        assertEquals(6600, newReno.congestionWindowBytes());
        assertTrue(newReno.isInRecovery());
    }

    @Test
    void packetNumbersMustIncrease() {
        LossRecovery<String> recovery = recovery(EndpointRole.SERVER);
        send(recovery, APPLICATION, 5, 0);
        assertThrows(IllegalArgumentException.class, () -> send(recovery, APPLICATION, 5, 0));
        send(recovery, HANDSHAKE, 0, 0);
    }

    @Test
    void manyPacketsGrowTheRingAndStayOrdered() {
        LossRecovery<String> recovery = recovery(EndpointRole.SERVER);
        for (int pn = 0; pn < 500; pn++) {
            recovery.onPacketSent(APPLICATION, new SentPacket<>(2 * pn, pn * MS, 20, true, true, null));
        }
        // Acknowledge every packet with a number divisible by 4 within 0..998 in one frame.
        long[] ranges = new long[2 * 250];
        for (int i = 0; i < 250; i++) {
            ranges[2 * i] = 996 - 4L * i;
            ranges[2 * i + 1] = 996 - 4L * i;
        }
        recovery.onAckReceived(APPLICATION, AckFrame.of(ranges, 0, null), 0, 500 * MS);
        assertEquals(250, listener.acknowledged.size());
        for (int i = 0; i < 250; i++) {
            assertEquals(4L * i, listener.acknowledged.get(i));
        }
        assertEquals(500, listener.lost.size() + listener.acknowledged.size() + recovery.trackedPacketCount(APPLICATION));
        assertEquals(1, recovery.trackedPacketCount(APPLICATION), "998 is above the largest acked");
    }

    /**
     * RFC 9002 §7.6.3: the example table. Time unit 1 s, shifted by 10 s so that a first RTT
     * sample (packet 0) precedes packet 1; the RTT state is chosen so that smoothed_rtt +
     * max(4*rttvar, kGranularity) + max_ack_delay = 2 when packet 1 is acknowledged.
     */
    @Test
    void persistentCongestionExampleOfRfc9002() {
        LossRecovery<String> recovery = recovery(EndpointRole.SERVER);
        long base = 10 * SECOND;
        send(recovery, APPLICATION, 0, base - SECOND);
        recovery.onAckReceived(APPLICATION, ack(0, 0), 0, base - 600 * MS);
        rtt.setPeerMaxAckDelayNanos(SECOND);
        recovery.onHandshakeConfirmed(base - 600 * MS);

        send(recovery, APPLICATION, 1, base);                      // t=0
        send(recovery, APPLICATION, 2, base + SECOND);             // t=1
        recovery.onAckReceived(APPLICATION, ack(1, 0), 800 * MS, base + 1200 * MS); // t=1.2
        assertEquals(2 * SECOND, rtt.ptoBaseNanos() + rtt.peerMaxAckDelayNanos());
        assertEquals(6 * SECOND, rtt.persistentCongestionDurationNanos());
        for (int pn = 3; pn <= 7; pn++) {
            send(recovery, APPLICATION, pn, base + (pn - 1) * SECOND); // t=2..6
        }
        send(recovery, APPLICATION, 8, base + 8 * SECOND);         // t=8, PTO 1
        send(recovery, APPLICATION, 9, base + 12 * SECOND);        // t=12, PTO 2
        listener.clear();
        recovery.onAckReceived(APPLICATION, ack(9, 9, 1, 0), 0, base + 12_200 * MS); // t=12.2

        assertEquals(List.of(2L, 3L, 4L, 5L, 6L, 7L, 8L), listener.lost);
        assertEquals(1, recovery.persistentCongestionCount());
        // The window collapsed to kMinimumWindow; then, as in Appendix B (losses before acks,
        // congestion_recovery_start_time reset), the ACK of packet 9 grows it in slow start.
        assertEquals(newReno.minimumWindowBytes() + SIZE, newReno.congestionWindowBytes());
        assertTrue(newReno.isInSlowStart());
        assertEquals(0, newReno.bytesInFlight());
    }

    /** The same timeline where packet 5 is acknowledged: no persistent congestion. */
    @Test
    void acknowledgedPacketBetweenLossesPreventsPersistentCongestion() {
        LossRecovery<String> recovery = recovery(EndpointRole.SERVER);
        long base = 10 * SECOND;
        send(recovery, APPLICATION, 0, base - SECOND);
        recovery.onAckReceived(APPLICATION, ack(0, 0), 0, base - 600 * MS);
        rtt.setPeerMaxAckDelayNanos(SECOND);
        recovery.onHandshakeConfirmed(base - 600 * MS);
        send(recovery, APPLICATION, 1, base);
        send(recovery, APPLICATION, 2, base + SECOND);
        recovery.onAckReceived(APPLICATION, ack(1, 0), 800 * MS, base + 1200 * MS);
        for (int pn = 3; pn <= 7; pn++) {
            send(recovery, APPLICATION, pn, base + (pn - 1) * SECOND);
        }
        send(recovery, APPLICATION, 8, base + 8 * SECOND);
        send(recovery, APPLICATION, 9, base + 12 * SECOND);
        listener.clear();
        recovery.onAckReceived(APPLICATION, ack(9, 9, 5, 5, 1, 0), 0, base + 12_200 * MS);

        assertEquals(List.of(2L, 3L, 4L, 6L, 7L, 8L), listener.lost);
        assertEquals(0, recovery.persistentCongestionCount());
        // Packets 0 and 1 went out alone, far below half the window: their ACKs do not grow it
        // (RFC 9002 §7.8). One loss halves the initial window.
        assertEquals(6000, newReno.congestionWindowBytes());
    }

    @Test
    void noPersistentCongestionWithoutAPriorRttSample() {
        LossRecovery<String> recovery = recovery(EndpointRole.SERVER);
        for (int pn = 0; pn <= 8; pn++) {
            send(recovery, APPLICATION, pn, pn * 10 * SECOND);
        }
        recovery.onAckReceived(APPLICATION, ack(8, 8), 0, 80 * SECOND + MS);
        assertEquals(8, listener.lost.size());
        assertEquals(0, recovery.persistentCongestionCount());
        assertEquals(6000, newReno.congestionWindowBytes());
    }
}
