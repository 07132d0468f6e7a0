package dev.jquic.tls.message;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.WireReader;
import java.nio.ByteBuffer;

/**
 * NewSessionTicket (TLS 1.3 spec §4.6.1): {@code uint32 ticket_lifetime; uint32 ticket_age_add;
 * opaque ticket_nonce<0..255>; opaque ticket<1..2^16-1>; Extension extensions<0..2^16-1>}.
 * The lifetime cap of 7 days is the client state machine's check.
 */
public record NewSessionTicket(
        long ticketLifetimeSeconds,
        long ticketAgeAdd,
        Opaque ticketNonce,
        Opaque ticket,
        Extensions extensions) implements HandshakeMessage {
    public NewSessionTicket {
        TlsCodec.checkUint32(ticketLifetimeSeconds, "ticket_lifetime");
        TlsCodec.checkUint32(ticketAgeAdd, "ticket_age_add");
        TlsCodec.checkLength(ticketNonce.length(), 0, 255, "ticket_nonce");
        TlsCodec.checkLength(ticket.length(), 1, 0xffff, "ticket");
        TlsCodec.checkLength(extensions.contentLength(), 0, 0xffff, "extensions");
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.NEW_SESSION_TICKET;
    }

    @Override
    public int bodyLength() {
        return 4 + 4 + 1 + ticketNonce.length() + 2 + ticket.length() + extensions.encodedLength();
    }

    @Override
    public void encodeBody(ByteBuffer out) {
        out.putInt((int) ticketLifetimeSeconds);
        out.putInt((int) ticketAgeAdd);
        TlsCodec.putOpaque(out, 1, 0, 255, ticketNonce, "ticket_nonce");
        TlsCodec.putOpaque(out, 2, 1, 0xffff, ticket, "ticket");
        extensions.encode(out);
    }

    /** Decodes a NewSessionTicket body (without the 4-byte header). */
    public static NewSessionTicket decode(ByteBuffer body) throws QuicProtocolException {
        WireReader in = TlsCodec.reader(body.duplicate());
        long lifetime = in.readUint32();
        long ageAdd = in.readUint32();
        Opaque nonce = TlsCodec.readOpaque(in, 1, 0, 255, "ticket_nonce");
        Opaque ticket = TlsCodec.readOpaque(in, 2, 1, 0xffff, "ticket");
        Extensions extensions = Extensions.decode(in, 0, ExtensionContext.NEW_SESSION_TICKET);
        TlsCodec.requireEnd(in, "NewSessionTicket");
        return new NewSessionTicket(lifetime, ageAdd, nonce, ticket, extensions);
    }
}
