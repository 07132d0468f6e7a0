package dev.jquic;

import dev.jquic.runtime.EndpointSettings;
import dev.jquic.runtime.Runtimes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Entry point of jquic.
 *
 * <pre>{@code
 * QuicServer server = Quic.server().port(4433).alpn("echo").handler(handler).listen();
 * QuicConnection connection = Quic.client().alpn("echo").tls(TlsOptions.insecure()).handler(handler)
 *         .connect("localhost", 4433).join();
 * }</pre>
 */
public final class Quic {

    private Quic() {
    }

    /** A server builder: {@code host}, {@code port}, {@code alpn}, {@code tls}, {@code handler}, then {@code listen()}. */
    public static ServerBuilder server() {
        return new ServerBuilder();
    }

    /** A client builder: {@code alpn}, {@code tls}, {@code handler}, then {@code connect(...)} or {@code build()}. */
    public static ClientBuilder client() {
        return new ClientBuilder();
    }

    /** Settings shared by servers and clients. */
    public abstract static class Builder<B extends Builder<B>> {
        String host;
        int port;
        List<String> alpn = List.of();
        TlsOptions tls = TlsOptions.defaults();
        QuicHandler handler;
        Duration idleTimeout = Duration.ofSeconds(30);
        Duration handshakeTimeout = Duration.ofSeconds(10);
        Duration keepAliveInterval = Duration.ZERO;
        int maxDatagramFrameSize;
        int maxIncomingStreams = 100;
        int streamHighWaterMarkBytes = 1 << 20;
        long connectionWindowBytes;
        long streamWindowBytes;
        boolean earlyData;
        Path keyLogFile;
        Path qlogDirectory;
        String congestionControl = "cubic";
        int maxUdpPayloadSize = EndpointSettings.DEFAULT_MAX_UDP_PAYLOAD_SIZE;
        int socketBufferBytes = EndpointSettings.DEFAULT_SOCKET_BUFFER_BYTES;

        Builder() {
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /** Application protocols (ALPN, RFC 9001 §8.1), most preferred first. Required. */
        public B alpn(String... protocols) {
            alpn = List.of(protocols);
            return self();
        }

        /** Certificates and trust; see {@link TlsOptions}. */
        public B tls(TlsOptions options) {
            tls = Objects.requireNonNull(options, "tls");
            return self();
        }

        /** The callbacks. Required. */
        public B handler(QuicHandler value) {
            handler = Objects.requireNonNull(value, "handler");
            return self();
        }

        /** RFC 9000 §10.1 idle timeout (default 30 s). */
        public B idleTimeout(Duration value) {
            idleTimeout = value;
            return self();
        }

        /** How long a handshake may take (default 10 s). */
        public B handshakeTimeout(Duration value) {
            handshakeTimeout = value;
            return self();
        }

        /** Send a PING after this long without sending (default: never). */
        public B keepAlive(Duration interval) {
            keepAliveInterval = interval;
            return self();
        }

        /** Accept unreliable datagrams (RFC 9221) up to this frame size (default 0: refuse). */
        public B datagrams(int maxFrameSize) {
            maxDatagramFrameSize = maxFrameSize;
            return self();
        }

        /** Streams the peer may have open at once, per direction (default 100). */
        public B maxIncomingStreams(int count) {
            maxIncomingStreams = count;
            return self();
        }

        /**
         * Receive windows (RFC 9000 §4): the bytes the peer may send on the whole connection and on
         * each stream before it waits for more credit. Default: 1 MiB and 512 KiB at first, grown
         * automatically with the measured bandwidth-delay product up to 24 and 16 MiB. Values set
         * here are the starting windows (initial_max_data, initial_max_stream_data_*), and
         * automatic growth continues above them.
         */
        public B flowControl(long connectionWindowBytes, long streamWindowBytes) {
            this.connectionWindowBytes = connectionWindowBytes;
            this.streamWindowBytes = streamWindowBytes;
            return self();
        }

        /** Bytes queued on a stream above which {@link QuicStream#write} returns false (default 1 MiB). */
        public B streamHighWaterMark(int bytes) {
            streamHighWaterMarkBytes = bytes;
            return self();
        }

        /** Session resumption with 0-RTT data (default off). */
        public B earlyData(boolean enabled) {
            earlyData = enabled;
            return self();
        }

        /** Write TLS secrets in SSLKEYLOGFILE format here (for Wireshark). */
        public B keyLog(Path file) {
            keyLogFile = file;
            return self();
        }

        /**
         * Write one qlog file per connection into this directory (created if missing): JSON-SEQ
         * (RFC 7464), qlog 0.3 with the QUIC event names, loadable in qvis; named
         * {@code <local connection ID>-<client|server>.sqlog}. For debugging: it costs time per packet.
         */
        public B qlog(Path directory) {
            qlogDirectory = directory;
            return self();
        }

        /** "cubic" (default) or "newreno". */
        public B congestionControl(String name) {
            congestionControl = Objects.requireNonNull(name, "congestionControl");
            return self();
        }

        /**
         * The largest UDP payload this endpoint sends and accepts, 1200..65527 (default 1452).
         * Datagrams start at 1200 bytes (RFC 9000 §14); after the handshake, path MTU discovery
         * (DPLPMTUD, RFC 9000 §14.3 and RFC 8899) probes up to the smaller of this and the peer's
         * max_udp_payload_size, and falls back to 1200 if larger datagrams stop getting through.
         * The value is also advertised as this endpoint's max_udp_payload_size. 1200 turns
         * discovery off: every datagram is at most 1200 bytes.
         */
        public B maxUdpPayloadSize(int bytes) {
            maxUdpPayloadSize = bytes;
            return self();
        }

        /**
         * UDP socket receive and send buffers (SO_RCVBUF, SO_SNDBUF), 64 KiB to 1 GiB (default
         * 4 MiB: the usual 208 KiB loses datagrams in fast transfers). The kernel may grant less:
         * Linux caps them at {@code net.core.rmem_max} and {@code wmem_max}.
         */
        public B socketBuffers(int bytes) {
            socketBufferBytes = bytes;
            return self();
        }

        EndpointSettings settings(boolean requireRetry, int maxConnections, SessionTickets sessionTickets,
                int eventLoops, int maxConnectionsPerAddress) {
            return new EndpointSettings(host, port, alpn, tls, handler, idleTimeout, handshakeTimeout,
                    keepAliveInterval, maxDatagramFrameSize, maxIncomingStreams, connectionWindowBytes,
                    streamWindowBytes, streamHighWaterMarkBytes, earlyData,
                    requireRetry, maxConnections, keyLogFile, qlogDirectory, congestionControl, sessionTickets,
                    eventLoops, maxUdpPayloadSize, socketBufferBytes, maxConnectionsPerAddress);
        }
    }

