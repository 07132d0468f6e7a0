package dev.jquic.core.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.frame.AckFrame;
import dev.jquic.core.recovery.cc.Cubic;
import dev.jquic.core.recovery.cc.NewReno;
import dev.jquic.core.recovery.cc.WindowedCongestionController;
import dev.jquic.core.types.EndpointRole;
import dev.jquic.core.types.PacketNumberSpace;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random scripts of sends, ACKs, timeouts, confirmations and discards against a model:
 * bytes in flight is never negative and equals the in-flight bytes still tracked, the window
 * never goes below the minimum, and every sent packet ends acknowledged, lost, discarded or
 * still tracked, exactly once.
 */
class RecoveryPropertiesTest {

    private static final long MS = 1_000_000L;
    private static final PacketNumberSpace[] SPACES = PacketNumberSpace.values();

    /** The model: what the script sent and what the listener reported. */
    private static final class Model implements RecoveryListener<String> {
        @SuppressWarnings("unchecked")
        final TreeMap<Long, SentPacket<String>>[] tracked = new TreeMap[] {new TreeMap<>(), new TreeMap<>(), new TreeMap<>()};
        final Set<String> acknowledged = new HashSet<>();
        final Set<String> lost = new HashSet<>();
        final Set<String> discarded = new HashSet<>();
        int sent;

        @Override
        public void onPacketAcknowledged(PacketNumberSpace space, SentPacket<String> packet) {
            assertEquals(packet, tracked[space.ordinal()].remove(packet.packetNumber()), "acknowledged untracked packet");
            assertTrue(acknowledged.add(packet.contents()));
        }

        @Override
        public void onPacketLost(PacketNumberSpace space, SentPacket<String> packet) {
            assertEquals(packet, tracked[space.ordinal()].remove(packet.packetNumber()), "lost untracked packet");
            assertTrue(lost.add(packet.contents()));
        }

        long inFlightBytes() {
            long bytes = 0;
            for (TreeMap<Long, SentPacket<String>> space : tracked) {
                for (SentPacket<String> packet : space.values()) {
                    bytes += packet.inFlight() ? packet.sizeBytes() : 0;
                }
            }
            return bytes;
        }
    }

    private static final long CLOCK_HORIZON_NANOS = 365L * 24 * 3600 * 1_000_000_000L;

