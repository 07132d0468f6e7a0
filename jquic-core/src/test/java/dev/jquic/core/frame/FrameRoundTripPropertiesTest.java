package dev.jquic.core.frame;

import static dev.jquic.core.frame.FrameTesting.HEX;
import static dev.jquic.core.frame.FrameTesting.encode;
import static dev.jquic.core.frame.FrameTesting.encodeWithoutLength;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.codec.VarInt;
import dev.jquic.core.types.PacketType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Round trips of every frame with random valid values: decode(encode(f)) equals f, the decoder
 * stops exactly at the end of the frame, encodedLength() equals the bytes written, and every
 * strict prefix of a self-delimiting encoding is a FRAME_ENCODING_ERROR.
 */
class FrameRoundTripPropertiesTest {

    /** Byte following each encoding, so the test sees where the decoder stops (PING stops a PADDING run). */
    private static final byte NEXT_FRAME = FrameTypes.PING;

    static void assertRoundTrip(Frame frame) throws QuicProtocolException {
        byte[] encoded = encode(frame);
        byte[] packet = Arrays.copyOf(encoded, encoded.length + 1);
        packet[encoded.length] = NEXT_FRAME;
        List<Frame> frames = FrameDecoder.decodeAll(ByteBuffer.wrap(packet), PacketType.ONE_RTT);
        assertEquals(List.of(frame, PingFrame.INSTANCE), frames, () -> HEX.formatHex(encoded));
        assertEquals(frame.hashCode(), frames.get(0).hashCode());
        assertEquals(frame.frameType(), frames.get(0).frameType());
        assertEquals(frame.ackEliciting(), frames.get(0).ackEliciting());
        if (frame instanceof PaddingFrame) {
            return; // any prefix of a PADDING run is a shorter PADDING run
        }
        for (int length = 0; length < encoded.length; length++) {
            byte[] prefix = Arrays.copyOf(encoded, length);
            QuicProtocolException error = assertThrows(QuicProtocolException.class,
                    () -> FrameDecoder.decode(FrameTesting.reader(prefix), PacketType.ONE_RTT),
                    () -> "prefix " + HEX.formatHex(prefix));
            assertEquals(TransportError.FRAME_ENCODING_ERROR.code(), error.errorCode());
        }
    }

    static void assertRoundTripWithoutLength(LengthOmittableFrame frame) throws QuicProtocolException {
        byte[] encoded = encodeWithoutLength(frame);
        assertEquals(List.of(frame), FrameDecoder.decodeAll(ByteBuffer.wrap(encoded), PacketType.ONE_RTT));
        assertEquals(frame.frameTypeWithoutLength(), encoded[0]);
        // The two forms differ by exactly the Length field.
        assertEquals(VarInt.encodedLength(payloadLength(frame)),
                frame.encodedLength() - frame.encodedLengthWithoutLength());
    }

    private static int payloadLength(LengthOmittableFrame frame) {
        return frame instanceof StreamFrame stream ? stream.length() : ((DatagramFrame) frame).length();
    }

    @Property
    void padding(@ForAll("paddingFrames") PaddingFrame frame) throws QuicProtocolException {
        assertRoundTrip(frame);
    }

    @Property(tries = 5)
    void ping(@ForAll("pingFrames") PingFrame frame) throws QuicProtocolException {
        assertRoundTrip(frame);
    }

    @Property
    void ack(@ForAll("ackFrames") AckFrame frame) throws QuicProtocolException {
        assertRoundTrip(frame);
    }

    @Property
    void resetStream(@ForAll("resetStreamFrames") ResetStreamFrame frame) throws QuicProtocolException {
        assertRoundTrip(frame);
    }

    @Property
    void stopSending(@ForAll("stopSendingFrames") StopSendingFrame frame) throws QuicProtocolException {
        assertRoundTrip(frame);
    }

    @Property
    void crypto(@ForAll("cryptoFrames") CryptoFrame frame) throws QuicProtocolException {
        assertRoundTrip(frame);
    }

    @Property
    void newToken(@ForAll("newTokenFrames") NewTokenFrame frame) throws QuicProtocolException {
        assertRoundTrip(frame);
    }

    @Property
    void stream(@ForAll("streamFrames") StreamFrame frame) throws QuicProtocolException {
        assertRoundTrip(frame);
        assertRoundTripWithoutLength(frame);
    }

    @Property
    void maxData(@ForAll("maxDataFrames") MaxDataFrame frame) throws QuicProtocolException {
        assertRoundTrip(frame);
    }

    @Property
    void maxStreamData(@ForAll("maxStreamDataFrames") MaxStreamDataFrame frame) throws QuicProtocolException {
        assertRoundTrip(frame);
    }

    @Property
    void maxStreams(@ForAll("maxStreamsFrames") MaxStreamsFrame frame) throws QuicProtocolException {
        assertRoundTrip(frame);
    }

    @Property
    void dataBlocked(@ForAll("dataBlockedFrames") DataBlockedFrame frame) throws QuicProtocolException {
        assertRoundTrip(frame);
    }

    @Property
    void streamDataBlocked(@ForAll("streamDataBlockedFrames") StreamDataBlockedFrame frame)
            throws QuicProtocolException {
        assertRoundTrip(frame);
    }

    @Property
    void streamsBlocked(@ForAll("streamsBlockedFrames") StreamsBlockedFrame frame) throws QuicProtocolException {
        assertRoundTrip(frame);
    }

