package dev.jquic.interop;

import dev.jquic.core.connection.Connection;
import dev.jquic.core.connection.ConnectionEvent;
import dev.jquic.core.path.NetworkPath;
import dev.jquic.runtime.InteropUdp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Drives one sans-IO {@link Connection} over the runtime's UDP transport on loopback
 * ({@link InteropUdp}: NIO, or the batched FFM one under {@code -Djquic.io=batched}), on the
 * calling thread, until a condition holds or a time limit passes.
 */
final class LoopbackDriver implements AutoCloseable {

    /** The socket buffers: the default 208 KiB receive buffer overflows on fast loopback transfers. */
    private static final int SOCKET_BUFFER_BYTES = 4 << 20;
    private static final long MAX_WAIT_NANOS = 50_000_000;

    private final InteropUdp udp;
    private final InetSocketAddress localAddress;
    private final InteropUdp.Source source = new InteropUdp.Source() {
        @Override
        public int next(ByteBuffer buffer) {
            return connection.pollTransmit(buffer, sendNanos);
        }

        @Override
        public SocketAddress destination() {
            return (SocketAddress) connection.transmitPath().remoteAddress();
        }
    };
    final List<ConnectionEvent> events = new ArrayList<>();
    Connection connection;
    /** Server mode: creates the connection from the first datagram that carries a valid Initial. */
    java.util.function.BiFunction<ByteBuffer, SocketAddress, Connection> acceptor;
    private long sendNanos;
    private long receiveNanos;

    LoopbackDriver() throws IOException {
        udp = InteropUdp.open(new InetSocketAddress("127.0.0.1", 0), SOCKET_BUFFER_BYTES);
        localAddress = udp.localAddress();
        InteropMatrix.jquicTransport(udp.description());
    }

    InetSocketAddress localAddress() {
        return localAddress;
    }

    /** The transport in use ("nio" or "batched (...)"). */
    String transport() {
        return udp.description();
    }

    /**
     * Runs the loop; {@code onEvent} sees every event, {@code afterRound} runs once per round.
     *
     * @throws TimeoutException if {@code done} does not hold within {@code limit}
     */
    void runUntil(BooleanSupplier done, Duration limit, Consumer<ConnectionEvent> onEvent, Runnable afterRound)
            throws IOException, TimeoutException {
        long end = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            long now = System.nanoTime();
            if (now > end) {
                throw new TimeoutException("not done within " + limit + "; events: " + events);
            }
            if (connection != null) {
                flush(now);
            }
            long deadline = connection == null ? end : Math.min(connection.pollTimeout(), end);
            udp.await(Math.max(0, Math.min(deadline - now, MAX_WAIT_NANOS)));
            receiveNanos = System.nanoTime();
            for (int batch = 0; batch < 64 && udp.receive(this::received, 256); batch++) {
                // more were waiting: keep reading before the timers run
            }
            now = receiveNanos;
            if (connection == null) {
                continue;
            }
            if (now >= connection.pollTimeout()) {
                connection.handleTimeout(now);
            }
            Connection current = connection;
            ConnectionEvent event;
            while ((event = current.pollEvent()) != null) {
                events.add(event);
                if (events.size() > 1_000) {
                    events.subList(0, 500).clear(); // keep the latest events for timeout messages
                }
                onEvent.accept(event);
            }
            afterRound.run();
            if (connection != null) {
                flush(System.nanoTime());
            } else {
                events.clear(); // the server moves on to its next connection
            }
        }
    }

    private void received(ByteBuffer datagram, SocketAddress local, SocketAddress from) {
        if (connection == null || (acceptor != null && (!from.equals(connection.activePath().remoteAddress())
                || (!connection.isHandshakeComplete() && connection.stats().packetsReceived() == 0)))) {
            // Server mode: an Initial from a new address starts the next connection, and so does
            // one that follows a bogus start (a corrupted Initial whose keys never worked).
            Connection accepted = acceptor == null ? null : acceptor.apply(datagram.duplicate(), from);
            if (accepted != null) {
                connection = accepted;
            } else if (connection == null) {
                return;
            }
        }
        connection.handleDatagram(datagram, new NetworkPath(localAddress, from), receiveNanos);
    }

    private void flush(long now) {
        sendNanos = now;
        udp.send(source, 10_000);
    }

    @Override
    public void close() {
        udp.close();
    }
}
