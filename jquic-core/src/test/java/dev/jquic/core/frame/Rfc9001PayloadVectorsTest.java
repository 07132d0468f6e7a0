package dev.jquic.core.frame;

import static dev.jquic.core.frame.FrameTesting.HEX;
import static dev.jquic.core.testvectors.RfcVectors.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.testvectors.RfcVectors;
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
    private static final String CLIENT_INITIAL_CRYPTO = RfcVectors.V1.CLIENT_INITIAL_CRYPTO_FRAME;

    /** RFC 9001 §A.3: the server Initial payload, an ACK frame and a CRYPTO frame (ServerHello). */
    private static final String SERVER_INITIAL = RfcVectors.V1.SERVER_INITIAL_PAYLOAD;

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
