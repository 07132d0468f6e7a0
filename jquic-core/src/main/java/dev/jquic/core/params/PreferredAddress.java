package dev.jquic.core.params;

import dev.jquic.core.types.StatelessResetToken;
import dev.jquic.core.types.ConnectionId;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The server's preferred_address transport parameter (RFC 9000 §18.2, §9.6):
 *
 * <pre>
 * Preferred Address {
 *   IPv4 Address (32),
 *   IPv4 Port (16),
 *   IPv6 Address (128),
 *   IPv6 Port (16),
 *   Connection ID Length (8),
 *   Connection ID (..),
 *   Stateless Reset Token (128),
 * }
 * </pre>
 *
 * Addresses are kept as network-order bytes (the core does not use {@code java.net}). A server
 * may offer one family only by sending an all-zero address and port for the other. The
 * connection ID has sequence number 1 and is never empty. Accessors return copies of the arrays.
 *
 * @param ipv4Address 4 bytes, network byte order
 * @param ipv4Port 0..65535
 * @param ipv6Address 16 bytes, network byte order
 * @param ipv6Port 0..65535
 * @param connectionId 1 to 20 bytes
 * @param statelessResetToken the token for {@code connectionId}
 */
public record PreferredAddress(
        byte[] ipv4Address,
        int ipv4Port,
        byte[] ipv6Address,
        int ipv6Port,
        ConnectionId connectionId,
        StatelessResetToken statelessResetToken) {

    public static final int IPV4_ADDRESS_LENGTH = 4;
    public static final int IPV6_ADDRESS_LENGTH = 16;

    /** @throws IllegalArgumentException on a wrong address length, a port out of range or an empty CID */
    public PreferredAddress {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(statelessResetToken, "statelessResetToken");
        if (ipv4Address.length != IPV4_ADDRESS_LENGTH) {
            throw new IllegalArgumentException("IPv4 address must be 4 bytes: " + ipv4Address.length);
        }
        if (ipv6Address.length != IPV6_ADDRESS_LENGTH) {
            throw new IllegalArgumentException("IPv6 address must be 16 bytes: " + ipv6Address.length);
        }
        checkPort(ipv4Port);
        checkPort(ipv6Port);
        // RFC 9000 §18.2: a server MUST NOT include a zero-length connection ID in this parameter.
        if (connectionId.length() == 0) {
            throw new IllegalArgumentException("preferred address connection ID must not be empty");
        }
        ipv4Address = ipv4Address.clone();
        ipv6Address = ipv6Address.clone();
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    @Override
    public byte[] ipv4Address() {
        return ipv4Address.clone();
    }

    @Override
    public byte[] ipv6Address() {
        return ipv6Address.clone();
    }

    /** Whether an IPv4 address is offered (not the all-zero 0.0.0.0:0). */
    public boolean hasIpv4() {
        return ipv4Port != 0 || !allZero(ipv4Address);
    }

    /** Whether an IPv6 address is offered (not the all-zero [::]:0). */
    public boolean hasIpv6() {
        return ipv6Port != 0 || !allZero(ipv6Address);
    }

    private static boolean allZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** Bytes of the encoded value (without the parameter's id and length). */
    public int encodedLength() {
        return IPV4_ADDRESS_LENGTH + 2 + IPV6_ADDRESS_LENGTH + 2 + 1 + connectionId.length()
                + StatelessResetToken.LENGTH;
    }

    /** Writes the value (without the parameter's id and length). */
    public void encode(ByteBuffer out) {
        out.put(ipv4Address);
        out.putShort((short) ipv4Port);
        out.put(ipv6Address);
        out.putShort((short) ipv6Port);
        out.put((byte) connectionId.length());
        connectionId.writeTo(out);
        statelessResetToken.writeTo(out);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PreferredAddress that
                && Arrays.equals(ipv4Address, that.ipv4Address)
                && ipv4Port == that.ipv4Port
                && Arrays.equals(ipv6Address, that.ipv6Address)
                && ipv6Port == that.ipv6Port
                && connectionId.equals(that.connectionId)
                && statelessResetToken.equals(that.statelessResetToken);
    }

    @Override
    public int hashCode() {
        int hash = Arrays.hashCode(ipv4Address);
        hash = 31 * hash + ipv4Port;
        hash = 31 * hash + Arrays.hashCode(ipv6Address);
        hash = 31 * hash + ipv6Port;
        hash = 31 * hash + connectionId.hashCode();
        return 31 * hash + statelessResetToken.hashCode();
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "PreferredAddress[ipv4=" + hex.formatHex(ipv4Address) + ":" + ipv4Port
                + ", ipv6=" + hex.formatHex(ipv6Address) + ":" + ipv6Port
                + ", connectionId=" + connectionId.toHex()
                + ", statelessResetToken=" + statelessResetToken.toHex() + "]";
    }
}
