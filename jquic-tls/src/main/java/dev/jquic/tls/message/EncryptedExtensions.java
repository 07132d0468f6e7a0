package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;

/** EncryptedExtensions (TLS 1.3 spec §4.3.1): {@code Extension extensions<0..2^16-1>}. */
public record EncryptedExtensions(Extensions extensions) implements HandshakeMessage {
    public EncryptedExtensions {
        TlsCodec.checkLength(extensions.contentLength(), 0, 0xffff, "extensions");
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.ENCRYPTED_EXTENSIONS;
    }

    @Override
    public int bodyLength() {
        return extensions.encodedLength();
    }

    @Override
    public void encodeBody(ByteBuffer out) {
        extensions.encode(out);
    }

    /** Decodes an EncryptedExtensions body (without the 4-byte header). */
    public static EncryptedExtensions decode(ByteBuffer body) throws QuicProtocolException {
        WireReader in = TlsCodec.reader(body.duplicate());
        Extensions extensions = Extensions.decode(in, 0, ExtensionContext.ENCRYPTED_EXTENSIONS);
        TlsCodec.requireEnd(in, "EncryptedExtensions");
        return new EncryptedExtensions(extensions);
    }
}
