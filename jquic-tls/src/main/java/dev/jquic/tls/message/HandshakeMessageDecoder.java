package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.tls.TlsAlert;

/** Decodes a {@link RawHandshakeMessage} into its message record. */
public final class HandshakeMessageDecoder {
    private HandshakeMessageDecoder() {
    }

    /**
     * Decodes {@code raw}'s body by its type.
     *
     * @param hashLength the negotiated hash length, needed only for Finished
     * @throws QuicProtocolException decode_error / illegal_parameter for a malformed body;
     *     unexpected_message for key_update and end_of_early_data (RFC 9001 §6 and §8.3 forbid them
     *     in QUIC), message_hash (never sent) and codes TLS 1.3 does not define
     */
    public static HandshakeMessage decode(RawHandshakeMessage raw, int hashLength) throws QuicProtocolException {
        HandshakeType type = raw.type();
        if (type == null) {
            throw TlsAlert.UNEXPECTED_MESSAGE.exception("unknown handshake type " + raw.typeCode());
        }
        return switch (type) {
            case CLIENT_HELLO -> ClientHello.decode(raw.body());
            case SERVER_HELLO -> ServerHello.decode(raw.body());
            case ENCRYPTED_EXTENSIONS -> EncryptedExtensions.decode(raw.body());
            case CERTIFICATE -> Certificate.decode(raw.body());
            case CERTIFICATE_REQUEST -> CertificateRequest.decode(raw.body());
            case CERTIFICATE_VERIFY -> CertificateVerify.decode(raw.body());
            case FINISHED -> Finished.decode(raw.body(), hashLength);
            case NEW_SESSION_TICKET -> NewSessionTicket.decode(raw.body());
            // RFC 9001 §6: receipt of a TLS KeyUpdate MUST be treated as unexpected_message (0x010a).
            // RFC 9001 §8.3: clients MUST NOT send EndOfEarlyData; it is unexpected here too.
            case END_OF_EARLY_DATA, KEY_UPDATE, MESSAGE_HASH ->
                    throw TlsAlert.UNEXPECTED_MESSAGE.exception(type + " is not allowed in QUIC");
        };
    }
}
