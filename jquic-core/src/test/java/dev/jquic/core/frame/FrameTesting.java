package dev.jquic.core.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.codec.WireReader;
import dev.jquic.core.types.PacketType;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/** Helpers shared by the frame tests. */
final class FrameTesting {
    static final HexFormat HEX = HexFormat.of();

    private FrameTesting() {
    }

    static byte[] bytes(String hex) {
        return HEX.parseHex(hex);
    }

    /** Encodes with {@link Frame#encode}, checking that exactly {@link Frame#encodedLength()} bytes are written. */
    static byte[] encode(Frame frame) {
        ByteBuffer out = ByteBuffer.allocate(frame.encodedLength() + 16);
        frame.encode(out);
        assertEquals(frame.encodedLength(), out.position(), "encodedLength() vs bytes written by " + frame);
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    /** Encodes with {@link LengthOmittableFrame#encodeWithoutLength}, checking the announced length. */
    static byte[] encodeWithoutLength(LengthOmittableFrame frame) {
        ByteBuffer out = ByteBuffer.allocate(frame.encodedLengthWithoutLength() + 16);
        frame.encodeWithoutLength(out);
        assertEquals(frame.encodedLengthWithoutLength(), out.position(), "encodedLengthWithoutLength() of " + frame);
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    static WireReader reader(byte[] bytes) {
        return new WireReader(ByteBuffer.wrap(bytes), TransportError.FRAME_ENCODING_ERROR);
    }

    /** Decodes one frame from {@code bytes}, which it must consume entirely. */
    static Frame decodeOne(byte[] bytes, PacketType packetType) throws QuicProtocolException {
        WireReader reader = reader(bytes);
        Frame frame = FrameDecoder.decode(reader, packetType);
        assertEquals(0, reader.remaining(), "bytes left after decoding " + frame);
        return frame;
    }

    /** Asserts that decoding one frame from {@code bytes} raises {@code expected}. */
    static QuicProtocolException assertDecodeError(TransportError expected, byte[] bytes, PacketType packetType) {
        QuicProtocolException error = assertThrows(QuicProtocolException.class,
                () -> FrameDecoder.decode(reader(bytes), packetType), () -> "decoding " + HEX.formatHex(bytes));
        assertEquals(expected.code(), error.errorCode(),
                () -> "error for " + HEX.formatHex(bytes) + ": " + error);
        return error;
    }

    static QuicProtocolException assertDecodeError(TransportError expected, String hex) {
        return assertDecodeError(expected, bytes(hex), PacketType.ONE_RTT);
    }
}
