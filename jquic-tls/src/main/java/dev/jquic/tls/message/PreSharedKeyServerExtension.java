package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;

/** pre_shared_key in a ServerHello (TLS 1.3 spec §4.2.11): {@code uint16 selected_identity}. */
public record PreSharedKeyServerExtension(int selectedIdentity) implements Extension {
    public PreSharedKeyServerExtension {
        TlsCodec.checkUint16(selectedIdentity, "selected_identity");
    }

    @Override
    public int type() {
        return ExtensionType.PRE_SHARED_KEY;
    }

    @Override
    public int dataLength() {
        return 2;
    }

    @Override
    public void encodeData(ByteBuffer out) {
        out.putShort((short) selectedIdentity);
    }

    static PreSharedKeyServerExtension decode(WireReader data) throws QuicProtocolException {
        int selected = data.readUint16();
        TlsCodec.requireEnd(data, "pre_shared_key");
        return new PreSharedKeyServerExtension(selected);
    }
}
