package dev.jquic.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * Test bridge: the runtime's own UDP transport ({@link UdpTransports}: NIO, or on JDK 22+ the
 * batched {@code recvmmsg}/{@code sendmmsg} one, as {@code -Djquic.io} selects) for the interop
 * suite's sans-IO drivers, so that every interop case runs over the socket code that users get.
 * It lives in the runtime's package (test sources of jquic-interop, on the class path) because
 * the transport is internal to module {@code dev.jquic}.
 */
public final class InteropUdp implements AutoCloseable {

    private final UdpTransport transport;

    private InteropUdp(UdpTransport transport) {
        this.transport = transport;
    }

    /** Opens the transport {@code jquic.io} selects on {@code bindAddress}, buffers {@code socketBufferBytes}. */
    public static InteropUdp open(InetSocketAddress bindAddress, int socketBufferBytes) throws IOException {
        return new InteropUdp(UdpTransports.open(bindAddress, socketBufferBytes));
    }

    /** "nio" or "batched (...)". */
    public String description() {
        return transport.description();
    }

    public InetSocketAddress localAddress() {
        return transport.localAddress();
    }

    /** Sleeps until a datagram is ready, a blocked send may go on, or {@code timeoutNanos} passed. */
    public void await(long timeoutNanos) throws IOException {
        transport.await(timeoutNanos);
    }

    /**
     * Hands up to {@code maxDatagrams} ready datagrams to {@code receiver} (each valid only during
     * its call); true if it stopped at that cap.
     */
    public boolean receive(Receiver receiver, int maxDatagrams) {
        return transport.receive(receiver::received, maxDatagrams);
    }

    /**
     * Sends the datagrams {@code source} writes, at most {@code maxDatagrams}; true if the source
     * may have more (the cap was reached or the socket buffer is full).
     */
    public boolean send(Source source, int maxDatagrams) {
        UdpTransport.Sender sender = new UdpTransport.Sender() {
            @Override
            public int next(ByteBuffer buffer) {
                return source.next(buffer);
            }

            @Override
            public SocketAddress local() {
                return transport.localAddress();
            }

            @Override
            public SocketAddress destination() {
                return source.destination();
            }
        };
        return transport.send(sender, maxDatagrams) != UdpTransport.SendResult.DRAINED;
    }

    @Override
    public void close() {
        transport.close();
    }

    /** Receives one datagram. */
    public interface Receiver {
        void received(ByteBuffer datagram, SocketAddress local, SocketAddress from);
    }

    /** The datagrams to send. */
    public interface Source {
        /** Writes the next datagram into {@code buffer} from position 0 and returns its length, or 0. */
        int next(ByteBuffer buffer);

        /** Where the datagram last returned by {@link #next} goes. */
        SocketAddress destination();
    }
}
