package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * application_layer_protocol_negotiation (RFC 7301 §3.1):
 * {@code ProtocolName protocol_name_list<2..2^16-1>}, {@code opaque ProtocolName<1..2^8-1>}.
 * A server's EncryptedExtensions carries exactly one name (checked by the state machine).
 */
public record AlpnExtension(List<Opaque> protocols) implements Extension {
    public AlpnExtension {
        protocols = List.copyOf(protocols);
        int length = 0;
        for (Opaque protocol : protocols) {
            length += 1 + TlsCodec.checkLength(protocol.length(), 1, 0xff, "ProtocolName");
        }
        TlsCodec.checkLength(length, 2, 0xffff, "protocol_name_list");
    }

    /** An ALPN list from ASCII protocol names such as "h3". */
    public static AlpnExtension ofNames(String... names) {
        List<Opaque> protocols = new ArrayList<>();
        for (String name : names) {
            protocols.add(Opaque.wrap(name.getBytes(StandardCharsets.US_ASCII)));
        }
        return new AlpnExtension(protocols);
    }

    @Override
    public int type() {
        return ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION;
    }

    @Override
    public int dataLength() {
        return 2 + listLength();
    }

    private int listLength() {
        int length = 0;
        for (Opaque protocol : protocols) {
            length += 1 + protocol.length();
        }
        return length;
    }

    @Override
    public void encodeData(ByteBuffer out) {
        out.putShort((short) listLength());
        for (Opaque protocol : protocols) {
            TlsCodec.putOpaque(out, 1, 1, 0xff, protocol, "ProtocolName");
        }
    }

    static AlpnExtension decode(WireReader data) throws QuicProtocolException {
        // RFC 7301 §3.1: the list is non-empty and so is each name (empty names are decode errors here).
        WireReader list = TlsCodec.readVector(data, 2, 2, 0xffff, "protocol_name_list");
        TlsCodec.requireEnd(data, "application_layer_protocol_negotiation");
        List<Opaque> protocols = new ArrayList<>();
        while (list.hasRemaining()) {
            protocols.add(TlsCodec.readOpaque(list, 1, 1, 0xff, "ProtocolName"));
        }
        return new AlpnExtension(protocols);
    }
}
