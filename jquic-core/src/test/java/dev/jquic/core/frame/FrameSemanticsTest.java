package dev.jquic.core.frame;

import static dev.jquic.core.frame.FrameTesting.bytes;
import static dev.jquic.core.frame.FrameTesting.encode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.StatelessResetToken;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Frame properties other than the wire format: RFC 9002 §2 classes, value semantics, helpers. */
class FrameSemanticsTest {

    private static final StatelessResetToken TOKEN = StatelessResetToken.of(new byte[16]);

    /** RFC 9002 §2: ack-eliciting = all but ACK, PADDING, CONNECTION_CLOSE; in flight = ack-eliciting or PADDING. */
    static Stream<Arguments> ackElicitingByFrame() {
        ByteBuffer empty = ByteBuffer.allocate(0);
        return Stream.of(
                Arguments.of(new PaddingFrame(1), false, true, true),
                Arguments.of(PingFrame.INSTANCE, true, true, false),
                Arguments.of(AckFrame.ofRange(1, 0, 0), false, false, false),
                Arguments.of(AckFrame.of(new long[] {1, 0}, 0, new AckFrame.EcnCounts(0, 0, 0)), false, false, false),
                Arguments.of(new ResetStreamFrame(0, 0, 0), true, true, false),
                Arguments.of(new StopSendingFrame(0, 0), true, true, false),
                Arguments.of(new CryptoFrame(0, empty), true, true, false),
                Arguments.of(new NewTokenFrame(new byte[] {1}), true, true, false),
                Arguments.of(new StreamFrame(0, 0, empty, true), true, true, false),
                Arguments.of(new MaxDataFrame(0), true, true, false),
                Arguments.of(new MaxStreamDataFrame(0, 0), true, true, false),
                Arguments.of(new MaxStreamsFrame(StreamDirection.BIDIRECTIONAL, 0), true, true, false),
                Arguments.of(new DataBlockedFrame(0), true, true, false),
                Arguments.of(new StreamDataBlockedFrame(0, 0), true, true, false),
                Arguments.of(new StreamsBlockedFrame(StreamDirection.UNIDIRECTIONAL, 0), true, true, false),
                Arguments.of(new NewConnectionIdFrame(0, 0, ConnectionId.ofHex("01"), TOKEN), true, true, true),
                Arguments.of(new RetireConnectionIdFrame(0), true, true, false),
                Arguments.of(new PathChallengeFrame(0), true, true, true),
                Arguments.of(new PathResponseFrame(0), true, true, true),
                Arguments.of(ConnectionCloseFrame.transport(0, 0, ""), false, false, false),
                Arguments.of(ConnectionCloseFrame.application(0, ""), false, false, false),
                Arguments.of(HandshakeDoneFrame.INSTANCE, true, true, false),
                Arguments.of(new DatagramFrame(empty), true, true, false));
    }

    @ParameterizedTest(name = "{0}: ackEliciting={1} inFlight={2} probing={3}")
    @MethodSource("ackElicitingByFrame")
    void classifiesPerRfc9002Section2(Frame frame, boolean ackEliciting, boolean inFlight, boolean probing) {
        assertEquals(ackEliciting, frame.ackEliciting());
        assertEquals(inFlight, frame.inFlight());
        // RFC 9000 §9.1: PATH_CHALLENGE, PATH_RESPONSE, NEW_CONNECTION_ID and PADDING probe.
        assertEquals(probing, frame.probing());
    }

