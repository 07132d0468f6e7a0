package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;

/**
 * CertificateRequest (TLS 1.3 spec §4.3.2): {@code opaque certificate_request_context<0..2^8-1>;
 * Extension extensions<0..2^16-1>}. The required signature_algorithms extension is checked by the
 * state machine (missing_extension).
 */
public record CertificateRequest(Opaque requestContext, Extensions extensions) implements HandshakeMessage {
    public CertificateRequest {
        TlsCodec.checkLength(requestContext.length(), 0, 0xff, "certificate_request_context");
        TlsCodec.checkLength(extensions.contentLength(), 0, 0xffff, "extensions");
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CERTIFICATE_REQUEST;
    }

    @Override
    public int bodyLength() {
        return 1 + requestContext.length() + extensions.encodedLength();
    }

    @Override
    public void encodeBody(ByteBuffer out) {
        TlsCodec.putOpaque(out, 1, 0, 0xff, requestContext, "certificate_request_context");
        extensions.encode(out);
    }

    /** Decodes a CertificateRequest body (without the 4-byte header). */
    public static CertificateRequest decode(ByteBuffer body) throws QuicProtocolException {
        WireReader in = TlsCodec.reader(body.duplicate());
        Opaque context = TlsCodec.readOpaque(in, 1, 0, 0xff, "certificate_request_context");
        Extensions extensions = Extensions.decode(in, 0, ExtensionContext.CERTIFICATE_REQUEST);
        TlsCodec.requireEnd(in, "CertificateRequest");
        return new CertificateRequest(context, extensions);
    }
}
