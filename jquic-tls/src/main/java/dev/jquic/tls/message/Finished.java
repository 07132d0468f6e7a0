package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import java.nio.ByteBuffer;

/**
 * Finished (TLS 1.3 spec §4.4.4): {@code opaque verify_data[Hash.length]}; the body is exactly the
 * verify_data, whose length the negotiated hash fixes.
 */
public record Finished(Opaque verifyData) implements HandshakeMessage {
    public Finished {
        TlsCodec.checkLength(verifyData.length(), 1, 0xFF_FFFF, "verify_data");
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.FINISHED;
    }

    @Override
    public int bodyLength() {
        return verifyData.length();
    }

    @Override
    public void encodeBody(ByteBuffer out) {
        verifyData.writeTo(out);
    }

    /**
     * Decodes a Finished body (without the 4-byte header).
     *
     * @param hashLength the negotiated hash's output length (32 or 48); any other body length is a
     *     decode_error
     */
    public static Finished decode(ByteBuffer body, int hashLength) throws QuicProtocolException {
        if (body.remaining() != hashLength) {
            throw TlsCodec.decodeError("Finished of " + body.remaining() + " bytes, expected " + hashLength);
        }
        if (hashLength < 1) {
            throw new IllegalArgumentException("hashLength " + hashLength);
        }
        return new Finished(Opaque.of(body));
    }
}
