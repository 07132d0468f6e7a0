package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;

/**
 * CertificateEntry for X.509 (TLS 1.3 spec §4.4.2): {@code opaque cert_data<1..2^24-1>;
 * Extension extensions<0..2^16-1>}; {@code certData} is one DER certificate.
 */
public record CertificateEntry(Opaque certData, Extensions extensions) {
    public CertificateEntry {
        TlsCodec.checkLength(certData.length(), 1, 0xFF_FFFF, "cert_data");
        TlsCodec.checkLength(extensions.contentLength(), 0, 0xffff, "extensions");
    }

    int encodedLength() {
        return 3 + certData.length() + extensions.encodedLength();
    }

    void encode(ByteBuffer out) {
        TlsCodec.putOpaque(out, 3, 1, 0xFF_FFFF, certData, "cert_data");
        extensions.encode(out);
    }

    static CertificateEntry decode(WireReader in) throws QuicProtocolException {
        Opaque certData = TlsCodec.readOpaque(in, 3, 1, 0xFF_FFFF, "cert_data");
        Extensions extensions = Extensions.decode(in, 0, ExtensionContext.CERTIFICATE);
        return new CertificateEntry(certData, extensions);
    }
}
