package dev.jquic.core.frame;

import dev.jquic.core.codec.VarInt;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.StatelessResetToken;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators of valid frames, one per record, covering every varint length. */
final class FrameArbitraries {

    private FrameArbitraries() {
    }

    /** Values spread over the four varint encodings (1, 2, 4, 8 bytes), edges included. */
    static Arbitrary<Long> varInts() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, 63),
                Arbitraries.longs().between(64, 16_383),
                Arbitraries.longs().between(16_384, 1_073_741_823),
                Arbitraries.longs().between(1_073_741_824L, VarInt.MAX_VALUE));
    }

    static Arbitrary<byte[]> bytes(int minSize, int maxSize) {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(minSize).ofMaxSize(maxSize);
    }

    /** Payload views, sometimes with a non-zero position inside a larger array. */
    static Arbitrary<ByteBuffer> payloads() {
        return Combinators.combine(bytes(0, 80), Arbitraries.integers().between(0, 3))
                .as((data, skip) -> {
                    byte[] backing = new byte[skip + data.length + skip];
                    System.arraycopy(data, 0, backing, skip, data.length);
                    return ByteBuffer.wrap(backing, skip, data.length);
                });
    }

    static Arbitrary<PaddingFrame> padding() {
        return Arbitraries.integers().between(1, 1500).map(PaddingFrame::new);
    }

    static Arbitrary<PingFrame> ping() {
        return Arbitraries.just(PingFrame.INSTANCE);
    }

    /** Ranges built from the lowest upwards, so they are always ordered and separated by a gap. */
    static Arbitrary<AckFrame> ack() {
        Arbitrary<long[]> lengthAndGapPairs = Arbitraries.oneOf(
                        Arbitraries.longs().between(0, 63),
                        Arbitraries.longs().between(0, 1L << 20))
                .list().ofMinSize(2).ofMaxSize(40)
                .map(FrameArbitraries::evenLongs);
        Arbitrary<Long> lowest = Arbitraries.oneOf(Arbitraries.longs().between(0, 100),
                Arbitraries.longs().between(0, 1L << 61));
        Arbitrary<AckFrame.EcnCounts> ecn = Combinators.combine(varInts(), varInts(), varInts())
                .as(AckFrame.EcnCounts::new).injectNull(0.5);
        return Combinators.combine(lowest, lengthAndGapPairs, varInts(), ecn).as((start, pairs, delay, ecnCounts) -> {
            long[] ranges = new long[pairs.length];
            long smallest = start;
            // pairs: [length0, gap0, length1, gap1, ...] from the lowest range up.
            for (int i = 0; i < pairs.length; i += 2) {
                long largest = smallest + pairs[i];
                ranges[pairs.length - 2 - i] = largest;
                ranges[pairs.length - 1 - i] = smallest;
                smallest = largest + pairs[i + 1] + 2;
            }
            return AckFrame.of(ranges, delay, ecnCounts);
        });
    }

    private static long[] evenLongs(List<Long> values) {
        long[] result = new long[values.size() & ~1];
        for (int i = 0; i < result.length; i++) {
            result[i] = values.get(i);
        }
        return result;
    }

    static Arbitrary<ResetStreamFrame> resetStream() {
        return Combinators.combine(varInts(), varInts(), varInts()).as(ResetStreamFrame::new);
    }

    static Arbitrary<StopSendingFrame> stopSending() {
        return Combinators.combine(varInts(), varInts()).as(StopSendingFrame::new);
    }

    static Arbitrary<CryptoFrame> crypto() {
        return Combinators.combine(varInts(), payloads())
                .as((offset, data) -> new CryptoFrame(Math.min(offset, VarInt.MAX_VALUE - data.remaining()), data));
    }

    static Arbitrary<NewTokenFrame> newToken() {
        return bytes(1, 100).map(NewTokenFrame::new);
    }

    static Arbitrary<StreamFrame> stream() {
        Arbitrary<Long> offsets = Arbitraries.oneOf(Arbitraries.just(0L), varInts());
        return Combinators.combine(varInts(), offsets, payloads(), Arbitraries.of(true, false))
                .as((id, offset, data, fin) ->
                        new StreamFrame(id, Math.min(offset, VarInt.MAX_VALUE - data.remaining()), data, fin));
    }

    static Arbitrary<MaxDataFrame> maxData() {
        return varInts().map(MaxDataFrame::new);
    }

    static Arbitrary<MaxStreamDataFrame> maxStreamData() {
        return Combinators.combine(varInts(), varInts()).as(MaxStreamDataFrame::new);
    }

    static Arbitrary<Long> streamCounts() {
        return varInts().map(value -> Math.min(value, 1L << 60));
    }

    static Arbitrary<MaxStreamsFrame> maxStreams() {
        return Combinators.combine(Arbitraries.of(StreamDirection.class), streamCounts()).as(MaxStreamsFrame::new);
    }

    static Arbitrary<DataBlockedFrame> dataBlocked() {
        return varInts().map(DataBlockedFrame::new);
    }

    static Arbitrary<StreamDataBlockedFrame> streamDataBlocked() {
        return Combinators.combine(varInts(), varInts()).as(StreamDataBlockedFrame::new);
    }

    static Arbitrary<StreamsBlockedFrame> streamsBlocked() {
        return Combinators.combine(Arbitraries.of(StreamDirection.class), streamCounts()).as(StreamsBlockedFrame::new);
    }

    static Arbitrary<NewConnectionIdFrame> newConnectionId() {
        return Combinators.combine(varInts(), varInts(), bytes(1, 20), bytes(16, 16))
                .as((sequence, retire, id, token) ->
                        new NewConnectionIdFrame(sequence, retire % (sequence + 1), ConnectionId.of(id),
                                StatelessResetToken.of(token)));
    }

    static Arbitrary<RetireConnectionIdFrame> retireConnectionId() {
        return varInts().map(RetireConnectionIdFrame::new);
    }

    static Arbitrary<PathChallengeFrame> pathChallenge() {
        return Arbitraries.longs().map(PathChallengeFrame::new);
    }

    static Arbitrary<PathResponseFrame> pathResponse() {
        return Arbitraries.longs().map(PathResponseFrame::new);
    }

    /** Reason phrases are arbitrary bytes, invalid UTF-8 included. */
    static Arbitrary<ConnectionCloseFrame> connectionClose() {
        return Combinators.combine(Arbitraries.of(ConnectionCloseFrame.Kind.class), varInts(), varInts(), bytes(0, 60))
                .as((kind, code, frameType, reason) -> new ConnectionCloseFrame(kind, code,
                        kind == ConnectionCloseFrame.Kind.TRANSPORT ? frameType : 0, reason));
    }

    static Arbitrary<HandshakeDoneFrame> handshakeDone() {
        return Arbitraries.just(HandshakeDoneFrame.INSTANCE);
    }

    static Arbitrary<DatagramFrame> datagram() {
        return payloads().map(DatagramFrame::new);
    }

    /** Any frame. */
    static Arbitrary<Frame> frames() {
        return Arbitraries.oneOf(List.of(padding(), ping(), ack(), resetStream(), stopSending(), crypto(), newToken(),
                stream(), maxData(), maxStreamData(), maxStreams(), dataBlocked(), streamDataBlocked(),
                streamsBlocked(), newConnectionId(), retireConnectionId(), pathChallenge(), pathResponse(),
                connectionClose(), handshakeDone(), datagram()));
    }
}