    @Property
    void newConnectionId(@ForAll("newConnectionIdFrames") NewConnectionIdFrame frame) throws QuicProtocolException {
        assertRoundTrip(frame);
    }

    @Property
    void retireConnectionId(@ForAll("retireConnectionIdFrames") RetireConnectionIdFrame frame)
            throws QuicProtocolException {
        assertRoundTrip(frame);
    }

    @Property
    void pathChallenge(@ForAll("pathChallengeFrames") PathChallengeFrame frame) throws QuicProtocolException {
        assertRoundTrip(frame);
    }

    @Property
    void pathResponse(@ForAll("pathResponseFrames") PathResponseFrame frame) throws QuicProtocolException {
        assertRoundTrip(frame);
    }

    @Property
    void connectionClose(@ForAll("connectionCloseFrames") ConnectionCloseFrame frame) throws QuicProtocolException {
        assertRoundTrip(frame);
    }

    @Property(tries = 5)
    void handshakeDone(@ForAll("handshakeDoneFrames") HandshakeDoneFrame frame) throws QuicProtocolException {
        assertRoundTrip(frame);
    }

    @Property
    void datagram(@ForAll("datagramFrames") DatagramFrame frame) throws QuicProtocolException {
        assertRoundTrip(frame);
        assertRoundTripWithoutLength(frame);
    }

    /** A sequence of frames, the last possibly without Length, decodes back to the same list. */
    @Property
    void packetsOfFrames(@ForAll("frameLists") List<Frame> frames) throws QuicProtocolException {
        int size = 0;
        for (Frame frame : frames) {
            size += frame.encodedLength();
        }
        ByteBuffer packet = ByteBuffer.allocate(size);
        for (Frame frame : frames) {
            frame.encode(packet);
        }
        assertEquals(size, packet.position());
        List<Frame> decoded = FrameDecoder.decodeAll(packet.flip(), PacketType.ONE_RTT);
        assertEquals(mergePadding(frames), decoded);
    }

    /** Adjacent PADDING values encode as one run of zeros and decode as one. */
    private static List<Frame> mergePadding(List<Frame> frames) {
        List<Frame> merged = new ArrayList<>();
        for (Frame frame : frames) {
            int last = merged.size() - 1;
            if (frame instanceof PaddingFrame padding && last >= 0 && merged.get(last) instanceof PaddingFrame previous) {
                merged.set(last, new PaddingFrame(previous.length() + padding.length()));
            } else {
                merged.add(frame);
            }
        }
        return merged;
    }

    @Provide
    Arbitrary<List<Frame>> frameLists() {
        return FrameArbitraries.frames().list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<PaddingFrame> paddingFrames() {
        return FrameArbitraries.padding();
    }

    @Provide
    Arbitrary<PingFrame> pingFrames() {
        return FrameArbitraries.ping();
    }

    @Provide
    Arbitrary<AckFrame> ackFrames() {
        return FrameArbitraries.ack();
    }

    @Provide
    Arbitrary<ResetStreamFrame> resetStreamFrames() {
        return FrameArbitraries.resetStream();
    }

    @Provide
    Arbitrary<StopSendingFrame> stopSendingFrames() {
        return FrameArbitraries.stopSending();
    }

    @Provide
    Arbitrary<CryptoFrame> cryptoFrames() {
        return FrameArbitraries.crypto();
    }

    @Provide
    Arbitrary<NewTokenFrame> newTokenFrames() {
        return FrameArbitraries.newToken();
    }

    @Provide
    Arbitrary<StreamFrame> streamFrames() {
        return FrameArbitraries.stream();
    }

    @Provide
    Arbitrary<MaxDataFrame> maxDataFrames() {
        return FrameArbitraries.maxData();
    }

    @Provide
    Arbitrary<MaxStreamDataFrame> maxStreamDataFrames() {
        return FrameArbitraries.maxStreamData();
    }

    @Provide
    Arbitrary<MaxStreamsFrame> maxStreamsFrames() {
        return FrameArbitraries.maxStreams();
    }

    @Provide
    Arbitrary<DataBlockedFrame> dataBlockedFrames() {
        return FrameArbitraries.dataBlocked();
    }

    @Provide
    Arbitrary<StreamDataBlockedFrame> streamDataBlockedFrames() {
        return FrameArbitraries.streamDataBlocked();
    }

    @Provide
    Arbitrary<StreamsBlockedFrame> streamsBlockedFrames() {
        return FrameArbitraries.streamsBlocked();
    }

    @Provide
    Arbitrary<NewConnectionIdFrame> newConnectionIdFrames() {
        return FrameArbitraries.newConnectionId();
    }

    @Provide
    Arbitrary<RetireConnectionIdFrame> retireConnectionIdFrames() {
        return FrameArbitraries.retireConnectionId();
    }

    @Provide
    Arbitrary<PathChallengeFrame> pathChallengeFrames() {
        return FrameArbitraries.pathChallenge();
    }

    @Provide
    Arbitrary<PathResponseFrame> pathResponseFrames() {
        return FrameArbitraries.pathResponse();
    }

    @Provide
    Arbitrary<ConnectionCloseFrame> connectionCloseFrames() {
        return FrameArbitraries.connectionClose();
    }

    @Provide
    Arbitrary<HandshakeDoneFrame> handshakeDoneFrames() {
        return FrameArbitraries.handshakeDone();
    }

    @Provide
    Arbitrary<DatagramFrame> datagramFrames() {
        return FrameArbitraries.datagram();
    }
}
