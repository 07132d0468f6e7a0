package dev.jquic.tls.ticket;

import dev.jquic.core.crypto.CipherSuite;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a client remembers of one NewSessionTicket (TLS 1.3 spec §4.6.1) to offer it in a later
 * ClientHello (§4.2.11): the ticket identity, the resumption PSK derived from it, the cipher
 * suite, ALPN and SNI of the connection that received it, ticket_age_add, when it arrived, its
 * lifetime and max_early_data_size (0 when the ticket allows no early data).
 *
 * <p>{@link #encode()} gives the self-contained bytes carried by
 * {@code TlsOutput.SessionTicketReceived}; {@link #decode(byte[])} reads them back. The bytes hold
 * the PSK: the ticket cache must treat them as secret.
 *
 * @param identity the opaque ticket sent as PskIdentity.identity
 * @param psk the resumption PSK (§4.6.1), Hash.length bytes
 * @param cipherSuite the suite of the connection that received the ticket (its hash is the PSK's)
 * @param applicationProtocol the ALPN negotiated on that connection
 * @param serverName the SNI sent on that connection, or {@code null}
 * @param ticketAgeAdd ticket_age_add, an unsigned 32-bit value
 * @param receivedAtMillis when the ticket arrived, in the client clock's epoch milliseconds
 * @param lifetimeSeconds ticket_lifetime, capped at 7 days (604800)
 * @param maxEarlyDataSize 0, or 0xffffffff when the ticket allows 0-RTT (RFC 9001 §4.6.1)
 */
public record ClientTicket(
        byte[] identity,
        byte[] psk,
        CipherSuite cipherSuite,
        String applicationProtocol,
        String serverName,
        long ticketAgeAdd,
        long receivedAtMillis,
        long lifetimeSeconds,
        long maxEarlyDataSize) {
    private static final int FORMAT_VERSION = 1;
    /** TLS 1.3 spec §4.6.1: ticket lifetimes are at most 7 days. */
    public static final long MAX_LIFETIME_SECONDS = 604_800;

    public ClientTicket {
        Objects.requireNonNull(cipherSuite, "cipherSuite");
        Objects.requireNonNull(applicationProtocol, "applicationProtocol");
        identity = identity.clone();
        psk = psk.clone();
        if (identity.length == 0 || identity.length > 0xffff) {
            throw new IllegalArgumentException("identity: length " + identity.length + " not in 1..65535");
        }
        if (psk.length != cipherSuite.hash().length()) {
            throw new IllegalArgumentException("psk: length " + psk.length + " does not fit " + cipherSuite);
        }
        checkUint32(ticketAgeAdd, "ticketAgeAdd");
        checkUint32(maxEarlyDataSize, "maxEarlyDataSize");
        if (lifetimeSeconds < 0 || lifetimeSeconds > MAX_LIFETIME_SECONDS) {
            throw new IllegalArgumentException("lifetimeSeconds: " + lifetimeSeconds + " not in 0..604800");
        }
    }

    private static void checkUint32(long value, String name) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(name + ": " + value + " is not an unsigned 32-bit value");
        }
    }

    @Override
    public byte[] identity() {
        return identity.clone();
    }

    @Override
    public byte[] psk() {
        return psk.clone();
    }

    /** Whether the ticket's lifetime has passed at {@code nowMillis} (TLS 1.3 spec §4.6.1). */
    public boolean isExpired(long nowMillis) {
        long age = nowMillis - receivedAtMillis;
        return age < 0 || age >= lifetimeSeconds * 1000;
    }

    /** Whether the server allowed 0-RTT with this ticket (early_data extension present). */
    public boolean allowsEarlyData() {
        return maxEarlyDataSize != 0;
    }

    /**
     * TLS 1.3 spec §4.2.11.1: obfuscated_ticket_age = (age in milliseconds + ticket_age_add)
     * mod 2^32.
     */
    public long obfuscatedTicketAge(long nowMillis) {
        return (nowMillis - receivedAtMillis + ticketAgeAdd) & 0xFFFF_FFFFL;
    }

    /** The self-contained encoding (a version byte, then the fields in order). */
    public byte[] encode() {
        byte[] alpn = applicationProtocol.getBytes(StandardCharsets.UTF_8);
        byte[] sni = serverName == null ? null : serverName.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(1 + 2 + identity.length + 1 + psk.length + 2 + 2 + alpn.length
                + 1 + 2 + (sni == null ? 0 : sni.length) + 4 + 8 + 4 + 4);
        out.put((byte) FORMAT_VERSION);
        out.putShort((short) identity.length).put(identity);
        out.put((byte) psk.length).put(psk);
        out.putShort((short) cipherSuite.code());
        out.putShort((short) alpn.length).put(alpn);
        out.put((byte) (sni == null ? 0 : 1));
        out.putShort((short) (sni == null ? 0 : sni.length));
        if (sni != null) {
            out.put(sni);
        }
        out.putInt((int) ticketAgeAdd);
        out.putLong(receivedAtMillis);
        out.putInt((int) lifetimeSeconds);
        out.putInt((int) maxEarlyDataSize);
        return out.array();
    }

    /**
     * Reads bytes produced by {@link #encode()}.
     *
     * @throws MalformedTicketException if the bytes are not such an encoding
     */
    public static ClientTicket decode(byte[] encoded) {
        if (encoded == null) {
            throw new MalformedTicketException("null");
        }
        ByteBuffer in = ByteBuffer.wrap(encoded);
        try {
            int version = in.get() & 0xff;
            if (version != FORMAT_VERSION) {
                throw new MalformedTicketException("unknown format version " + version);
            }
            byte[] identity = bytes(in, in.getShort() & 0xffff);
            byte[] psk = bytes(in, in.get() & 0xff);
            int suiteCode = in.getShort() & 0xffff;
            CipherSuite suite = CipherSuite.fromCode(suiteCode)
                    .orElseThrow(() -> new MalformedTicketException(String.format("unknown cipher suite 0x%04x",
                            suiteCode)));
            String alpn = new String(bytes(in, in.getShort() & 0xffff), StandardCharsets.UTF_8);
            int hasSni = in.get() & 0xff;
            if (hasSni > 1) {
                throw new MalformedTicketException("bad server name flag " + hasSni);
            }
            byte[] sniBytes = bytes(in, in.getShort() & 0xffff);
            if (hasSni == 0 && sniBytes.length != 0) {
                throw new MalformedTicketException("server name bytes without the flag");
            }
            String sni = hasSni == 1 ? new String(sniBytes, StandardCharsets.UTF_8) : null;
            long ageAdd = in.getInt() & 0xFFFF_FFFFL;
            long receivedAt = in.getLong();
            long lifetime = in.getInt() & 0xFFFF_FFFFL;
            long maxEarlyData = in.getInt() & 0xFFFF_FFFFL;
            if (in.hasRemaining()) {
                throw new MalformedTicketException(in.remaining() + " trailing bytes");
            }
            return new ClientTicket(identity, psk, suite, alpn, sni, ageAdd, receivedAt, lifetime, maxEarlyData);
        } catch (BufferUnderflowException e) {
            throw new MalformedTicketException("truncated");
        } catch (MalformedTicketException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new MalformedTicketException(e.getMessage());
        }
    }

    private static byte[] bytes(ByteBuffer in, int length) {
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClientTicket that && Arrays.equals(identity, that.identity)
                && Arrays.equals(psk, that.psk) && cipherSuite == that.cipherSuite
                && applicationProtocol.equals(that.applicationProtocol) && Objects.equals(serverName, that.serverName)
                && ticketAgeAdd == that.ticketAgeAdd && receivedAtMillis == that.receivedAtMillis
                && lifetimeSeconds == that.lifetimeSeconds && maxEarlyDataSize == that.maxEarlyDataSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(identity), cipherSuite, applicationProtocol, serverName, receivedAtMillis);
    }

    @Override
    public String toString() {
        return "ClientTicket[" + cipherSuite + ", alpn=" + applicationProtocol + ", sni=" + serverName
                + ", receivedAtMillis=" + receivedAtMillis + ", lifetimeSeconds=" + lifetimeSeconds
                + ", earlyData=" + allowsEarlyData() + "]";
    }
}
