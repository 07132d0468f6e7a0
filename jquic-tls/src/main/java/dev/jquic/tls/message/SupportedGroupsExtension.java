package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;
import java.util.List;

/** supported_groups (TLS 1.3 spec §4.2.7): {@code NamedGroup named_group_list<2..2^16-1>}. */
public record SupportedGroupsExtension(List<Integer> groups) implements Extension {
    public SupportedGroupsExtension {
        groups = TlsCodec.checkUint16List(groups, "group");
        TlsCodec.checkLength(2 * groups.size(), 2, 0xfffe, "named_group_list");
    }

    @Override
    public int type() {
        return ExtensionType.SUPPORTED_GROUPS;
    }

    @Override
    public int dataLength() {
        return 2 + 2 * groups.size();
    }

    @Override
    public void encodeData(ByteBuffer out) {
        TlsCodec.putUint16List(out, 2, 2, 0xfffe, groups, "named_group_list");
    }

    static SupportedGroupsExtension decode(WireReader data) throws QuicProtocolException {
        List<Integer> groups = TlsCodec.readUint16List(data, 2, 2, 0xffff, "named_group_list");
        TlsCodec.requireEnd(data, "supported_groups");
        return new SupportedGroupsExtension(groups);
    }
}
