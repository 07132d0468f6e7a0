package dev.jquic.runtime;

import dev.jquic.QuicHandler;
import dev.jquic.TlsOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything a server or client builder collected, validated (internal: built by the public
 * builders of package {@code dev.jquic}).
 *
 * @param host the address to bind (server) or {@code null} for the wildcard of the remote's family
 * @param port the port to bind, 0 for an ephemeral port
 * @param applicationProtocols ALPN identifiers, most preferred first
 * @param tls certificates and trust
 * @param handler the application's callbacks
 * @param idleTimeout RFC 9000 §10.1 max_idle_timeout
 * @param handshakeTimeout client: how long a connect may take before it fails
 * @param keepAliveInterval PING interval when idle, or {@link Duration#ZERO} for none
 * @param maxDatagramFrameSize RFC 9221: 0 to refuse datagrams
 * @param maxIncomingStreams streams the peer may open concurrently, per direction
 * @param connectionWindowBytes starting connection receive window (initial_max_data), 0 for the default
 * @param streamWindowBytes starting per-stream receive window, 0 for the default
 * @param streamHighWaterMarkBytes bytes queued per stream above which writes return false
 * @param earlyData resumption with 0-RTT (client offers, server accepts)
 * @param requireRetry server: validate client addresses with Retry first (RFC 9000 §8.1.2)
 * @param maxConnections server: connections at once
 * @param keyLogFile SSLKEYLOGFILE-format key log, or {@code null} (the environment variable
 *     SSLKEYLOGFILE is used when this is null)
 * @param qlogDirectory one qlog (JSON-SEQ) file per connection, or {@code null}
 * @param congestionControl "cubic" or "newreno"
 * @param sessionTickets server: the ticket memory to issue into and resume from, or {@code null}
 *     for one of its own
 * @param eventLoops server: event loops (threads), each with its own socket on the shared port
 *     (SO_REUSEPORT), 1..{@value #MAX_EVENT_LOOPS}; 1 for a client
 * @param maxUdpPayloadSize the largest UDP payload sent (path MTU discovery searches from 1200 up
 *     to it, RFC 9000 §14.3) and accepted (advertised as max_udp_payload_size, §18.2); 1200..65527
 * @param socketBufferBytes SO_RCVBUF and SO_SNDBUF asked of every UDP socket (the kernel may cap
 *     them, on Linux at net.core.rmem_max / wmem_max)
 * @param maxConnectionsPerAddress server: connections accepted from one client IP address (a NAT or
 *     proxy puts many clients behind one); further handshakes from it are dropped
 */
public record EndpointSettings(
        String host,
        int port,
        List<String> applicationProtocols,
        TlsOptions tls,
        QuicHandler handler,
        Duration idleTimeout,
        Duration handshakeTimeout,
        Duration keepAliveInterval,
        int maxDatagramFrameSize,
        int maxIncomingStreams,
        long connectionWindowBytes,
        long streamWindowBytes,
        int streamHighWaterMarkBytes,
        boolean earlyData,
        boolean requireRetry,
        int maxConnections,
        Path keyLogFile,
        Path qlogDirectory,
        String congestionControl,
        dev.jquic.SessionTickets sessionTickets,
        int eventLoops,
        int maxUdpPayloadSize,
        int socketBufferBytes,
        int maxConnectionsPerAddress) {

    public EndpointSettings {
        applicationProtocols = List.copyOf(applicationProtocols);
        if (applicationProtocols.isEmpty()) {
            throw new IllegalArgumentException("alpn: at least one application protocol is required");
        }
        for (String protocol : applicationProtocols) {
            if (protocol.isEmpty() || protocol.length() > 255) {
                throw new IllegalArgumentException("alpn: \"" + protocol + "\" must be 1..255 characters");
            }
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port: " + port + " is not in 0..65535");
        }
        requirePositive(idleTimeout, "idleTimeout");
        requirePositive(handshakeTimeout, "handshakeTimeout");
        if (keepAliveInterval.isNegative()) {
            throw new IllegalArgumentException("keepAliveInterval: " + keepAliveInterval + " is negative");
        }
        if (maxDatagramFrameSize < 0 || maxDatagramFrameSize > 65_535) {
            throw new IllegalArgumentException("maxDatagramFrameSize: " + maxDatagramFrameSize + " not in 0..65535");
        }
        if (maxIncomingStreams < 0 || maxIncomingStreams > 1_000_000) {
            throw new IllegalArgumentException("maxIncomingStreams: " + maxIncomingStreams + " not in 0..1000000");
        }
        // RFC 9000 §4.1 / §18.2: the windows travel as variable-length integers.
        if (connectionWindowBytes < 0 || connectionWindowBytes > MAX_WINDOW_BYTES) {
            throw new IllegalArgumentException("flowControl: connection window " + connectionWindowBytes
                    + " not in 0.." + MAX_WINDOW_BYTES);
        }
        if (streamWindowBytes < 0 || streamWindowBytes > MAX_WINDOW_BYTES) {
            throw new IllegalArgumentException("flowControl: stream window " + streamWindowBytes
                    + " not in 0.." + MAX_WINDOW_BYTES);
        }
        if (streamHighWaterMarkBytes < 1) {
            throw new IllegalArgumentException("streamHighWaterMarkBytes: must be positive");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections: must be positive");
        }
        if (!congestionControl.equals("cubic") && !congestionControl.equals("newreno")) {
            throw new IllegalArgumentException("congestionControl: \"" + congestionControl
                    + "\" is not one of cubic, newreno");
        }
        if (sessionTickets != null && !(sessionTickets instanceof ServerSessionTickets)) {
            throw new IllegalArgumentException("sessionTickets: use SessionTickets.create()");
        }
        if (eventLoops < 1 || eventLoops > MAX_EVENT_LOOPS) {
            throw new IllegalArgumentException("eventLoops: " + eventLoops + " is not in 1.." + MAX_EVENT_LOOPS);
        }
        if (maxUdpPayloadSize < MIN_UDP_PAYLOAD_SIZE || maxUdpPayloadSize > MAX_UDP_PAYLOAD_SIZE) {
            throw new IllegalArgumentException("maxUdpPayloadSize: " + maxUdpPayloadSize + " not in "
                    + MIN_UDP_PAYLOAD_SIZE + ".." + MAX_UDP_PAYLOAD_SIZE
                    + " (RFC 9000 §14: at least 1200; 65527 is the largest UDP payload)");
        }
        if (socketBufferBytes < MIN_SOCKET_BUFFER_BYTES || socketBufferBytes > MAX_SOCKET_BUFFER_BYTES) {
            throw new IllegalArgumentException("socketBuffers: " + socketBufferBytes + " bytes not in "
                    + MIN_SOCKET_BUFFER_BYTES + ".." + MAX_SOCKET_BUFFER_BYTES);
        }
        if (maxConnectionsPerAddress < 1) {
            throw new IllegalArgumentException("maxConnectionsPerAddress: " + maxConnectionsPerAddress
                    + " is not positive");
        }
        if (handler == null) {
            throw new IllegalArgumentException("handler: required");
        }
    }

    /** Most event loops of a server (connection IDs keep at least two random bits in their first byte). */
    public static final int MAX_EVENT_LOOPS = dev.jquic.core.endpoint.ConnectionIdShard.MAX_COUNT;
    /** RFC 9000 §14: the smallest maximum datagram size every QUIC path supports. */
    public static final int MIN_UDP_PAYLOAD_SIZE = 1200;
    /** RFC 9000 §18.2: the largest max_udp_payload_size (65535 minus the IPv4 and UDP headers). */
    public static final int MAX_UDP_PAYLOAD_SIZE = 65_527;
    /**
     * The default: 1500-byte Ethernet MTU minus 40 bytes of IPv6 and 8 of UDP header, so that
     * one probe confirms it on common IPv4 and IPv6 paths (tunnels and PPPoE settle below it).
     */
    public static final int DEFAULT_MAX_UDP_PAYLOAD_SIZE = 1452;
    /** Default limit of connections from one client IP address. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 1_000;
    /** Default UDP socket buffers: 4 MiB each way (the Linux default of 208 KiB drops datagrams at speed). */
    public static final int DEFAULT_SOCKET_BUFFER_BYTES = 4 << 20;
    /** Smallest socket buffer accepted: one datagram of the largest UDP payload must fit. */
    public static final int MIN_SOCKET_BUFFER_BYTES = 64 << 10;
    /** Largest socket buffer accepted (1 GiB). */
    public static final int MAX_SOCKET_BUFFER_BYTES = 1 << 30;

    /** Largest receive window accepted (1 GiB: far above any bandwidth-delay product here). */
    public static final long MAX_WINDOW_BYTES = 1L << 30;

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": " + value + " must be positive");
        }
    }
}
