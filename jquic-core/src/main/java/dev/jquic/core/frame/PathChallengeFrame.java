package dev.jquic.core.frame;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;

/**
 * PATH_CHALLENGE frame (RFC 9000 §19.17). The 8 bytes of Data are held as one big-endian {@code long},
 * so the value needs no array.
 *
 * <pre>
 * PATH_CHALLENGE Frame {
 *   Type (i) = 0x1a,
 *   Data (64),
 * }
 * </pre>
 */
public record PathChallengeFrame(long data) implements Frame {

    static PathChallengeFrame decodeFields(WireReader reader) throws QuicProtocolException {
        reader.require(Long.BYTES, "PATH_CHALLENGE data");
        return new PathChallengeFrame(reader.buffer().getLong());
    }

    @Override
    public long frameType() {
        return FrameTypes.PATH_CHALLENGE;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.put((byte) FrameTypes.PATH_CHALLENGE);
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
