package dev.jquic.core.frame;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.VarInt;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * NEW_TOKEN frame (RFC 9000 §19.7): a token the client can use in a future Initial packet.
 *
 * <pre>
 * NEW_TOKEN Frame {
 *   Type (i) = 0x07,
 *   Token Length (i),
 *   Token (..),
 * }
 * </pre>
 *
 * The token is copied in and out; equality is by content.
 */
public record NewTokenFrame(byte[] token) implements Frame {

    public NewTokenFrame {
        // RFC 9000 §19.7: the token MUST NOT be empty.
        if (token.length == 0) {
            throw new IllegalArgumentException("NEW_TOKEN token must not be empty");
        }
        token = token.clone();
    }

    static NewTokenFrame decodeFields(WireReader reader) throws QuicProtocolException {
        int length = reader.readVarIntLength("NEW_TOKEN token");
        // RFC 9000 §19.7: a client MUST treat an empty Token field as FRAME_ENCODING_ERROR.
        if (length == 0) {
            throw reader.error("NEW_TOKEN with an empty token");
        }
        return new NewTokenFrame(reader.readBytes(length));
    }

    /** A copy of the token. */
    @Override
    public byte[] token() {
        return token.clone();
    }

    /** The token's length in bytes. */
    public int tokenLength() {
        return token.length;
    }

    @Override
    public long frameType() {
        return FrameTypes.NEW_TOKEN;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameTypes.NEW_TOKEN);
        VarInt.write(out, token.length);
        out.put(token);
    }

    @Override
    public int encodedLength() {
        return 1 + VarInt.encodedLength(token.length) + token.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NewTokenFrame that && Arrays.equals(token, that.token);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(token);
    }

    @Override
    public String toString() {
        return "NewTokenFrame[tokenLength=" + token.length + "]";
    }
}
