package dev.jquic.tls.ticket;

/**
 * A client ticket record that cannot be decoded. The bytes come from our own ticket cache, not
 * from the network, so this is a programming or storage error rather than a protocol error.
 */
public final class MalformedTicketException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MalformedTicketException(String reason) {
        super("malformed client ticket: " + reason);
    }
}
