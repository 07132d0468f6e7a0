package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * signature_algorithms_cert (TLS 1.3 spec §4.2.3): the schemes acceptable in certificates, in the
 * same form as {@link SignatureAlgorithmsExtension}.
 */
public record SignatureAlgorithmsCertExtension(List<Integer> schemes) implements Extension {
    public SignatureAlgorithmsCertExtension {
        schemes = SignatureAlgorithmsExtension.checkSchemes(schemes);
    }

    @Override
    public int type() {
        return ExtensionType.SIGNATURE_ALGORITHMS_CERT;
    }

    @Override
    public int dataLength() {
        return 2 + 2 * schemes.size();
    }

    @Override
    public void encodeData(ByteBuffer out) {
        TlsCodec.putUint16List(out, 2, 2, 0xfffe, schemes, "supported_signature_algorithms");
    }

    static SignatureAlgorithmsCertExtension decode(WireReader data) throws QuicProtocolException {
        return new SignatureAlgorithmsCertExtension(SignatureAlgorithmsExtension.decodeSchemes(data));
    }
}
