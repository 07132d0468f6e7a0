package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * signature_algorithms (13) or signature_algorithms_cert (50) (TLS 1.3 spec §4.2.3): the same
 * {@code SignatureScheme supported_signature_algorithms<2..2^16-2>}; {@code type} tells which.
 */
public record SignatureAlgorithmsExtension(int type, List<Integer> schemes) implements Extension {
    public SignatureAlgorithmsExtension {
        if (type != ExtensionType.SIGNATURE_ALGORITHMS && type != ExtensionType.SIGNATURE_ALGORITHMS_CERT) {
            throw new IllegalArgumentException("not a signature algorithms extension type: " + type);
        }
        schemes = TlsCodec.checkUint16List(schemes, "signature scheme");
        TlsCodec.checkLength(2 * schemes.size(), 2, 0xfffe, "supported_signature_algorithms");
    }

    /** signature_algorithms (13). */
    public static SignatureAlgorithmsExtension signatureAlgorithms(List<Integer> schemes) {
        return new SignatureAlgorithmsExtension(ExtensionType.SIGNATURE_ALGORITHMS, schemes);
    }

    /** signature_algorithms_cert (50). */
    public static SignatureAlgorithmsExtension signatureAlgorithmsCert(List<Integer> schemes) {
        return new SignatureAlgorithmsExtension(ExtensionType.SIGNATURE_ALGORITHMS_CERT, schemes);
    }

    @Override
    public int dataLength() {
        return 2 + 2 * schemes.size();
    }

    @Override
    public void encodeData(ByteBuffer out) {
        TlsCodec.putUint16List(out, 2, 2, 0xfffe, schemes, "supported_signature_algorithms");
    }

    static SignatureAlgorithmsExtension decode(int type, WireReader data) throws QuicProtocolException {
        List<Integer> schemes = TlsCodec.readUint16List(data, 2, 2, 0xfffe, "supported_signature_algorithms");
        TlsCodec.requireEnd(data, "signature_algorithms");
        return new SignatureAlgorithmsExtension(type, schemes);
    }
}
