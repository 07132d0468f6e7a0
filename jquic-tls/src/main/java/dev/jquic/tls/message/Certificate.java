package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificate (TLS 1.3 spec §4.4.2): {@code opaque certificate_request_context<0..2^8-1>;
 * CertificateEntry certificate_list<0..2^24-1>}; the first entry is the end-entity certificate.
 */
public record Certificate(Opaque requestContext, List<CertificateEntry> entries) implements HandshakeMessage {
    public Certificate {
        TlsCodec.checkLength(requestContext.length(), 0, 0xff, "certificate_request_context");
        entries = List.copyOf(entries);
        TlsCodec.checkLength(listLength(entries), 0, 0xFF_FFFF, "certificate_list");
    }

    private static int listLength(List<CertificateEntry> entries) {
        long length = 0;
        for (CertificateEntry entry : entries) {
            length += entry.encodedLength();
        }
        return (int) Math.min(length, Integer.MAX_VALUE);
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CERTIFICATE;
    }

    @Override
    public int bodyLength() {
        return 1 + requestContext.length() + 3 + listLength(entries);
    }

    @Override
    public void encodeBody(ByteBuffer out) {
        TlsCodec.putOpaque(out, 1, 0, 0xff, requestContext, "certificate_request_context");
        TlsCodec.putUnsigned(out, 3, listLength(entries));
        for (CertificateEntry entry : entries) {
            entry.encode(out);
        }
    }

    /** Decodes a Certificate body (without the 4-byte header). */
    public static Certificate decode(ByteBuffer body) throws QuicProtocolException {
        WireReader in = TlsCodec.reader(body.duplicate());
        Opaque context = TlsCodec.readOpaque(in, 1, 0, 0xff, "certificate_request_context");
        WireReader list = TlsCodec.readVector(in, 3, 0, 0xFF_FFFF, "certificate_list");
        TlsCodec.requireEnd(in, "Certificate");
        List<CertificateEntry> entries = new ArrayList<>();
        while (list.hasRemaining()) {
            entries.add(CertificateEntry.decode(list));
        }
        return new Certificate(context, entries);
    }
}
