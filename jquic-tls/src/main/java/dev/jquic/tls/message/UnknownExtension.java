package dev.jquic.tls.message;

import java.nio.ByteBuffer;

/** An extension this package does not interpret, kept opaque so it re-encodes byte for byte. */
public record UnknownExtension(int type, Opaque data) implements Extension {
    public UnknownExtension {
        TlsCodec.checkUint16(type, "extension_type");
        TlsCodec.checkLength(data.length(), 0, 0xffff, "extension_data");
    }

    @Override
    public int dataLength() {
        return data.length();
    }

    @Override
    public void encodeData(ByteBuffer out) {
        data.writeTo(out);
    }
}
