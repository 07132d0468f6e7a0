package dev.jquic.core.frame;

import static dev.jquic.core.frame.FrameTesting.HEX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.types.PacketType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The unprotected packet payloads printed in RFC 9001 Appendix A, decoded into frames and
 * re-encoded byte for byte.
 */
class Rfc9001PayloadVectorsTest {

    /** RFC 9001 §A.2: the client Initial's CRYPTO frame (a ClientHello), before its PADDING. */
    private static final String CLIENT_INITIAL_CRYPTO = """
            060040f1010000ed0303ebf8fa56f129 39b9584a3896472ec40bb863cfd3e868
            04fe3a47f06a2b69484c000004130113 02010000c000000010000e00000b6578
            616d706c652e636f6dff01000100000a 00080006001d00170018001000070005
            04616c706e0005000501000000000033 00260024001d00209370b2c9caa47fba
            baf4559fedba753de171fa71f50f1ce1 5d43e994ec74d748002b000302030400
            0d0010000e0403050306030203080408 050806002d00020101001c0002400100
            3900320408ffffffffffffffff050480 00ffff07048000ffff08011001048000
            75300901100f088394c8f03e51570806 048000ffff""";

    /** RFC 9001 §A.3: the server Initial payload, an ACK frame and a CRYPTO frame (ServerHello). */
    private static final String SERVER_INITIAL = """
            02000000000600405a020000560303ee fce7f7b37ba1d1632e96677825ddf739
            88cfc79825df566dc5430b9a045a1200 130100002e00330024001d00209d3c94
            0d89690b84d08a60993c144eca684d10 81287c834d5311bcf32bb9da1a002b00
            020304""";

    private static byte[] hex(String text) {
        return HEX.parseHex(text.replaceAll("\\s", ""));
    }

    private static byte[] encodeAll(List<Frame> frames) {
        int size = frames.stream().mapToInt(Frame::encodedLength).sum();
        ByteBuffer out = ByteBuffer.allocate(size);
        frames.forEach(frame -> frame.encode(out));
        assertEquals(size, out.position());
        return out.array();
    }

    /** RFC 9001 §A.2: "the following CRYPTO frame, plus enough PADDING frames to make a 1162-byte payload". */
    @Test
    void clientInitialPayload() throws QuicProtocolException {
        byte[] crypto = hex(CLIENT_INITIAL_CRYPTO);
        byte[] payload = Arrays.copyOf(crypto, 1162);

        List<Frame> frames = FrameDecoder.decodeAll(ByteBuffer.wrap(payload), PacketType.INITIAL);

        assertEquals(2, frames.size());
        CryptoFrame cryptoFrame = assertInstanceOf(CryptoFrame.class, frames.get(0));
        assertEquals(0, cryptoFrame.offset());
        assertEquals(241, cryptoFrame.length());
        assertEquals(0x01, cryptoFrame.data().get(cryptoFrame.data().position())); // ClientHello
        assertEquals(new PaddingFrame(1162 - crypto.length), frames.get(1));
        assertEquals(HEX.formatHex(payload), HEX.formatHex(encodeAll(frames)));
    }

    /** RFC 9001 §A.3: "an ACK frame, a CRYPTO frame, and no PADDING frames". */
    @Test
    void serverInitialPayload() throws QuicProtocolException {
        byte[] payload = hex(SERVER_INITIAL);

        List<Frame> frames = FrameDecoder.decodeAll(ByteBuffer.wrap(payload), PacketType.INITIAL);

        assertEquals(2, frames.size());
        assertEquals(AckFrame.ofRange(0, 0, 0), frames.get(0));
        CryptoFrame cryptoFrame = assertInstanceOf(CryptoFrame.class, frames.get(1));
        assertEquals(0, cryptoFrame.offset());
        assertEquals(90, cryptoFrame.length());
        assertEquals(0x02, cryptoFrame.data().get(cryptoFrame.data().position())); // ServerHello
        assertEquals(HEX.formatHex(payload), HEX.formatHex(encodeAll(frames)));
    }

    /** RFC 9001 §A.5: the ChaCha20-Poly1305 short header packet carries "a payload of just 0x01". */
    @Test
    void shortHeaderPingPayload() throws QuicProtocolException {
        assertEquals(List.of(PingFrame.INSTANCE), FrameDecoder.decodeAll(ByteBuffer.wrap(hex("01")), PacketType.ONE_RTT));
    }
}
