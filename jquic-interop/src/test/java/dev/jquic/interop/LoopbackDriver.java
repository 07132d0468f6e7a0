package dev.jquic.interop;

import dev.jquic.core.connection.Connection;
import dev.jquic.core.connection.ConnectionEvent;
import dev.jquic.core.path.NetworkPath;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Drives one sans-IO {@link Connection} over a real UDP socket on loopback, on the calling
 * thread, until a condition holds or a time limit passes. Test support for interop cases until
 * the runtime of module jquic serves them.
 */
final class LoopbackDriver implements AutoCloseable {

    private final DatagramChannel channel;
    private final Selector selector;
    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(65_536);
    private final ByteBuffer sendBuffer = ByteBuffer.allocate(65_536);
    final List<ConnectionEvent> events = new ArrayList<>();
    Connection connection;
    /** Server mode: creates the connection from the first datagram that carries a valid Initial. */
    java.util.function.BiFunction<ByteBuffer, SocketAddress, Connection> acceptor;

    LoopbackDriver() throws IOException {
        channel = DatagramChannel.open();
        // The default 208 KiB receive buffer overflows on fast loopback transfers.
        channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
        channel.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 4 << 20);
        channel.bind(new InetSocketAddress("127.0.0.1", 0));
        channel.configureBlocking(false);
        selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
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
            long waitMillis = Math.max(1, (deadline - now) / 1_000_000);
            selector.select(Math.min(waitMillis, 50));
            selector.selectedKeys().clear();
            now = System.nanoTime();
            SocketAddress from;
            receiveBuffer.clear();
            while ((from = channel.receive(receiveBuffer)) != null) {
                receiveBuffer.flip();
                if (connection == null || (acceptor != null && (!from.equals(connection.activePath().remoteAddress())
                        || (!connection.isHandshakeComplete() && connection.stats().packetsReceived() == 0)))) {
                    // Server mode: an Initial from a new address starts the next connection, and so does
                    // one that follows a bogus start (a corrupted Initial whose keys never worked).
                    Connection accepted = acceptor == null ? null : acceptor.apply(receiveBuffer.duplicate(), from);
                    if (accepted != null) {
                        connection = accepted;
                    } else if (connection == null) {
                        receiveBuffer.clear();
                        continue;
                    }
                }
                connection.handleDatagram(receiveBuffer, new NetworkPath(localAddress(), from), now);
                receiveBuffer.clear();
            }
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

    private void flush(long now) throws IOException {
        for (int i = 0; i < 10_000; i++) {
            sendBuffer.clear();
            int length = connection.pollTransmit(sendBuffer, now);
            if (length == 0) {
                return;
            }
            sendBuffer.position(0).limit(length);
            channel.send(sendBuffer, (SocketAddress) connection.transmitPath().remoteAddress());
        }
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
