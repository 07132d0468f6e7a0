package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;

/** Decodes one extension's data into the record form its message calls for (TLS 1.3 spec §4.2). */
final class ExtensionDecoder {
    private ExtensionDecoder() {
    }

    /** {@code data} holds exactly the extension_data; the type is already known to be allowed. */
    static Extension decode(int type, WireReader data, ExtensionContext context) throws QuicProtocolException {
        switch (type) {
            case ExtensionType.SERVER_NAME:
                return context == ExtensionContext.ENCRYPTED_EXTENSIONS
                        ? ServerNameAcknowledgement.decode(data)
                        : ServerNameExtension.decode(data);
            case ExtensionType.SUPPORTED_GROUPS:
                return SupportedGroupsExtension.decode(data);
            case ExtensionType.SIGNATURE_ALGORITHMS:
                return SignatureAlgorithmsExtension.decode(data);
            case ExtensionType.SIGNATURE_ALGORITHMS_CERT:
                return SignatureAlgorithmsCertExtension.decode(data);
            case ExtensionType.APPLICATION_LAYER_PROTOCOL_NEGOTIATION:
                return AlpnExtension.decode(data);
            case ExtensionType.PRE_SHARED_KEY:
                return context == ExtensionContext.CLIENT_HELLO
                        ? PreSharedKeyClientExtension.decode(data)
                        : PreSharedKeyServerExtension.decode(data);
            case ExtensionType.EARLY_DATA:
                return context == ExtensionContext.NEW_SESSION_TICKET
                        ? EarlyDataTicketExtension.decode(data)
                        : EarlyDataExtension.decode(data);
            case ExtensionType.SUPPORTED_VERSIONS:
                return context == ExtensionContext.CLIENT_HELLO
                        ? SupportedVersionsClientExtension.decode(data)
                        : SupportedVersionsServerExtension.decode(data);
            case ExtensionType.COOKIE:
                return CookieExtension.decode(data);
            case ExtensionType.PSK_KEY_EXCHANGE_MODES:
                return PskKeyExchangeModesExtension.decode(data);
            case ExtensionType.KEY_SHARE:
                if (context == ExtensionContext.CLIENT_HELLO) {
                    return KeyShareClientExtension.decode(data);
                }
                return context == ExtensionContext.HELLO_RETRY_REQUEST
                        ? KeyShareHelloRetryExtension.decode(data)
                        : KeyShareServerExtension.decode(data);
            case ExtensionType.QUIC_TRANSPORT_PARAMETERS:
                return new QuicTransportParametersExtension(Opaque.wrap(data.readBytes(data.remaining())));
            default:
                return new UnknownExtension(type, Opaque.wrap(data.readBytes(data.remaining())));
        }
    }
}
