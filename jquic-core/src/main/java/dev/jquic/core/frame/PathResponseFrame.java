package dev.jquic.core.frame;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;

/**
 * PATH_RESPONSE frame (RFC 9000 §19.18). The 8 bytes of Data are held as one big-endian {@code long},
 * so the value needs no array.
 *
 * <pre>
 * PATH_RESPONSE Frame {
 *   Type (i) = 0x1b,
 *   Data (64),
 * }
 * </pre>
 */
public record PathResponseFrame(long data) implements Frame {

    static PathResponseFrame decodeFields(WireReader reader) throws QuicProtocolException {
        reader.require(Long.BYTES, "PATH_RESPONSE data");
        return new PathResponseFrame(reader.buffer().getLong());
    }

    @Override
    public long frameType() {
        return FrameTypes.PATH_RESPONSE;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameTypes.PATH_RESPONSE);
        out.putLong(data);
    }

    @Override
    public int encodedLength() {
        return 1 + Long.BYTES;
    }

    @Override
    public boolean probing() {
        return true;
    }
}
