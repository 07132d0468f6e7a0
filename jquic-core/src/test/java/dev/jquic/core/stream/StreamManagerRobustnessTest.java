package dev.jquic.core.stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.frame.DataBlockedFrame;
import dev.jquic.core.frame.Frame;
import dev.jquic.core.frame.MaxDataFrame;
import dev.jquic.core.frame.MaxStreamDataFrame;
import dev.jquic.core.frame.MaxStreamsFrame;
import dev.jquic.core.frame.ResetStreamFrame;
import dev.jquic.core.frame.StopSendingFrame;
import dev.jquic.core.frame.StreamDataBlockedFrame;
import dev.jquic.core.frame.StreamDirection;
import dev.jquic.core.frame.StreamFrame;
import dev.jquic.core.frame.StreamsBlockedFrame;
import dev.jquic.core.types.EndpointRole;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * A hostile peer: random stream frames (any stream ID kind, offsets near the windows, resets,
 * limits) interleaved with application calls and frame writing. The manager either accepts a
 * frame or throws {@link QuicProtocolException} with one of the RFC 9000 §20 codes the stream rules
 * use; it never throws anything else and keeps writing well-formed frames afterwards.
 */
class StreamManagerRobustnessTest {
    private static final Set<Long> STREAM_ERRORS = Set.of(TransportError.STREAM_STATE_ERROR.code(),
            TransportError.STREAM_LIMIT_ERROR.code(), TransportError.FLOW_CONTROL_ERROR.code(),
            TransportError.FINAL_SIZE_ERROR.code(), TransportError.PROTOCOL_VIOLATION.code());

    @Property(tries = 200)
    void randomPeerFramesOnlyRaiseStreamErrors(@ForAll @LongRange(min = 0, max = 1L << 40) long seed) {
        Random random = new Random(seed);
        StreamManager manager = newManager(random);
        int errors = 0;
        ByteBuffer packet = ByteBuffer.allocate(1500);
        List<Frame> sent = new ArrayList<>();
        long now = 0;
        for (int step = 0; step < 300; step++) {
            try {
                act(manager, random);
                if (random.nextInt(4) == 0) {
                    applyPeerFrame(manager, randomFrame(random));
                }
            } catch (QuicProtocolException e) {
                assertTrue(STREAM_ERRORS.contains(e.errorCode()), e.toString());
                errors++;
                manager = newManager(random); // the connection would close; start another
            }
            packet.clear();
            sent.clear();
            now += 1_000_000;
            int written = manager.writeFrames(packet, 1 + random.nextInt(1200), sent, now, 10_000_000);
            assertTrue(written == packet.position() && written == sent.stream().mapToInt(Frame::encodedLength).sum());
            for (Frame frame : sent) {
                if (random.nextBoolean()) {
                    manager.onFrameAcked(frame);
                } else {
                    manager.onFrameLost(frame);
                }
            }
            while (manager.pollEvent() != null) {
                // drain
            }
        }
        assertTrue(errors < 150, "most steps should be legal, but " + errors + " errors");
    }

    private static StreamManager newManager(Random random) {
        StreamManager manager = new StreamManager(random.nextBoolean() ? EndpointRole.CLIENT : EndpointRole.SERVER,
                StreamPair.smallLimits());
        manager.onPeerLimits(20_000, 5000, 5000, 5000, 4, 4);
        return manager;
    }

    /** Mostly IDs the peer may use (index below our limit of 3), sometimes any ID. */
    private static long randomStreamId(Random random) {
        return random.nextInt(10) == 0 ? random.nextInt(40) : random.nextInt(12);
    }

    /** Application calls on random known streams; misuse exceptions are the application's and skipped. */
    private static void act(StreamManager manager, Random random) {
        long streamId = randomStreamId(random);
        try {
            switch (random.nextInt(7)) {
                case 0 -> manager.openStream(random.nextBoolean() ? StreamDirection.BIDIRECTIONAL : StreamDirection.UNIDIRECTIONAL);
                case 1 -> manager.write(streamId, ByteBuffer.allocate(random.nextInt(3000)));
                case 2 -> manager.finish(streamId);
                case 3 -> manager.resetStream(streamId, random.nextInt(5));
                case 4 -> manager.stopSending(streamId, random.nextInt(5));
                default -> manager.read(streamId, ByteBuffer.allocate(random.nextInt(3000)));
            }
        } catch (IllegalArgumentException | IllegalStateException misuse) {
            // the application named a stream it may not use this way
        }
    }

    private static Frame randomFrame(Random random) {
        long streamId = randomStreamId(random);
        long offset = random.nextInt(20) == 0 ? random.nextInt(6000) : random.nextInt(200);
        return switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> new StreamFrame(streamId, offset, ByteBuffer.allocate(random.nextInt(1200)), random.nextInt(20) == 0);
            case 4 -> new ResetStreamFrame(streamId, random.nextInt(9), offset);
            case 5 -> new StopSendingFrame(streamId, random.nextInt(9));
            case 6 -> new MaxStreamDataFrame(streamId, random.nextInt(100_000));
            case 7 -> new MaxDataFrame(random.nextInt(100_000));
            case 8 -> new MaxStreamsFrame(random.nextBoolean() ? StreamDirection.BIDIRECTIONAL : StreamDirection.UNIDIRECTIONAL,
                    random.nextInt(10));
            default -> random.nextBoolean() ? new StreamDataBlockedFrame(streamId, offset)
                    : random.nextBoolean() ? new DataBlockedFrame(offset)
                    : new StreamsBlockedFrame(StreamDirection.UNIDIRECTIONAL, random.nextInt(10));
        };
    }

    private static void applyPeerFrame(StreamManager manager, Frame frame) throws QuicProtocolException {
        StreamPair.deliver(manager, frame);
    }
}
