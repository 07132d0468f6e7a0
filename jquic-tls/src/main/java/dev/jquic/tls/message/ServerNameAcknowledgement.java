package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;

/** server_name with empty extension_data, as a server sends it in EncryptedExtensions (RFC 6066 §3). */
public record ServerNameAcknowledgement() implements Extension {
    @Override
    public int type() {
        return ExtensionType.SERVER_NAME;
    }

    @Override
    public int dataLength() {
        return 0;
    }

    @Override
    public void encodeData(ByteBuffer out) {
    }

    static ServerNameAcknowledgement decode(WireReader data) throws QuicProtocolException {
        TlsCodec.requireEnd(data, "server_name acknowledgement");
        return new ServerNameAcknowledgement();
    }
}
