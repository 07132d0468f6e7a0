package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;

/** supported_versions in a ServerHello or HelloRetryRequest (TLS 1.3 spec §4.2.1): {@code selected_version}. */
public record SupportedVersionsServerExtension(int selectedVersion) implements Extension {
    public SupportedVersionsServerExtension {
        TlsCodec.checkUint16(selectedVersion, "selected_version");
    }

    @Override
    public int type() {
        return ExtensionType.SUPPORTED_VERSIONS;
    }

    @Override
    public int dataLength() {
        return 2;
    }

    @Override
    public void encodeData(ByteBuffer out) {
        out.putShort((short) selectedVersion);
    }

    static SupportedVersionsServerExtension decode(WireReader data) throws QuicProtocolException {
        int selected = data.readUint16();
        TlsCodec.requireEnd(data, "supported_versions");
        return new SupportedVersionsServerExtension(selected);
    }
}
