package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;

/** cookie (TLS 1.3 spec §4.2.2): {@code opaque cookie<1..2^16-1>}. */
public record CookieExtension(Opaque cookie) implements Extension {
    public CookieExtension {
        TlsCodec.checkLength(cookie.length(), 1, 0xffff - 2, "cookie");
    }

    @Override
    public int type() {
        return ExtensionType.COOKIE;
    }

    @Override
    public int dataLength() {
        return 2 + cookie.length();
    }

    @Override
    public void encodeData(ByteBuffer out) {
        TlsCodec.putOpaque(out, 2, 1, 0xffff, cookie, "cookie");
    }

    static CookieExtension decode(WireReader data) throws QuicProtocolException {
        Opaque cookie = TlsCodec.readOpaque(data, 2, 1, 0xffff - 2, "cookie");
        TlsCodec.requireEnd(data, "cookie");
        return new CookieExtension(cookie);
    }
}
