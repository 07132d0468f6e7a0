package dev.jquic.tls.message;

import java.nio.ByteBuffer;

/**
 * quic_transport_parameters (RFC 9001 §8.2): the encoded transport parameters, kept opaque here
 * (the params package decodes them).
 */
public record QuicTransportParametersExtension(Opaque parameters) implements Extension {
    public QuicTransportParametersExtension {
        TlsCodec.checkLength(parameters.length(), 0, 0xffff, "quic_transport_parameters");
    }

    @Override
    public int type() {
        return ExtensionType.QUIC_TRANSPORT_PARAMETERS;
    }

    @Override
    public int dataLength() {
        return parameters.length();
    }

    @Override
    public void encodeData(ByteBuffer out) {
        parameters.writeTo(out);
    }
}