    @Property(tries = 300)
    void invariantsHoldForRandomScripts(
            @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 99_999) Integer> script,
            @ForAll boolean useCubic,
            @ForAll boolean client) {
        Model model = new Model();
        WindowedCongestionController controller = useCubic ? new Cubic(1200) : new NewReno(1200);
        RttEstimator rtt = new RttEstimator();
        LossRecovery<String> recovery = new LossRecovery<>(
                client ? EndpointRole.CLIENT : EndpointRole.SERVER, rtt, controller, model);
        long[] nextPacketNumber = new long[3];
        long[] largestSentPacketNumber = {-1, -1, -1};
        @SuppressWarnings("unchecked")
        Set<Long>[] skipped = new Set[] {new HashSet<>(), new HashSet<>(), new HashSet<>()};
        boolean[] discardedSpace = new boolean[3];
        long now = 0;

        for (int step : script) {
            int operation = step % 10;
            int argument = step / 10;
            now += (argument % 50) * MS / 4;
            PacketNumberSpace space = SPACES[argument % 5 < 3 ? 2 : argument % 5 - 3];
            TreeMap<Long, SentPacket<String>> spaceModel = model.tracked[space.ordinal()];
            if (operation <= 4) {
                if (discardedSpace[space.ordinal()]) {
                    continue;
                }
                long packetNumber = nextPacketNumber[space.ordinal()];
                if (argument % 7 == 0) {
                    skipped[space.ordinal()].add(packetNumber + 1);
                }
                nextPacketNumber[space.ordinal()] += argument % 7 == 0 ? 2 : 1;
                largestSentPacketNumber[space.ordinal()] = packetNumber;
                boolean ackEliciting = argument % 4 != 0;
                boolean inFlight = ackEliciting || argument % 8 == 0;
                SentPacket<String> packet = new SentPacket<>(packetNumber, now, 50 + argument % 1300,
                        ackEliciting, inFlight, space + ":" + packetNumber);
                recovery.onPacketSent(space, packet);
                spaceModel.put(packetNumber, packet);
                model.sent++;
            } else if (operation <= 7) {
                long largestSent = largestSentPacketNumber[space.ordinal()];
                if (largestSent < 0 || discardedSpace[space.ordinal()]) {
                    continue;
                }
                long largest = argument % 9 == 0 ? largestSent + 1 + argument % 3 : (argument * 31L) % (largestSent + 1);
                long smallest = Math.max(0, largest - argument % 6);
                long[] ranges = smallest >= 3 && argument % 2 == 0
                        ? new long[] {largest, smallest, smallest - 2, Math.max(0, smallest - 2 - argument % 4)}
                        : new long[] {largest, smallest};
                AckFrame.EcnCounts ecn = argument % 11 == 0 ? new AckFrame.EcnCounts(0, 0, argument) : null;
                AckOutcome outcome = recovery.onAckReceived(space, AckFrame.of(ranges, 0, ecn), argument % 30 * MS, now);
                boolean coversSkipped = false;
                for (int i = 0; i < ranges.length; i += 2) {
                    for (long pn = ranges[i + 1]; pn <= ranges[i]; pn++) {
                        coversSkipped |= skipped[space.ordinal()].contains(pn);
                    }
                }
                if (largest > largestSent) {
                    assertEquals(AckOutcome.UNSENT_PACKET_ACKNOWLEDGED, outcome);
                } else if (!coversSkipped) {
                    assertTrue(outcome != AckOutcome.UNSENT_PACKET_ACKNOWLEDGED);
                }
            } else if (operation == 8) {
                long deadline = recovery.lossDetectionDeadlineNanos();
                // The script's clock jumps to each deadline; with the backoff doubling, hundreds of
                // consecutive timeouts would overflow the script's own long clock (after 292 years),
                // which no connection lives to see: stop following deadlines beyond a year.
                if (deadline != LossRecovery.NO_DEADLINE && deadline < CLOCK_HORIZON_NANOS) {
                    now = Math.max(now, deadline);
                    recovery.onLossDetectionTimeout(now);
                }
            } else if (argument % 3 == 0) {
                recovery.onHandshakeConfirmed(now);
            } else if (argument % 3 == 1) {
                recovery.onHandshakeKeysAvailable(now);
            } else if (space != PacketNumberSpace.APPLICATION) {
                discardedSpace[space.ordinal()] = true;
                for (SentPacket<String> packet : spaceModel.values()) {
                    assertTrue(model.discarded.add(packet.contents()));
                }
                spaceModel.clear();
                recovery.discardSpace(space, now);
            }

            assertTrue(controller.bytesInFlight() >= 0);
            assertEquals(model.inFlightBytes(), controller.bytesInFlight());
            assertTrue(controller.congestionWindowBytes() >= controller.minimumWindowBytes());
            int tracked = 0;
            for (PacketNumberSpace each : SPACES) {
                assertEquals(model.tracked[each.ordinal()].size(), recovery.trackedPacketCount(each));
                tracked += model.tracked[each.ordinal()].size();
            }
            assertEquals(model.sent, model.acknowledged.size() + model.lost.size() + model.discarded.size() + tracked);
            assertTrue(recovery.lossDetectionDeadlineNanos() >= 0);
        }
    }

    @Property(tries = 200)
    void windowStaysAtOrAboveMinimumUnderArbitraryControllerEvents(
            @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 9_999) Integer> script,
            @ForAll boolean useCubic) {
        WindowedCongestionController controller = useCubic ? new Cubic(1200) : new NewReno(1200);
        long now = 0;
        long inFlight = 0;
        for (int step : script) {
            now += (step % 97) * MS;
            int size = 1 + step % 1500;
            switch (step % 5) {
                case 0, 1 -> {
                    controller.onPacketSent(size, now);
                    controller.onPacketAcknowledged(size, now - (step % 13) * MS, (1 + step % 300) * MS, now + step % 7);
                }
                case 2 -> {
                    controller.onPacketSent(size, now);
                    inFlight += size;
                    controller.onCongestionEvent(now - (step % 400) * MS, now);
                }
                case 3 -> controller.onPersistentCongestion(now);
                default -> controller.setApplicationLimited(step % 2 == 0);
            }
            assertTrue(controller.congestionWindowBytes() >= controller.minimumWindowBytes());
            assertEquals(inFlight, controller.bytesInFlight());
        }
    }
}
