package dev.jquic.core.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.frame.StreamDirection;
import dev.jquic.core.types.StreamId;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Many streams in both directions between two {@link StreamManager}s over a lossy in-memory
 * channel: every byte arrives exactly once and in order, every stream closes on both sides, and
 * MAX_STREAMS / flow-control limits (small on purpose) are never violated (a violation would throw).
 */
class StreamManagerTransferPropertiesTest {
    private static final int MAX_ROUNDS = 200_000;

    /** One stream an endpoint wants to send. */
    private static final class Plan {
        final StreamDirection direction;
        final byte[] data;
        long streamId = StreamManager.NO_STREAM;
        int written;
        boolean finished;

        Plan(StreamDirection direction, byte[] data) {
            this.direction = direction;
            this.data = data;
        }
    }

    /** One endpoint's application: opens its planned streams, writes them, reads what the peer sends. */
    private static final class Application {
        final StreamManager manager;
        final List<Plan> plans = new ArrayList<>();
        final Map<Long, ByteArrayOutputStream> received = new HashMap<>();
        final Set<Long> reading = new LinkedHashSet<>();
        final Set<Long> readDone = new LinkedHashSet<>();
        final ByteBuffer readBuffer = ByteBuffer.allocate(3000);

        Application(StreamManager manager) {
            this.manager = manager;
        }

        void step() {
            StreamEvent event;
            while ((event = manager.pollEvent()) != null) {
                if (event instanceof StreamEvent.PeerOpened opened) {
                    long id = opened.streamId();
                    reading.add(id);
                    received.put(id, new ByteArrayOutputStream());
                    if (StreamId.isBidirectional(id)) {
                        manager.finish(id); // the reverse direction carries no data
                    }
                }
            }
            for (Plan plan : plans) {
                if (plan.streamId == StreamManager.NO_STREAM) {
                    plan.streamId = manager.openStream(plan.direction);
                    if (plan.streamId == StreamManager.NO_STREAM) {
                        break; // wait for MAX_STREAMS; keep opening in order
                    }
                    if (plan.direction == StreamDirection.BIDIRECTIONAL) {
                        reading.add(plan.streamId);
                        received.put(plan.streamId, new ByteArrayOutputStream());
                    }
                }
                if (plan.written < plan.data.length) {
                    plan.written += manager.write(plan.streamId,
                            ByteBuffer.wrap(plan.data, plan.written, plan.data.length - plan.written));
                }
                if (plan.written == plan.data.length && !plan.finished) {
                    manager.finish(plan.streamId);
                    plan.finished = true;
                }
            }
            for (Long id : reading) {
                if (readDone.contains(id)) {
                    continue;
                }
                while (true) {
                    readBuffer.clear();
                    int count = manager.read(id, readBuffer);
                    if (count < 0) {
                        readDone.add(id);
                        break;
                    }
                    if (count == 0) {
                        break;
                    }
                    received.get(id).write(readBuffer.array(), 0, count);
                }
            }
        }

        boolean done() {
            return plans.stream().allMatch(plan -> plan.finished) && readDone.size() == reading.size()
                    && manager.openStreamCount() == 0;
        }
    }

    @Property(tries = 40)
    void manyStreamsBothWaysArriveByteExactUnderLoss(@ForAll @LongRange(min = 0, max = 1L << 40) long seed,
            @ForAll @IntRange(min = 1, max = 8) int streamsPerSide,
            @ForAll @IntRange(min = 0, max = 30) int lossPercent,
            @ForAll @IntRange(min = 40, max = 1200) int packetSize) throws QuicProtocolException {
        Random random = new Random(seed);
        StreamPair pair = new StreamPair(StreamPair.smallLimits(), StreamPair.smallLimits(), seed, lossPercent);
        pair.packetSize = packetSize;
        Application client = new Application(pair.client);
        Application server = new Application(pair.server);
        for (Application app : List.of(client, server)) {
            for (int i = 0; i < streamsPerSide; i++) {
                byte[] data = new byte[random.nextInt(4) == 0 ? 0 : random.nextInt(20_000)];
                random.nextBytes(data);
                StreamDirection direction = random.nextBoolean() ? StreamDirection.BIDIRECTIONAL : StreamDirection.UNIDIRECTIONAL;
                app.plans.add(new Plan(direction, data));
            }
        }
        int rounds = 0;
        while (!(client.done() && server.done())) {
            assertTrue(++rounds < MAX_ROUNDS, "no completion after " + MAX_ROUNDS + " rounds");
            client.step();
            server.step();
            if (pair.client.wantsToSend()) {
                pair.clientToServer();
            }
            if (pair.server.wantsToSend()) {
                pair.serverToClient();
            }
        }
        assertDelivered(client, server);
        assertDelivered(server, client);
        assertEquals(streamsPerSide, pair.client.streamsOpenedLocally());
        assertEquals(streamsPerSide, pair.server.streamsOpenedByPeer());
    }

    private static void assertDelivered(Application sender, Application receiver) {
        for (Plan plan : sender.plans) {
            ByteArrayOutputStream got = receiver.received.get(plan.streamId);
            assertArrayEquals(plan.data, got.toByteArray(), "stream " + plan.streamId);
            if (plan.direction == StreamDirection.BIDIRECTIONAL) {
                assertEquals(0, sender.received.get(plan.streamId).size());
            }
        }
    }
}