    @Test
    void ackRangesAreIteratedHighestFirst() {
        AckFrame ack = AckFrame.of(new long[] {100, 95, 90, 90, 10, 0}, 25, null);
        List<String> ranges = new ArrayList<>();
        ack.forEachRange((smallest, largest) -> ranges.add(smallest + ".." + largest));
        assertEquals(List.of("95..100", "90..90", "0..10"), ranges);
        assertEquals(3, ack.rangeCount());
        assertEquals(100, ack.largestAcknowledged());
        assertEquals(0, ack.smallestAcknowledged());
        assertEquals(90, ack.rangeLargest(1));
        assertEquals(90, ack.rangeSmallest(1));
        assertTrue(ack.acknowledges(97));
        assertTrue(ack.acknowledges(90));
        assertTrue(ack.acknowledges(0));
        assertFalse(ack.acknowledges(91));
        assertFalse(ack.acknowledges(89));
        assertFalse(ack.acknowledges(101));
        assertFalse(ack.hasEcnCounts());
    }

    @Test
    void ackDelayIsScaledByTheExponent() {
        AckFrame ack = AckFrame.ofRange(0, 0, 25);
        assertEquals(25, ack.encodedAckDelay());
        // RFC 9000 §18.2: the default ack_delay_exponent is 3.
        assertEquals(200, ack.ackDelayMicros(3));
        assertEquals(25, ack.ackDelayMicros(0));
        assertEquals(Long.MAX_VALUE, AckFrame.ofRange(0, 0, (1L << 62) - 1).ackDelayMicros(20));
    }

    @Test
    void ackFrameHasContentEqualityAndCopiesItsRanges() {
        long[] ranges = {9, 7, 3, 1};
        AckFrame ack = AckFrame.of(ranges, 1, null);
        ranges[0] = 50;
        assertEquals(AckFrame.of(new long[] {9, 7, 3, 1}, 1, null), ack);
        assertEquals(AckFrame.of(new long[] {9, 7, 3, 1}, 1, null).hashCode(), ack.hashCode());
        assertNotEquals(AckFrame.of(new long[] {9, 7, 3, 1}, 2, null), ack);
        assertNotEquals(AckFrame.of(new long[] {9, 7, 3, 1}, 1, new AckFrame.EcnCounts(0, 0, 0)), ack);
        long[] copy = ack.ranges();
        copy[0] = 77;
        assertEquals(9, ack.largestAcknowledged());
        assertEquals("AckFrame[ranges=7..9,1..3, encodedAckDelay=1]", ack.toString());
    }

    @Test
    void ackFrameRejectsInvalidRanges() {
        assertThrows(IllegalArgumentException.class, () -> AckFrame.of(new long[0], 0, null));
        assertThrows(IllegalArgumentException.class, () -> AckFrame.of(new long[] {5}, 0, null));
        assertThrows(IllegalArgumentException.class, () -> AckFrame.of(new long[] {5, 6}, 0, null));
        assertThrows(IllegalArgumentException.class, () -> AckFrame.of(new long[] {5, -1}, 0, null));
        // Adjacent ranges (gap of zero packets) must be merged by the caller.
        assertThrows(IllegalArgumentException.class, () -> AckFrame.of(new long[] {9, 5, 4, 0}, 0, null));
        assertThrows(IllegalArgumentException.class, () -> AckFrame.of(new long[] {9, 5, 7, 6}, 0, null));
        assertThrows(IllegalArgumentException.class, () -> AckFrame.of(new long[] {1L << 62, 0}, 0, null));
        assertThrows(IllegalArgumentException.class, () -> AckFrame.ofRange(1, 0, -1));
    }

