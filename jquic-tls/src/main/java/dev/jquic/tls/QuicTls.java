package dev.jquic.tls;

import dev.jquic.core.tls.TlsSession;
import dev.jquic.tls.handshake.ClientHandshake;
import dev.jquic.tls.handshake.ServerHandshake;
import dev.jquic.tls.ticket.ClientTicket;
import dev.jquic.core.tls.TransportParametersResponder;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.regex.Pattern;

/** Creates jquic's TLS 1.3 sessions for QUIC (RFC 9001), the implementations of {@link TlsSession}. */
public final class QuicTls {
    private QuicTls() {
    }

    /**
     * A client session; call {@link TlsSession#start()} to produce the ClientHello.
     *
     * @param serverName the host the client connects to, or {@code null}: a DNS name is sent as
     *     SNI, an IP literal is not (RFC 6066 §3) but is still what the certificate must match;
     *     {@code null} sends no SNI and asks the certificate verifier for no name check (use it
     *     only with a pinned or insecure verifier)
     * @param localTransportParameters our encoded quic_transport_parameters (remaining bytes, copied)
     * @throws IllegalArgumentException if {@code serverName} is empty or not ASCII
     */
    public static TlsSession client(TlsClientConfig config, String serverName, ByteBuffer localTransportParameters) {
        return newClient(config, serverName, localTransportParameters, null);
    }

    private static ClientHandshake newClient(TlsClientConfig config, String serverName,
            ByteBuffer localTransportParameters, ClientTicket ticket) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(localTransportParameters, "localTransportParameters");
        String sni = null;
        String host = null;
        if (serverName != null) {
            host = serverName.startsWith("[") && serverName.endsWith("]")
                    ? serverName.substring(1, serverName.length() - 1) : serverName;
            if (host.isEmpty() || !isAscii(host)) {
                throw new IllegalArgumentException("serverName: \"" + serverName + "\" is not an ASCII host name");
            }
            if (!isIpLiteral(host)) {
                // RFC 6066 §3: the HostName is the DNS name without a trailing dot; IP literals are not sent.
                sni = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
            }
        }
        return new ClientHandshake(config, sni, host, localTransportParameters, ticket);
    }

    /**
     * A client session that offers a session ticket for resumption (TLS 1.3 spec §2.2) and, when
     * the ticket and {@link TlsClientConfig#earlyDataEnabled()} allow it, 0-RTT (RFC 9001 §4.6.1).
     * A ticket that has expired or whose cipher suite, ALPN or server name does not fit is not
     * offered (a full handshake follows).
     *
     * @param ticket the bytes of an earlier {@code TlsOutput.SessionTicketReceived}
     * @throws dev.jquic.tls.ticket.MalformedTicketException if {@code ticket} is not such bytes
     * @see #client(TlsClientConfig, String, ByteBuffer)
     */
    public static TlsSession client(TlsClientConfig config, String serverName, ByteBuffer localTransportParameters,
            byte[] ticket) {
        return newClient(config, serverName, localTransportParameters, ClientTicket.decode(ticket));
    }

    /**
     * A server session; it acts when the client's Initial CRYPTO data arrives.
     *
     * @param localTransportParameters our encoded quic_transport_parameters (remaining bytes, copied)
     */
    public static TlsSession server(TlsServerConfig config, ByteBuffer localTransportParameters) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(localTransportParameters, "localTransportParameters");
        return new ServerHandshake(config, localTransportParameters);
    }

    /**
     * A server session whose transport parameters are computed from the client's when the
     * ClientHello arrives (RFC 9368 §4: version_information names the version chosen then).
     */
    public static TlsSession server(TlsServerConfig config, TransportParametersResponder parametersResponder) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(parametersResponder, "parametersResponder");
        return new ServerHandshake(config, parametersResponder);
    }

    // Run for every client connection: a compiled pattern and a plain loop instead of
    // String.matches and a new CharsetEncoder (1.8 % of the W4 client's event-loop samples, JFR).
    private static final Pattern DOTTED_QUAD = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private static boolean isAscii(String host) {
        for (int i = 0; i < host.length(); i++) {
            if (host.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code host} is an IPv4 dotted quad or an IPv6 literal rather than a DNS name. */
    static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        return DOTTED_QUAD.matcher(host).matches();
    }
}
