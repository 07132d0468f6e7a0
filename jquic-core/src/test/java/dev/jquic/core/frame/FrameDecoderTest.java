package dev.jquic.core.frame;

import static dev.jquic.core.frame.FrameTesting.assertDecodeError;
import static dev.jquic.core.frame.FrameTesting.bytes;
import static dev.jquic.core.frame.FrameTesting.decodeOne;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.types.PacketType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rejection rules of RFC 9000 §12.4 and §19 enforced by {@link FrameDecoder}. */
class FrameDecoderTest {

    /** RFC 9000 §12.4: unknown frame types are FRAME_ENCODING_ERROR. */
    @ParameterizedTest
    @ValueSource(strings = {"1f", "20", "2f", "32", "3f", "4040", "7fff", "80004000", "c000000040000000"})
    void unknownFrameTypesAreFrameEncodingErrors(String hex) {
        assertDecodeError(TransportError.FRAME_ENCODING_ERROR, hex + "00000000");
    }

    /** RFC 9000 §12.4: frame types must use the shortest encoding (PROTOCOL_VIOLATION here). */
    @ParameterizedTest
    @ValueSource(strings = {"4001", "4000", "4008", "4030", "401e", "80000001", "80000040", "80003fff",
        "c000000000000001", "c00000003fffffff"})
    void nonMinimalFrameTypesAreProtocolViolations(String hex) {
        assertDecodeError(TransportError.PROTOCOL_VIOLATION, hex + "00000000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"40", "8000", "c0000000000000"})
    void truncatedMultiByteFrameTypesAreFrameEncodingErrors(String hex) {
        assertDecodeError(TransportError.FRAME_ENCODING_ERROR, hex);
    }

    /** Length fields that announce more bytes than the packet holds. */
    @ParameterizedTest
    @ValueSource(strings = {
        "060004010203", // CRYPTO length 4, 3 bytes
        "0a04036869", // STREAM stream 4, length 3, 2 bytes
        "07050102", // NEW_TOKEN length 5, 2 bytes
        "1c00000401", // CONNECTION_CLOSE reason length 4, 1 byte
        "1d0002ff", // application CONNECTION_CLOSE reason length 2, 1 byte
        "3103abcd", // DATAGRAM length 3, 2 bytes
        "18000008aabb", // NEW_CONNECTION_ID CID length 8, 2 bytes
        "0a04c0000000000000ff6869", // STREAM length 2^56-ish
        "0600bfffffff", // CRYPTO length 2^30-1
    })
    void overLongLengthsAreFrameEncodingErrors(String hex) {
        assertDecodeError(TransportError.FRAME_ENCODING_ERROR, hex);
    }

    /** An ACK Range Count beyond what the remaining bytes can hold is rejected before any allocation. */
    @Test
    void ackRangeCountBeyondThePacketIsAFrameEncodingError() {
        assertDecodeError(TransportError.FRAME_ENCODING_ERROR, "020500bfffffff00");
        assertDecodeError(TransportError.FRAME_ENCODING_ERROR, "0205000100"); // one range announced, none present
        // Two more ranges announced, one present.
        assertDecodeError(TransportError.FRAME_ENCODING_ERROR, "0205000200000000");
    }

    /** RFC 9000 §19.3.1: any computed packet number below 0 is a FRAME_ENCODING_ERROR. */
    @Test
    void ackRangesBelowZeroAreFrameEncodingErrors() {
        // First ACK Range 6 below largest 5.
        assertDecodeError(TransportError.FRAME_ENCODING_ERROR, "0205000006");
        // Range 5..5, gap 4: next largest = 5 - 4 - 2 = -1.
        assertDecodeError(TransportError.FRAME_ENCODING_ERROR, "020500010004" + "00");
        // Range 5..5, gap 0 -> largest 3, length 4 -> smallest -1.
        assertDecodeError(TransportError.FRAME_ENCODING_ERROR, "020500010000" + "04");
    }

    @Test
    void ackRangesReachingExactlyZeroAreAccepted() throws QuicProtocolException {
        // Range 5..5, gap 0 -> largest 3, length 3 -> smallest 0.
        AckFrame ack = (AckFrame) decodeOne(bytes("02050001000003"), PacketType.INITIAL);
        assertEquals(AckFrame.of(new long[] {5, 5, 3, 0}, 0, null), ack);
    }

    /** RFC 9000 §19.11 and §19.14: stream counts above 2^60 are FRAME_ENCODING_ERROR. */
    @ParameterizedTest
    @ValueSource(strings = {"12", "13", "16", "17"})
    void streamCountsAbove2To60AreFrameEncodingErrors(String type) throws QuicProtocolException {
        assertDecodeError(TransportError.FRAME_ENCODING_ERROR, type + "d000000000000001");
        assertDecodeError(TransportError.FRAME_ENCODING_ERROR, type + "ffffffffffffffff");
        decodeOne(bytes(type + "d000000000000000"), PacketType.ONE_RTT);
    }

    /** RFC 9000 §19.15: connection ID length 0 or above 20, or retirePriorTo above sequence. */
    @Test
    void invalidNewConnectionIdFramesAreFrameEncodingErrors() {
        String token = "00112233445566778899aabbccddeeff";
        assertDecodeError(TransportError.FRAME_ENCODING_ERROR, "180000" + "00" + token);
        assertDecodeError(TransportError.FRAME_ENCODING_ERROR, "180000" + "15" + "00".repeat(21) + token);
        assertDecodeError(TransportError.FRAME_ENCODING_ERROR, "180102" + "01" + "aa" + token);
    }

    @Test
    void newConnectionIdWithTwentyByteIdAndEqualRetirePriorToIsAccepted() throws QuicProtocolException {
        String token = "00112233445566778899aabbccddeeff";
        NewConnectionIdFrame frame = (NewConnectionIdFrame) decodeOne(bytes("180707" + "14" + "ab".repeat(20) + token),
                PacketType.ONE_RTT);
        assertEquals(20, frame.connectionId().length());
        assertEquals(7, frame.retirePriorTo());
    }

    /** RFC 9000 §19.7: an empty token is a FRAME_ENCODING_ERROR. */
    @Test
    void emptyNewTokenIsAFrameEncodingError() {
        assertDecodeError(TransportError.FRAME_ENCODING_ERROR, "0700");
    }

    /** RFC 9000 §19.8 and §19.6: offset + length above 2^62-1 is a FRAME_ENCODING_ERROR. */
    @Test
    void dataBeyond2To62Minus1IsAFrameEncodingError() throws QuicProtocolException {
        String maxOffset = "ffffffffffffffff"; // 2^62-1
        assertDecodeError(TransportError.FRAME_ENCODING_ERROR, "0e00" + maxOffset + "01aa");
        assertDecodeError(TransportError.FRAME_ENCODING_ERROR, "0c00" + maxOffset + "aa");
        assertDecodeError(TransportError.FRAME_ENCODING_ERROR, "06" + maxOffset + "01aa");
        // Exactly at the limit with no data is fine.
        StreamFrame stream = (StreamFrame) decodeOne(bytes("0f00" + maxOffset + "00"), PacketType.ONE_RTT);
        assertEquals((1L << 62) - 1, stream.endOffset());
        assertTrue(stream.fin());
        decodeOne(bytes("06" + maxOffset + "00"), PacketType.ONE_RTT);
    }

    /** RFC 9000 §12.4: a packet without frames is a PROTOCOL_VIOLATION. */
    @Test
    void emptyPayloadIsAProtocolViolation() {
        QuicProtocolException error = assertThrows(QuicProtocolException.class,
                () -> FrameDecoder.decodeAll(ByteBuffer.allocate(0), PacketType.ONE_RTT));
        assertEquals(TransportError.PROTOCOL_VIOLATION.code(), error.errorCode());
    }

    @Test
    void decodesAllFramesOfAPayloadInOrder() throws QuicProtocolException {
        // PING, ACK 0..0, STREAM without Length to the end.
        List<Frame> frames = FrameDecoder.decodeAll(ByteBuffer.wrap(bytes("01" + "0200000000" + "0804" + "6869")),
                PacketType.ONE_RTT);
        assertEquals(List.of(PingFrame.INSTANCE, AckFrame.ofRange(0, 0, 0),
                new StreamFrame(4, 0, ByteBuffer.wrap(bytes("6869")), false)), frames);
    }

    @Test
    void paddingBetweenFramesIsOneFrame() throws QuicProtocolException {
        List<Frame> frames = FrameDecoder.decodeAll(ByteBuffer.wrap(bytes("010000000001")), PacketType.INITIAL);
        assertEquals(List.of(PingFrame.INSTANCE, new PaddingFrame(4), PingFrame.INSTANCE), frames);
    }

    @Test
    void consumerSeesFramesAsTheyAreReadAndMayAbort() {
        List<Frame> seen = new ArrayList<>();
        QuicProtocolException error = assertThrows(QuicProtocolException.class,
                () -> FrameDecoder.decodeAll(FrameTesting.reader(bytes("01011f")), PacketType.ONE_RTT, seen::add));
        assertEquals(TransportError.FRAME_ENCODING_ERROR.code(), error.errorCode());
        assertEquals(List.of(PingFrame.INSTANCE, PingFrame.INSTANCE), seen);

        QuicProtocolException aborted = assertThrows(QuicProtocolException.class,
                () -> FrameDecoder.decodeAll(FrameTesting.reader(bytes("0101")), PacketType.ONE_RTT, frame -> {
                    throw new QuicProtocolException(TransportError.STREAM_STATE_ERROR, "test");
                }));
        assertEquals(TransportError.STREAM_STATE_ERROR.code(), aborted.errorCode());
    }

    @Test
    void decodeAllReturnsTheFrameCount() throws QuicProtocolException {
        assertEquals(3, FrameDecoder.decodeAll(FrameTesting.reader(bytes("01011e")), PacketType.ONE_RTT, frame -> { }));
    }

    /** STREAM, CRYPTO and DATAGRAM payloads are views of the packet buffer, not copies. */
    @Test
    void payloadsAreViewsOfThePacketBuffer() throws QuicProtocolException {
        byte[] packet = bytes("0a0402686906000201023102abcd");
        List<Frame> frames = FrameDecoder.decodeAll(ByteBuffer.wrap(packet), PacketType.ONE_RTT);
        StreamFrame stream = (StreamFrame) frames.get(0);
        CryptoFrame crypto = (CryptoFrame) frames.get(1);
        DatagramFrame datagram = (DatagramFrame) frames.get(2);
        assertSame(packet, stream.data().array());
        assertSame(packet, crypto.data().array());
        assertSame(packet, datagram.data().array());
        packet[3] = 'H';
        assertEquals('H', stream.data().get(stream.data().position()));
        assertEquals(2, stream.length());
        assertEquals(2, crypto.length());
        assertEquals(2, datagram.length());
    }

    @Test
    void connectionCloseWithInvalidUtf8ReasonDecodesWithoutThrowing() throws QuicProtocolException {
        ConnectionCloseFrame close = (ConnectionCloseFrame) decodeOne(bytes("1c0a0003ff61fe"), PacketType.INITIAL);
        assertEquals("\uFFFDa\uFFFD", close.reasonText());
        assertEquals("ff61fe", FrameTesting.HEX.formatHex(close.reasonPhrase()));
        assertEquals(ConnectionCloseFrame.Kind.TRANSPORT, close.kind());
    }
}
