package dev.jquic.tls.message;

/**
 * One PskIdentity of a ClientHello pre_shared_key (TLS 1.3 spec §4.2.11):
 * {@code opaque identity<1..2^16-1>; uint32 obfuscated_ticket_age}.
 */
public record PskIdentity(Opaque identity, long obfuscatedTicketAge) {
    public PskIdentity {
        TlsCodec.checkLength(identity.length(), 1, 0xffff, "identity");
        TlsCodec.checkUint32(obfuscatedTicketAge, "obfuscated_ticket_age");
    }

    int encodedLength() {
        return 2 + identity.length() + 4;
    }
}