    /** Builds a {@link QuicServer}. */
    public static final class ServerBuilder extends Builder<ServerBuilder> {
        private boolean requireRetry;
        private int maxConnections = 10_000;
        private int maxConnectionsPerAddress = EndpointSettings.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
        private SessionTickets sessionTickets;
        private int eventLoops = 1;

        ServerBuilder() {
            host = "127.0.0.1";
        }

        /** The address to listen on (default 127.0.0.1; "0.0.0.0" or "::" for all). */
        public ServerBuilder host(String value) {
            host = Objects.requireNonNull(value, "host");
            return this;
        }

        /** The UDP port (default 0: an ephemeral port, see {@link QuicServer#port()}). */
        public ServerBuilder port(int value) {
            port = value;
            return this;
        }

        /** Validate client addresses with a Retry before any handshake work (RFC 9000 §8.1.2). */
        public ServerBuilder requireRetry(boolean value) {
            requireRetry = value;
            return this;
        }

        /**
         * The ticket memory to use: pass the same {@link SessionTickets} to a server that replaces
         * this one and clients resume their sessions there (default: a memory of its own).
         */
        public ServerBuilder sessionTickets(SessionTickets value) {
            sessionTickets = Objects.requireNonNull(value, "sessionTickets");
            return this;
        }

        /** Connections at once (default 10,000). */
        public ServerBuilder maxConnections(int value) {
            maxConnections = value;
            return this;
        }

        /**
         * Connections accepted at once from one client IP address, whatever its UDP ports
         * (default 1,000; at least 1): a bound on what one host can hold, to raise for many clients
         * behind one NAT or proxy. Further handshakes from that address are dropped (the client's
         * connect times out). With several {@link #eventLoops event loops} it is shared out like
         * {@link #maxConnections}.
         */
        public ServerBuilder maxConnectionsPerAddress(int value) {
            maxConnectionsPerAddress = value;
            return this;
        }

        /**
         * Event loops, one thread each (default 1; 1..64). With {@code n > 1} each loop has its
         * own UDP socket bound to the same address and port with {@code SO_REUSEPORT}: the
         * kernel spreads clients over them by address and port, and a connection stays on the
         * loop that accepted it (its connection IDs name that loop, so its packets are handed
         * there when a client's address changes). Callbacks of one connection always run on one
         * thread, but callbacks of different connections may then run at the same time on
         * different threads. {@link #maxConnections} is shared out: each loop admits up to
         * {@code ceil(maxConnections / n)}. Needs {@code SO_REUSEPORT} (Linux, macOS, BSDs;
         * not Windows): without it {@link #listen()} fails with a {@link QuicException} rather
         * than silently running fewer loops. On Linux any process of the same user can join the
         * port group; bind to a port nobody else uses.
         */
        public ServerBuilder eventLoops(int n) {
            eventLoops = n;
            return this;
        }

        /**
         * Binds and starts the server.
         *
         * @throws QuicException if the address cannot be bound or a PEM file cannot be read
         * @throws IllegalArgumentException naming the option for an invalid setting
         */
        public QuicServer listen() {
            return Runtimes.listen(settings(requireRetry, maxConnections, sessionTickets, eventLoops,
                    maxConnectionsPerAddress));
        }
    }

    /** Builds a {@link QuicClient}, or connects at once with a client of its own. */
    public static final class ClientBuilder extends Builder<ClientBuilder> {
        private boolean sessionResumption = true;

        ClientBuilder() {
        }

        /**
         * Whether the client keeps the session tickets servers send and resumes its next
         * connection to the same host and port with one (RFC 8446 §2.2: a PSK handshake without
         * the server's certificate; with {@link #earlyData} also 0-RTT). Default on. Off, every
         * connection makes a full handshake, and connections cannot be linked by their tickets.
         */
        public ClientBuilder sessionResumption(boolean enabled) {
            sessionResumption = enabled;
            return this;
        }

        /**
         * A client endpoint for any number of connections, sharing a session-ticket cache unless
         * {@link #sessionResumption} is off.
         */
        public QuicClient build() {
            return Runtimes.client(settings(false, 10_000, null, 1,
                    EndpointSettings.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS), sessionResumption);
        }

        /**
         * Connects with a client endpoint of its own that closes when the connection does.
         *
         * @see QuicClient#connect(String, int)
         */
        public CompletableFuture<QuicConnection> connect(String host, int port) {
            QuicClient client = build();
            CompletableFuture<QuicConnection> connection = client.connect(host, port);
            connection.whenComplete((opened, failure) -> {
                if (failure != null) {
                    client.close();
                } else {
                    opened.closeFuture().whenComplete((reason, ignored) -> client.close());
                }
            });
            return connection;
        }
    }
}
