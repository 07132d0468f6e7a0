package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;

/** key_share in a ServerHello (TLS 1.3 spec §4.2.8): {@code KeyShareEntry server_share}. */
public record KeyShareServerExtension(KeyShareEntry share) implements Extension {
    public KeyShareServerExtension {
        if (share == null) {
            throw new IllegalArgumentException("server_share is required");
        }
    }

    @Override
    public int type() {
        return ExtensionType.KEY_SHARE;
    }

    @Override
    public int dataLength() {
        return share.encodedLength();
    }

    @Override
    public void encodeData(ByteBuffer out) {
        share.encode(out);
    }

    static KeyShareServerExtension decode(WireReader data) throws QuicProtocolException {
        KeyShareEntry share = KeyShareEntry.decode(data);
        TlsCodec.requireEnd(data, "key_share");
        return new KeyShareServerExtension(share);
    }
}