    @Test
    void encoderArgumentsAreValidated() {
        ByteBuffer one = ByteBuffer.allocate(1);
        assertThrows(IllegalArgumentException.class, () -> new PaddingFrame(0));
        assertThrows(IllegalArgumentException.class, () -> new StreamFrame(-1, 0, one, false));
        assertThrows(IllegalArgumentException.class, () -> new StreamFrame(0, (1L << 62) - 1, one, false));
        assertThrows(IllegalArgumentException.class, () -> new CryptoFrame((1L << 62) - 1, one));
        assertThrows(IllegalArgumentException.class, () -> new MaxStreamsFrame(StreamDirection.BIDIRECTIONAL, (1L << 60) + 1));
        assertThrows(IllegalArgumentException.class, () -> new StreamsBlockedFrame(StreamDirection.UNIDIRECTIONAL, -1));
        assertThrows(IllegalArgumentException.class, () -> new NewTokenFrame(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new NewConnectionIdFrame(1, 2, ConnectionId.ofHex("01"), TOKEN));
        assertThrows(IllegalArgumentException.class, () -> new NewConnectionIdFrame(1, 0, ConnectionId.EMPTY, TOKEN));
        assertThrows(NullPointerException.class, () -> new NewConnectionIdFrame(1, 0, ConnectionId.ofHex("01"), null));
        assertThrows(IllegalArgumentException.class,
                () -> new ConnectionCloseFrame(ConnectionCloseFrame.Kind.APPLICATION, 0, 6, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new MaxDataFrame(1L << 62));
    }

    @Test
    void arrayComponentsAreCopiedAndComparedByContent() {
        byte[] token = {1, 2, 3};
        NewTokenFrame frame = new NewTokenFrame(token);
        token[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, frame.token());
        frame.token()[1] = 9;
        assertEquals(new NewTokenFrame(new byte[] {1, 2, 3}), frame);
        assertEquals(new NewTokenFrame(new byte[] {1, 2, 3}).hashCode(), frame.hashCode());

        NewConnectionIdFrame newId = new NewConnectionIdFrame(3, 1, ConnectionId.ofHex("aabb"),
                StatelessResetToken.ofHex("000102030405060708090a0b0c0d0e0f"));
        assertEquals(new NewConnectionIdFrame(3, 1, ConnectionId.ofHex("aabb"),
                StatelessResetToken.of(bytes("000102030405060708090a0b0c0d0e0f"))), newId);

        assertEquals(ConnectionCloseFrame.transport(1, 2, "x"), ConnectionCloseFrame.transport(1, 2, "x"));
        assertEquals(ConnectionCloseFrame.transport(1, 2, "x").hashCode(), ConnectionCloseFrame.transport(1, 2, "x").hashCode());
        assertNotEquals(ConnectionCloseFrame.transport(1, 2, "x"), ConnectionCloseFrame.transport(1, 2, "y"));
        assertEquals("h\u00e9", ConnectionCloseFrame.application(1, "h\u00e9").reasonText());
    }

    @Test
    void encodingLeavesThePayloadPositionAlone() {
        ByteBuffer data = ByteBuffer.wrap(bytes("00112233"));
        data.position(1);
        StreamFrame stream = new StreamFrame(4, 0, data, false);
        assertEquals("0a0403112233", FrameTesting.HEX.formatHex(encode(stream)));
        assertEquals("0804112233", FrameTesting.HEX.formatHex(FrameTesting.encodeWithoutLength(stream)));
        assertEquals(1, data.position());
        assertEquals(3, stream.length());
        assertEquals(3, stream.endOffset());
    }

    @Test
    void streamOverheadMatchesTheEncoding() {
        StreamFrame frame = new StreamFrame(1000, 70000, ByteBuffer.allocate(300), true);
        assertEquals(frame.encodedLength(), StreamFrame.overhead(1000, 70000, 300) + 300);
        CryptoFrame crypto = new CryptoFrame(70000, ByteBuffer.allocate(300));
        assertEquals(crypto.encodedLength(), CryptoFrame.overhead(70000, 300) + 300);
    }

    @Test
    void frameTypeNames() {
        assertEquals("STREAM", FrameTypes.name(0x0b));
        assertEquals("ACK", FrameTypes.name(0x03));
        assertEquals("DATAGRAM", FrameTypes.name(0x30));
        assertEquals("UNKNOWN(0x1f)", FrameTypes.name(0x1f));
        assertEquals("UNKNOWN(0x4000000000)", FrameTypes.name(0x40_0000_0000L));
    }
}
