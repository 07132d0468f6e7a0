package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;

/** KeyShareEntry (TLS 1.3 spec §4.2.8): {@code NamedGroup group; opaque key_exchange<1..2^16-1>}. */
public record KeyShareEntry(int group, Opaque keyExchange) {
    public KeyShareEntry {
        TlsCodec.checkUint16(group, "group");
        TlsCodec.checkLength(keyExchange.length(), 1, 0xffff - 4, "key_exchange");
    }

    int encodedLength() {
        return 4 + keyExchange.length();
    }

    void encode(ByteBuffer out) {
        out.putShort((short) group);
        TlsCodec.putOpaque(out, 2, 1, 0xffff, keyExchange, "key_exchange");
    }

    static KeyShareEntry decode(WireReader in) throws QuicProtocolException {
        int group = in.readUint16();
        Opaque keyExchange = TlsCodec.readOpaque(in, 2, 1, 0xffff - 4, "key_exchange");
        return new KeyShareEntry(group, keyExchange);
    }
}
