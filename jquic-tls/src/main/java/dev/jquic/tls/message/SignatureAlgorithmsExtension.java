package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * signature_algorithms (TLS 1.3 spec §4.2.3): {@code SignatureScheme supported_signature_algorithms<2..2^16-2>}.
 * See {@link SignatureAlgorithmsCertExtension} for signature_algorithms_cert, which has the same form.
 */
public record SignatureAlgorithmsExtension(List<Integer> schemes) implements Extension {
    public SignatureAlgorithmsExtension {
        schemes = checkSchemes(schemes);
    }

    static List<Integer> checkSchemes(List<Integer> schemes) {
        List<Integer> copy = TlsCodec.checkUint16List(schemes, "signature scheme");
        TlsCodec.checkLength(2 * copy.size(), 2, 0xfffe, "supported_signature_algorithms");
        return copy;
    }

    @Override
    public int type() {
        return ExtensionType.SIGNATURE_ALGORITHMS;
    }

    @Override
    public int dataLength() {
        return 2 + 2 * schemes.size();
    }

    @Override
    public void encodeData(ByteBuffer out) {
        TlsCodec.putUint16List(out, 2, 2, 0xfffe, schemes, "supported_signature_algorithms");
    }

    static List<Integer> decodeSchemes(WireReader data) throws QuicProtocolException {
        List<Integer> schemes = TlsCodec.readUint16List(data, 2, 2, 0xfffe, "supported_signature_algorithms");
        TlsCodec.requireEnd(data, "signature_algorithms");
        return schemes;
    }

    static SignatureAlgorithmsExtension decode(WireReader data) throws QuicProtocolException {
        return new SignatureAlgorithmsExtension(decodeSchemes(data));
    }
}
