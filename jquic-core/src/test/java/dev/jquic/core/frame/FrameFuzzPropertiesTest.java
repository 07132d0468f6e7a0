package dev.jquic.core.frame;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.types.PacketType;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Untrusted payloads: whatever the bytes, decoding either succeeds or raises
 * {@link QuicProtocolException} with FRAME_ENCODING_ERROR or PROTOCOL_VIOLATION; no other
 * exception escapes, for every packet type that carries frames.
 */
class FrameFuzzPropertiesTest {

    private static final PacketType[] FRAME_CARRYING = {
        PacketType.INITIAL, PacketType.ZERO_RTT, PacketType.HANDSHAKE, PacketType.ONE_RTT,
    };

    static void assertOnlyProtocolErrors(byte[] payload) {
        for (PacketType packetType : FRAME_CARRYING) {
            try {
                FrameDecoder.decodeAll(ByteBuffer.wrap(payload), packetType);
            } catch (QuicProtocolException e) {
                assertTrue(e.errorCode() == TransportError.FRAME_ENCODING_ERROR.code()
                        || e.errorCode() == TransportError.PROTOCOL_VIOLATION.code(),
                        () -> "unexpected code " + e + " for " + HexFormat.of().formatHex(payload));
            }
        }
    }

    @Property(tries = 2000)
    void randomBytes(@ForAll @Size(max = 200) byte[] payload) {
        assertOnlyProtocolErrors(payload);
    }

    /** Random bytes led by a known frame type, so the field parsers see most of the input. */
    @Property(tries = 2000)
    void randomBytesAfterAKnownType(@ForAll("knownTypes") byte type, @ForAll @Size(max = 200) byte[] rest) {
        byte[] payload = new byte[rest.length + 1];
        payload[0] = type;
        System.arraycopy(rest, 0, payload, 1, rest.length);
        assertOnlyProtocolErrors(payload);
    }

    /** Valid encodings with one byte replaced. */
    @Property(tries = 2000)
    void mutatedValidFrames(@ForAll("mutations") byte[] payload) {
        assertOnlyProtocolErrors(payload);
    }

    @Provide
    Arbitrary<Byte> knownTypes() {
        return Arbitraries.oneOf(Arbitraries.bytes().between((byte) 0x00, (byte) 0x1e),
                Arbitraries.of((byte) 0x30, (byte) 0x31));
    }

    @Provide
    Arbitrary<byte[]> mutations() {
        return Combinators.combine(FrameArbitraries.frames(), Arbitraries.integers().greaterOrEqual(0),
                Arbitraries.bytes()).as((frame, index, value) -> {
                    ByteBuffer out = ByteBuffer.allocate(frame.encodedLength());
                    frame.encode(out);
                    byte[] bytes = out.array();
                    bytes[index % bytes.length] = value;
                    return bytes;
                });
    }
}
