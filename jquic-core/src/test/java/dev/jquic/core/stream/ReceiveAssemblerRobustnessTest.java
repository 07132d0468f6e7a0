package dev.jquic.core.stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.codec.VarInt;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever STREAM and RESET_STREAM values a peer sends, the assembler and the stream-ID rules
 * raise only QuicProtocolException with a stream-related code, never an unchecked exception.
 */
class ReceiveAssemblerRobustnessTest {
    private static final Set<Long> ALLOWED = Set.of(
            TransportError.FINAL_SIZE_ERROR.code(),
            TransportError.FLOW_CONTROL_ERROR.code(),
            TransportError.PROTOCOL_VIOLATION.code());

    record PeerFrame(int kind, long offset, int length, boolean fin) {
    }

    @Provide
    Arbitrary<List<PeerFrame>> peerFrames() {
        Arbitrary<Long> offsets = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 5000),
                Arbitraries.longs().between(0, VarInt.MAX_VALUE - 2000));
        Arbitrary<PeerFrame> frame = Combinators.combine(
                Arbitraries.integers().between(0, 9),
                offsets,
                Arbitraries.integers().between(0, 1500),
                Arbitraries.of(true, false)).as(PeerFrame::new);
        return frame.list().ofMaxSize(40);
    }

    @Property(tries = 500)
    void arbitraryPeerFramesRaiseOnlyProtocolErrors(@ForAll("peerFrames") List<PeerFrame> frames) {
        ReceiveAssembler assembler = new ReceiveAssembler(new ReceiveWindow(4096, 1 << 20), 8, 256);
        ByteBuffer destination = ByteBuffer.allocate(700);
        for (PeerFrame frame : frames) {
            try {
                switch (frame.kind()) {
                    case 0 -> assembler.reset(frame.offset());
                    case 1 -> assembler.discard();
                    default -> assembler.receive(frame.offset(), ByteBuffer.allocate(frame.length()), frame.fin());
                }
            } catch (QuicProtocolException e) {
                assertTrue(ALLOWED.contains(e.errorCode()), e.toString());
                return; // the connection closes
            }
            destination.clear();
            assembler.read(destination);
            assertTrue(assembler.allocatedPages() <= 4096 / 256 + 1, "memory beyond the window");
        }
    }

    @Property(tries = 300)
    void arbitraryStreamIdsRaiseOnlyStreamErrors(@ForAll("streamIds") List<Long> streamIds,
            @ForAll IncomingStreamFrame frame) {
        StreamIdRules rules = new StreamIdRules(dev.jquic.core.types.EndpointRole.SERVER, 4, 4, 100, 100);
        rules.local(dev.jquic.core.frame.StreamDirection.BIDIRECTIONAL).open();
        for (long streamId : streamIds) {
            try {
                rules.checkIncoming(streamId, frame);
            } catch (QuicProtocolException e) {
                assertTrue(e.errorCode() == TransportError.STREAM_STATE_ERROR.code()
                        || e.errorCode() == TransportError.STREAM_LIMIT_ERROR.code(), e.toString());
            }
        }
    }

    @Provide
    Arbitrary<List<Long>> streamIds() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 1000), Arbitraries.longs().between(0, VarInt.MAX_VALUE))
                .list().ofMaxSize(30);
    }
}
