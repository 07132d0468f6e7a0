package dev.jquic.bench.e2e;

/** One QUIC implementation with a server and a client side for the workloads. */
public interface Stack {

    /** Starts a server on 127.0.0.1 and an ephemeral port. */
    Server startServer(BenchSettings settings) throws Exception;

    /** A client for the server on {@code port} of 127.0.0.1. */
    Client client(BenchSettings settings, int port) throws Exception;

    /** A line for the report on how this stack was configured (transport, deviations). */
    String describe();

    /** A running server. */
    interface Server extends AutoCloseable {
        int port();

        /** UDP datagrams (or QUIC packets, see the stack) sent so far, all connections. */
        long packetsSent();
    }

    /**
     * The client side of the four workloads. Each call runs one workload to its end on new
     * connection(s), verifies every byte and throws if anything does not match.
     */
    interface Client extends AutoCloseable {
        /** W1: upload {@code bytes} on one stream of one connection. */
        void upload(long bytes) throws Exception;

        /** W2: download {@code bytes} on one stream of one connection. */
        void download(long bytes) throws Exception;

        /** W3: {@code count} requests, each on a new bidirectional stream, {@code inFlight} at once, one connection. */
        void requests(int count, int inFlight) throws Exception;

        /** W4: {@code count} connections (handshake, one request, close), {@code parallel} at once. */
        void connections(int count, int parallel) throws Exception;

        /** Packets sent by this client so far (all its connections, closed ones included). */
        long packetsSent();
    }
}
