package dev.jquic.core.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.types.PacketType;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Coverage-guided fuzzing (Jazzer) of the frame codec with what a peer controls, a decrypted
 * packet payload: decoding raises nothing but {@link QuicProtocolException} with
 * FRAME_ENCODING_ERROR or PROTOCOL_VIOLATION (RFC 9000 §12.4, §19), and every frame it accepts
 * encodes back to a frame that decodes equal (the encoder may choose shorter varints).
 *
 * <p>{@code mvn verify} runs the inputs in {@code FrameCodecFuzzTestInputs/}; fuzzing:
 * {@code JAZZER_FUZZ=1 mvn -pl jquic-core test -Dtest=FrameCodecFuzzTest -Djazzer.instrument=dev.jquic.**}
 * (without the last option Jazzer instruments only the test's own package).
 */
class FrameCodecFuzzTest {
    private static final PacketType[] FRAME_CARRYING = {
        PacketType.INITIAL, PacketType.ZERO_RTT, PacketType.HANDSHAKE, PacketType.ONE_RTT};

    @FuzzTest(maxDuration = "5m")
    void decodedFramesReEncodeToEqualFrames(FuzzedDataProvider data) {
        PacketType type = data.pickValue(FRAME_CARRYING);
        byte[] payload = data.consumeRemainingAsBytes();
        List<Frame> frames;
        try {
            frames = FrameDecoder.decodeAll(ByteBuffer.wrap(payload), type);
        } catch (QuicProtocolException rejected) {
            long code = rejected.errorCode();
            if (code != TransportError.FRAME_ENCODING_ERROR.code() && code != TransportError.PROTOCOL_VIOLATION.code()) {
                throw new AssertionError("unexpected error code for a malformed payload: " + rejected, rejected);
            }
            return;
        }
        for (Frame frame : frames) {
            byte[] encoded = FrameTesting.encode(frame);
            List<Frame> again;
            try {
                again = FrameDecoder.decodeAll(ByteBuffer.wrap(encoded), type);
            } catch (QuicProtocolException e) {
                throw new AssertionError("the re-encoded " + frame + " does not decode: " + e, e);
            }
            assertEquals(List.of(frame), again, "re-encoded frame");
        }
    }
}
