package dev.jquic.core.frame;

import static dev.jquic.core.frame.FrameTesting.HEX;
import static dev.jquic.core.frame.FrameTesting.assertDecodeError;
import static dev.jquic.core.frame.FrameTesting.bytes;
import static dev.jquic.core.frame.FrameTesting.decodeOne;
import static dev.jquic.core.frame.FrameTesting.encode;
import static dev.jquic.core.frame.FrameTesting.encodeWithoutLength;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.types.ConnectionId;
import dev.jquic.core.types.StatelessResetToken;
import dev.jquic.core.types.PacketType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One hand-computed byte vector per frame (and per variant), derived from the RFC 9000 §19
 * layouts (RFC 9221 §4 for DATAGRAM): encode, decode, encodedLength, and truncation.
 */
class FrameVectorsTest {

    static ByteBuffer data(String hex) {
        return ByteBuffer.wrap(bytes(hex));
    }

    /** Frames with their encoding by {@link Frame#encode}; every field has an explicit length. */
    static Stream<Arguments> vectors() {
        StatelessResetToken token16 = StatelessResetToken.ofHex("000102030405060708090a0b0c0d0e0f");
        return Stream.of(
                // §19.2: type only.
                Arguments.of(PingFrame.INSTANCE, "01"),
                // §19.3: largest 100 (0x4064), delay 25, 2 more ranges, first range 5 (95..100),
                // gap 3 + len 0 (90..90), gap 78 (0x404e) + len 10 (0..10).
                Arguments.of(AckFrame.of(new long[] {100, 95, 90, 90, 10, 0}, 25, null), "0240641902050300404e0a"),
                // §19.3.2: type 0x03, largest 5, delay 0, count 0, first 0, ECN 1, 2, 70 (0x4046).
                Arguments.of(AckFrame.of(new long[] {5, 5}, 0, new AckFrame.EcnCounts(1, 2, 70)), "030500000001024046"),
                // §19.4: stream 4, error 256 (0x4100), final size 1000 (0x43e8).
                Arguments.of(new ResetStreamFrame(4, 256, 1000), "0404410043e8"),
                // §19.5
                Arguments.of(new StopSendingFrame(3, 7), "050307"),
                // §19.6: offset 0, length 3.
                Arguments.of(new CryptoFrame(0, data("010203")), "060003010203"),
                // §19.6: offset 16384 needs four bytes (0x80004000).
                Arguments.of(new CryptoFrame(16384, data("ff")), "068000400001ff"),
                // §19.7
                Arguments.of(new NewTokenFrame(bytes("aabbcc")), "0703aabbcc"),
                // §19.8: OFF=0 LEN=1 FIN=0 -> 0x0a; stream 4, length 2.
                Arguments.of(new StreamFrame(4, 0, data("6869"), false), "0a04026869"),
                // §19.8: OFF LEN FIN -> 0x0f; stream 1, offset 64 (0x4040), length 1.
                Arguments.of(new StreamFrame(1, 64, data("ff"), true), "0f01404001ff"),
                // §19.8: empty FIN-only frame: 0x0b, stream 8, length 0.
                Arguments.of(new StreamFrame(8, 0, data(""), true), "0b0800"),
                // §19.9: 16384 -> 0x80004000.
                Arguments.of(new MaxDataFrame(16384), "1080004000"),
                // §19.10: stream 2, 65 -> 0x4041.
                Arguments.of(new MaxStreamDataFrame(2, 65), "11024041"),
                // §19.11: bidirectional 0x12, 100 -> 0x4064.
                Arguments.of(new MaxStreamsFrame(StreamDirection.BIDIRECTIONAL, 100), "124064"),
                // §19.11: unidirectional 0x13, 2^60 (the maximum) in 8 bytes.
                Arguments.of(new MaxStreamsFrame(StreamDirection.UNIDIRECTIONAL, 1L << 60), "13d000000000000000"),
                // §19.12
                Arguments.of(new DataBlockedFrame(0), "1400"),
                // §19.13
                Arguments.of(new StreamDataBlockedFrame(8, 9), "150809"),
                // §19.14: bidirectional 0x16, unidirectional 0x17.
                Arguments.of(new StreamsBlockedFrame(StreamDirection.BIDIRECTIONAL, 3), "1603"),
                Arguments.of(new StreamsBlockedFrame(StreamDirection.UNIDIRECTIONAL, 0), "1700"),
                // §19.15: sequence 2, retire prior to 1, length 8, CID, 16-byte token.
                Arguments.of(new NewConnectionIdFrame(2, 1, ConnectionId.ofHex("0102030405060708"), token16),
                        "18020108" + "0102030405060708" + "000102030405060708090a0b0c0d0e0f"),
                // §19.16: 300 -> 0x412c.
                Arguments.of(new RetireConnectionIdFrame(300), "19412c"),
                // §19.17 and §19.18: 8 bytes of data.
                Arguments.of(new PathChallengeFrame(0x0102030405060708L), "1a0102030405060708"),
                Arguments.of(new PathResponseFrame(0xf1f2f3f4f5f6f7f8L), "1bf1f2f3f4f5f6f7f8"),
                // §19.19: transport 0x1c, PROTOCOL_VIOLATION (0x0a), frame type 0x08, reason "bad".
                Arguments.of(ConnectionCloseFrame.transport(0x0a, 0x08, "bad"), "1c0a0803626164"),
                // §19.19: application 0x1d, code 256 (0x4100), empty reason, no frame type field.
                Arguments.of(ConnectionCloseFrame.application(256, ""), "1d410000"),
                // §19.20
                Arguments.of(HandshakeDoneFrame.INSTANCE, "1e"),
                // RFC 9221 §4: 0x31 with Length 2.
                Arguments.of(new DatagramFrame(data("abcd")), "3102abcd"),
                // RFC 9221 §4: zero-length datagrams are allowed.
                Arguments.of(new DatagramFrame(data("")), "3100"));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void encodesToTheVector(Frame frame, String hex) {
        assertEquals(hex, HEX.formatHex(encode(frame)));
        assertEquals(hex.length() / 2, frame.encodedLength());
        assertEquals(Integer.parseInt(hex.substring(0, 2), 16), frame.frameType());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void decodesTheVector(Frame frame, String hex) throws QuicProtocolException {
        assertEquals(frame, decodeOne(bytes(hex), PacketType.ONE_RTT));
    }

    /** Every strict prefix of a self-delimiting frame is a truncated frame. */
    @ParameterizedTest
    @MethodSource("vectors")
    void truncationAtEveryPositionIsAFrameEncodingError(Frame frame, String hex) {
        byte[] full = bytes(hex);
        for (int length = 0; length < full.length; length++) {
            assertDecodeError(TransportError.FRAME_ENCODING_ERROR, Arrays.copyOf(full, length), PacketType.ONE_RTT);
        }
    }

    /** Frames encoded without their Length field (LEN bit clear); the payload runs to the end. */
    static Stream<Arguments> vectorsWithoutLength() {
        return Stream.of(
                // §19.8: OFF=0 LEN=0 FIN=0 -> 0x08.
                Arguments.of(new StreamFrame(4, 0, data("6869"), false), "08046869"),
                // §19.8: OFF FIN -> 0x0d.
                Arguments.of(new StreamFrame(1, 64, data("ff"), true), "0d014040ff"),
                // §19.8: FIN only, empty -> 0x09.
                Arguments.of(new StreamFrame(8, 0, data(""), true), "0908"),
                // RFC 9221 §4: 0x30.
                Arguments.of(new DatagramFrame(data("abcd")), "30abcd"),
                Arguments.of(new DatagramFrame(data("")), "30"));
    }

    @ParameterizedTest
    @MethodSource("vectorsWithoutLength")
    void encodesWithoutLength(LengthOmittableFrame frame, String hex) throws QuicProtocolException {
        assertEquals(hex, HEX.formatHex(encodeWithoutLength(frame)));
        assertEquals(Integer.parseInt(hex.substring(0, 2), 16), frame.frameTypeWithoutLength());
        assertEquals(frame, decodeOne(bytes(hex), PacketType.ONE_RTT));
    }

    /** §19.1: consecutive 0x00 bytes are read as one PADDING value. */
    @ParameterizedTest
    @MethodSource("paddingLengths")
    void paddingRunsDecodeAsOneFrame(int length) throws QuicProtocolException {
        PaddingFrame padding = new PaddingFrame(length);
        byte[] encoded = encode(padding);
        assertEquals(length, encoded.length);
        assertEquals(HEX.formatHex(new byte[length]), HEX.formatHex(encoded));
        assertEquals(padding, decodeOne(encoded, PacketType.INITIAL));
    }

    static Stream<Integer> paddingLengths() {
        return Stream.of(1, 2, 3, 1200);
    }
}
