package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * key_share in a ClientHello (TLS 1.3 spec §4.2.8): {@code KeyShareEntry client_shares<0..2^16-1>}.
 * The spec's rules on duplicate groups and order are checked by the server state machine.
 */
public record KeyShareClientExtension(List<KeyShareEntry> shares) implements Extension {
    public KeyShareClientExtension {
        shares = List.copyOf(shares);
        TlsCodec.checkLength(sharesLength(shares), 0, 0xffff - 2, "client_shares");
    }

    private static int sharesLength(List<KeyShareEntry> shares) {
        int length = 0;
        for (KeyShareEntry share : shares) {
            length += share.encodedLength();
        }
        return length;
    }

    @Override
    public int type() {
        return ExtensionType.KEY_SHARE;
    }

    @Override
    public int dataLength() {
        return 2 + sharesLength(shares);
    }

    @Override
    public void encodeData(ByteBuffer out) {
        out.putShort((short) sharesLength(shares));
        for (KeyShareEntry share : shares) {
            share.encode(out);
        }
    }

    static KeyShareClientExtension decode(WireReader data) throws QuicProtocolException {
        WireReader list = TlsCodec.readVector(data, 2, 0, 0xffff - 2, "client_shares");
        TlsCodec.requireEnd(data, "key_share");
        List<KeyShareEntry> shares = new ArrayList<>();
        while (list.hasRemaining()) {
            shares.add(KeyShareEntry.decode(list));
        }
        return new KeyShareClientExtension(shares);
    }
}
