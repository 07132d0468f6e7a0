package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;
import java.util.List;

/** supported_versions in a ClientHello (TLS 1.3 spec §4.2.1): {@code ProtocolVersion versions<2..254>}. */
public record SupportedVersionsClientExtension(List<Integer> versions) implements Extension {
    /** TLS 1.3's version code. */
    public static final int TLS13 = 0x0304;

    public SupportedVersionsClientExtension {
        versions = TlsCodec.checkUint16List(versions, "version");
        TlsCodec.checkLength(2 * versions.size(), 2, 254, "versions");
    }

    @Override
    public int type() {
        return ExtensionType.SUPPORTED_VERSIONS;
    }

    @Override
    public int dataLength() {
        return 1 + 2 * versions.size();
    }

    @Override
    public void encodeData(ByteBuffer out) {
        TlsCodec.putUint16List(out, 1, 2, 254, versions, "versions");
    }

    static SupportedVersionsClientExtension decode(WireReader data) throws QuicProtocolException {
        List<Integer> versions = TlsCodec.readUint16List(data, 1, 2, 254, "versions");
        TlsCodec.requireEnd(data, "supported_versions");
        return new SupportedVersionsClientExtension(versions);
    }
}
