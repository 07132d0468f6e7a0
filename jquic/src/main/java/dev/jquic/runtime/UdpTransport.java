package dev.jquic.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * The UDP sockets of one {@link EndpointLoop}: a primary socket plus any sockets opened for client
 * migration, a way to sleep until one is readable (or writable again, or woken up), and batched
 * receive and send. Two implementations: {@link NioUdpTransport} (a {@code DatagramChannel} and a
 * {@code Selector}, every JDK and OS) and, on JDK 22+ on Linux, a batched one calling
 * {@code recvmmsg}/{@code sendmmsg} through the Foreign Function &amp; Memory API (see
 * {@link UdpTransports}).
 *
 * <p>Everything but {@link #wakeup()} is called on the loop thread only.
 */
interface UdpTransport extends AutoCloseable {

    /** A timeout for {@link #await}: no deadline. */
    long WAIT_FOREVER = Long.MAX_VALUE;

    /** "nio" or "batched", with details (GSO/GRO), for logs and diagnostics. */
    String description();

    /** The address of the primary socket. */
    InetSocketAddress localAddress();

    /** SO_RCVBUF of the primary socket as the kernel reports it (Linux doubles what was asked, up to its cap). */
    int receiveBufferBytes() throws IOException;

    /** Opens another socket on {@code address} with an ephemeral port (client migration, RFC 9000 §9). */
    InetSocketAddress openSocket(InetAddress address) throws IOException;

    /** Closes a socket opened by {@link #openSocket}; nothing happens for an unknown address. */
    void closeSocket(SocketAddress local);

    /**
     * Sleeps until a socket is readable, a blocked send may continue, {@link #wakeup()} is called
     * or {@code timeoutNanos} passed; 0 only polls, {@link #WAIT_FOREVER} has no deadline.
     */
    void await(long timeoutNanos) throws IOException;

    /**
     * Hands the datagrams that are ready (after {@link #await}) to {@code receiver}, at most
     * {@code maxDatagrams} per socket.
     *
     * @return true if it stopped at the cap (more may be waiting: poll again instead of sleeping)
     */
    boolean receive(Receiver receiver, int maxDatagrams);

    /** Pulls up to {@code maxDatagrams} datagrams from {@code sender} and sends them. */
    SendResult send(Sender sender, int maxDatagrams);

    /** Datagrams the kernel refused to send (they are dropped, as UDP may). */
    long sendErrors();

    /** The last of those refusals (errno name and number), or null. */
    IOException lastSendError();

    /** Whether a datagram the full socket refused still waits to be sent. */
    boolean hasBlockedSend();

    /** Makes a concurrent or the next {@link #await} return at once; any thread. */
    void wakeup();

    /** Closes every socket; idempotent. */
    @Override
    void close();

    /** How a {@link #send} ended. */
    enum SendResult {
        /** The sender had nothing more. */
        DRAINED,
        /** The cap was reached: the sender may have more. */
        CAPPED,
        /** A socket buffer is full: the rest waits until it drains. */
        BLOCKED
    }

    /** Receives datagrams; {@code datagram} is valid only during the call. */
    interface Receiver {
        void received(ByteBuffer datagram, SocketAddress local, SocketAddress from);
    }

    /** The source of datagrams to send (the endpoint's {@code pollTransmit}). */
    interface Sender {
        /**
         * Writes the next datagram into {@code buffer} from position 0 (the buffer is cleared)
         * and returns its length, or 0 when there is none.
         */
        int next(ByteBuffer buffer);

        /** The local address (which socket) of the datagram last returned by {@link #next}. */
        SocketAddress local();

        /** The destination of the datagram last returned by {@link #next}. */
        SocketAddress destination();
    }
}
