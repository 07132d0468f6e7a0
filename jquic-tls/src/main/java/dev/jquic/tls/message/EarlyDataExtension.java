package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;

/** early_data with empty data, as in ClientHello and EncryptedExtensions (TLS 1.3 spec §4.2.10). */
public record EarlyDataExtension() implements Extension {
    @Override
    public int type() {
        return ExtensionType.EARLY_DATA;
    }

    @Override
    public int dataLength() {
        return 0;
    }

    @Override
    public void encodeData(ByteBuffer out) {
    }

    static EarlyDataExtension decode(WireReader data) throws QuicProtocolException {
        TlsCodec.requireEnd(data, "early_data");
        return new EarlyDataExtension();
    }
}
