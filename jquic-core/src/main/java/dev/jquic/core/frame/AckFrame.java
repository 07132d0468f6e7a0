package dev.jquic.core.frame;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.VarInt;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * ACK frame (RFC 9000 §19.3): the packet numbers received in the packet's number space, as
 * ranges in descending order, the sender's acknowledgment delay, and (type 0x03) ECN counts.
 *
 * <pre>
 * ACK Frame {
 *   Type (i) = 0x02..0x03,
 *   Largest Acknowledged (i),
 *   ACK Delay (i),
 *   ACK Range Count (i),
 *   First ACK Range (i),
 *   ACK Range (..) ...,        // ACK Range { Gap (i), ACK Range Length (i) }
 *   [ECN Counts (..)],         // ECN Counts { ECT0 Count (i), ECT1 Count (i), ECN-CE Count (i) }
 * }
 * </pre>
 *
 * <p>The ranges are stored compactly as a {@code long[]} of {@code [largest, smallest]} pairs
 * (both inclusive), the highest range first; each range lies strictly below the previous one
 * with at least one unacknowledged packet between (Gap ≥ 0 means {@code largest ≤
 * previousSmallest - 2}). The ACK Delay is kept as encoded on the wire ({@link #encodedAckDelay});
 * {@link #ackDelayMicros(int)} scales it by the peer's ack_delay_exponent.
 *
 * <p>Immutable value with content equality. Not a record only so that the decoder can hand its
 * freshly built range array over without a defensive copy.
 */
public final class AckFrame implements Frame {

    /** RFC 9000 §19.3.2: the cumulative ECN counts of the packet number space. */
    public record EcnCounts(long ect0Count, long ect1Count, long ecnCeCount) {
        public EcnCounts {
            Encoding.requireVarInt(ect0Count, "ect0Count");
            Encoding.requireVarInt(ect1Count, "ect1Count");
            Encoding.requireVarInt(ecnCeCount, "ecnCeCount");
        }

        int encodedLength() {
            return VarInt.encodedLength(ect0Count) + VarInt.encodedLength(ect1Count) + VarInt.encodedLength(ecnCeCount);
        }
    }

    /** Receives one acknowledged range, both bounds inclusive. */
    @FunctionalInterface
    public interface RangeConsumer {
        void accept(long smallest, long largest);
    }

    private final long[] ranges;
    private final long encodedAckDelay;
    private final EcnCounts ecnCounts;

    private AckFrame(long[] ranges, long encodedAckDelay, EcnCounts ecnCounts) {
        this.ranges = ranges;
        this.encodedAckDelay = encodedAckDelay;
        this.ecnCounts = ecnCounts;
    }

    /**
     * An ACK frame over {@code ranges}: {@code [largest0, smallest0, largest1, smallest1, ...]}
     * in descending order (copied).
     *
     * @param encodedAckDelay the ACK Delay field: microseconds divided by 2^ack_delay_exponent
     * @param ecnCounts the ECN counts (type 0x03), or {@code null} for type 0x02
     * @throws IllegalArgumentException if the ranges are empty, unordered, overlapping,
     *     adjacent, negative or above 2^62-1
     */
    public static AckFrame of(long[] ranges, long encodedAckDelay, EcnCounts ecnCounts) {
        Encoding.requireVarInt(encodedAckDelay, "encodedAckDelay");
        if (ranges.length < 2 || ranges.length % 2 != 0) {
            throw new IllegalArgumentException("ranges must hold [largest, smallest] pairs, at least one");
        }
        long[] copy = ranges.clone();
        long previousSmallest = VarInt.MAX_VALUE + 2;
        for (int i = 0; i < copy.length; i += 2) {
            long largest = copy[i];
            long smallest = copy[i + 1];
            if (smallest < 0 || smallest > largest || largest > previousSmallest - 2) {
                throw new IllegalArgumentException("invalid ACK ranges " + Arrays.toString(copy));
            }
            previousSmallest = smallest;
        }
        return new AckFrame(copy, encodedAckDelay, ecnCounts);
    }

    /** An ACK frame acknowledging {@code smallest..largest} only, without ECN counts. */
    public static AckFrame ofRange(long largest, long smallest, long encodedAckDelay) {
        return of(new long[] {largest, smallest}, encodedAckDelay, null);
    }

    static AckFrame decodeFields(WireReader reader, int frameType) throws QuicProtocolException {
        long largest = reader.readVarInt();
        long encodedAckDelay = reader.readVarInt();
        long additionalRanges = reader.readVarInt();
        // No explicit cap is needed: the First ACK Range takes at least one byte and every further
        // range (Gap, ACK Range Length) at least two, so the packet size bounds the count.
        if (additionalRanges > (reader.remaining() - 1) / 2) {
            throw reader.error("ACK range count " + additionalRanges + " exceeds the frame");
        }
        long[] ranges = new long[2 + 2 * (int) additionalRanges];
        long smallest = largest - reader.readVarInt();
        // RFC 9000 §19.3.1: a negative computed packet number MUST be a FRAME_ENCODING_ERROR.
        if (smallest < 0) {
            throw reader.error("ACK first range goes below packet number 0");
        }
        ranges[0] = largest;
        ranges[1] = smallest;
        for (int i = 2; i < ranges.length; i += 2) {
            largest = smallest - reader.readVarInt() - 2;
            // RFC 9000 §19.3.1: a negative computed packet number MUST be a FRAME_ENCODING_ERROR.
            if (largest < 0) {
                throw reader.error("ACK gap goes below packet number 0");
            }
            smallest = largest - reader.readVarInt();
            if (smallest < 0) {
                throw reader.error("ACK range goes below packet number 0");
            }
            ranges[i] = largest;
            ranges[i + 1] = smallest;
        }
        EcnCounts ecnCounts = null;
        if (frameType == FrameTypes.ACK_ECN) {
            ecnCounts = new EcnCounts(reader.readVarInt(), reader.readVarInt(), reader.readVarInt());
        }
        return new AckFrame(ranges, encodedAckDelay, ecnCounts);
    }

    /** The Largest Acknowledged field. */
    public long largestAcknowledged() {
        return ranges[0];
    }

    /** The smallest packet number of the lowest range. */
    public long smallestAcknowledged() {
        return ranges[ranges.length - 1];
    }

    /** The ACK Delay field as sent: microseconds shifted right by the sender's ack_delay_exponent. */
    public long encodedAckDelay() {
        return encodedAckDelay;
    }

    /**
     * RFC 9000 §19.3: the ACK Delay in microseconds, i.e. the field times 2^{@code ackDelayExponent}
     * (saturating at {@link Long#MAX_VALUE}).
     */
    public long ackDelayMicros(int ackDelayExponent) {
        if (ackDelayExponent < 0 || ackDelayExponent > 62) {
            throw new IllegalArgumentException("ack delay exponent out of range: " + ackDelayExponent);
        }
        if (encodedAckDelay > (Long.MAX_VALUE >>> ackDelayExponent)) {
            return Long.MAX_VALUE;
        }
        return encodedAckDelay << ackDelayExponent;
    }

    /** The ECN counts (type 0x03), or {@code null} (type 0x02). */
    public EcnCounts ecnCounts() {
        return ecnCounts;
    }

    public boolean hasEcnCounts() {
        return ecnCounts != null;
    }

    /** Number of acknowledged ranges (ACK Range Count + 1). */
    public int rangeCount() {
        return ranges.length / 2;
    }

    /** Largest packet number of range {@code index} (0 is the highest range). */
    public long rangeLargest(int index) {
        return ranges[2 * index];
    }

    /** Smallest packet number of range {@code index} (0 is the highest range). */
    public long rangeSmallest(int index) {
        return ranges[2 * index + 1];
    }

    /** A copy of the ranges as {@code [largest, smallest]} pairs in descending order. */
    public long[] ranges() {
        return ranges.clone();
    }

    /** Calls {@code consumer} for every range, highest first. */
    public void forEachRange(RangeConsumer consumer) {
        for (int i = 0; i < ranges.length; i += 2) {
            consumer.accept(ranges[i + 1], ranges[i]);
        }
    }

    /** Whether {@code packetNumber} lies in one of the ranges. */
    public boolean acknowledges(long packetNumber) {
        for (int i = 0; i < ranges.length; i += 2) {
            if (packetNumber > ranges[i]) {
                return false;
            }
            if (packetNumber >= ranges[i + 1]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public long frameType() {
        return ecnCounts == null ? FrameTypes.ACK : FrameTypes.ACK_ECN;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) frameType());
        VarInt.write(out, ranges[0]);
        VarInt.write(out, encodedAckDelay);
        VarInt.write(out, rangeCount() - 1);
        VarInt.write(out, ranges[0] - ranges[1]);
        for (int i = 2; i < ranges.length; i += 2) {
            VarInt.write(out, ranges[i - 1] - ranges[i] - 2);
            VarInt.write(out, ranges[i] - ranges[i + 1]);
        }
        if (ecnCounts != null) {
            VarInt.write(out, ecnCounts.ect0Count());
            VarInt.write(out, ecnCounts.ect1Count());
            VarInt.write(out, ecnCounts.ecnCeCount());
        }
    }

    @Override
    public int encodedLength() {
        int length = 1 + VarInt.encodedLength(ranges[0]) + VarInt.encodedLength(encodedAckDelay)
                + VarInt.encodedLength(rangeCount() - 1) + VarInt.encodedLength(ranges[0] - ranges[1]);
        for (int i = 2; i < ranges.length; i += 2) {
            length += VarInt.encodedLength(ranges[i - 1] - ranges[i] - 2)
                    + VarInt.encodedLength(ranges[i] - ranges[i + 1]);
        }
        return ecnCounts == null ? length : length + ecnCounts.encodedLength();
    }

    /** RFC 9002 §2: ACK is not ack-eliciting. */
    @Override
    public boolean ackEliciting() {
        return false;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AckFrame that
                && encodedAckDelay == that.encodedAckDelay
                && Arrays.equals(ranges, that.ranges)
                && Objects.equals(ecnCounts, that.ecnCounts);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(ranges) * 31 + Long.hashCode(encodedAckDelay)) * 31 + Objects.hashCode(ecnCounts);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("AckFrame[ranges=");
        for (int i = 0; i < ranges.length; i += 2) {
            text.append(i == 0 ? "" : ",").append(ranges[i + 1]).append("..").append(ranges[i]);
        }
        text.append(", encodedAckDelay=").append(encodedAckDelay);
        if (ecnCounts != null) {
            text.append(", ").append(ecnCounts);
        }
        return text.append(']').toString();
    }
}
