package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;

/** CertificateVerify (TLS 1.3 spec §4.4.3): {@code SignatureScheme algorithm; opaque signature<0..2^16-1>}. */
public record CertificateVerify(int signatureScheme, Opaque signature) implements HandshakeMessage {
    public CertificateVerify {
        TlsCodec.checkUint16(signatureScheme, "algorithm");
        TlsCodec.checkLength(signature.length(), 0, 0xffff, "signature");
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CERTIFICATE_VERIFY;
    }

    @Override
    public int bodyLength() {
        return 2 + 2 + signature.length();
    }

    @Override
    public void encodeBody(ByteBuffer out) {
        out.putShort((short) signatureScheme);
        TlsCodec.putOpaque(out, 2, 0, 0xffff, signature, "signature");
    }

    /** Decodes a CertificateVerify body (without the 4-byte header). */
    public static CertificateVerify decode(ByteBuffer body) throws QuicProtocolException {
        WireReader in = TlsCodec.reader(body.duplicate());
        int scheme = in.readUint16();
        Opaque signature = TlsCodec.readOpaque(in, 2, 0, 0xffff, "signature");
        TlsCodec.requireEnd(in, "CertificateVerify");
        return new CertificateVerify(scheme, signature);
    }
}
