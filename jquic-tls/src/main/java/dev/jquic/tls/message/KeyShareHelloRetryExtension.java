package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;

/** key_share in a HelloRetryRequest (TLS 1.3 spec §4.2.8): {@code NamedGroup selected_group}. */
public record KeyShareHelloRetryExtension(int selectedGroup) implements Extension {
    public KeyShareHelloRetryExtension {
        TlsCodec.checkUint16(selectedGroup, "selected_group");
    }

    @Override
    public int type() {
        return ExtensionType.KEY_SHARE;
    }

    @Override
    public int dataLength() {
        return 2;
    }

    @Override
    public void encodeData(ByteBuffer out) {
        out.putShort((short) selectedGroup);
    }

    static KeyShareHelloRetryExtension decode(WireReader data) throws QuicProtocolException {
        int group = data.readUint16();
        TlsCodec.requireEnd(data, "key_share");
        return new KeyShareHelloRetryExtension(group);
    }
}
