package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * server_name in a ClientHello (RFC 6066 §3): a ServerNameList with one host_name entry. The
 * server's acknowledgement in EncryptedExtensions is {@link ServerNameAcknowledgement}.
 */
public record ServerNameExtension(String hostName) implements Extension {
    private static final int HOST_NAME = 0;

    public ServerNameExtension {
        byte[] ascii = hostName.getBytes(StandardCharsets.US_ASCII);
        TlsCodec.checkLength(ascii.length, 1, 0xffff - 5, "host_name");
        if (!new String(ascii, StandardCharsets.US_ASCII).equals(hostName)) {
            throw new IllegalArgumentException("host_name must be ASCII: " + hostName);
        }
    }

    @Override
    public int type() {
        return ExtensionType.SERVER_NAME;
    }

    @Override
    public int dataLength() {
        return 2 + 1 + 2 + hostName.length();
    }

    @Override
    public void encodeData(ByteBuffer out) {
        out.putShort((short) (3 + hostName.length()));
        out.put((byte) HOST_NAME);
        out.putShort((short) hostName.length());
        out.put(hostName.getBytes(StandardCharsets.US_ASCII));
    }

    static ServerNameExtension decode(WireReader data) throws QuicProtocolException {
        WireReader list = TlsCodec.readVector(data, 2, 1, 0xffff, "server_name_list");
        TlsCodec.requireEnd(data, "server_name");
        int nameType = list.readUint8();
        if (nameType != HOST_NAME) {
            // RFC 6066 §3: only host_name is defined; the list cannot be parsed past an unknown type.
            throw TlsCodec.illegalParameter("server_name type " + nameType);
        }
        Opaque name = TlsCodec.readOpaque(list, 2, 1, 0xffff, "host_name");
        if (list.hasRemaining()) {
            // RFC 6066 §3: the list MUST NOT contain more than one name of the same name_type.
            throw TlsCodec.illegalParameter("server_name_list with more than one entry");
        }
        byte[] bytes = name.toByteArray();
        for (byte b : bytes) {
            if (b <= 0x20 || b == 0x7f) {
                // RFC 6066 §3: HostName is ASCII without a trailing dot; reject controls, spaces and non-ASCII.
                throw TlsCodec.illegalParameter("host_name contains byte " + (b & 0xff));
            }
        }
        return new ServerNameExtension(new String(bytes, StandardCharsets.US_ASCII));
    }
}
