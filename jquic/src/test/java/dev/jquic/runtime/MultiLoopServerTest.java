package dev.jquic.runtime;

import static dev.jquic.Loopback.await;
import static dev.jquic.Loopback.payload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.Loopback.Collector;
import dev.jquic.Quic;
import dev.jquic.QuicClient;
import dev.jquic.QuicConnection;
import dev.jquic.QuicHandler;
import dev.jquic.QuicServer;
import dev.jquic.QuicStream;
import dev.jquic.TlsOptions;
import dev.jquic.core.endpoint.EndpointStats;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server with two event loops sharing one UDP port (SO_REUSEPORT): clients spread over both,
 * and datagrams that reach the loop not owning their connection are handed to the owner. Where
 * a test needs a datagram at a given loop, a forwarder hands it to that loop as its socket would
 * ({@link LoopGroup#receiveAt}) instead of leaving the choice to the kernel's hash.
 */
@Timeout(120)
class MultiLoopServerTest {

    static final class Echo implements QuicHandler {
        final List<Integer> connectionLoops = new CopyOnWriteArrayList<>();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();

        @Override
        public void onConnection(QuicConnection connection) {
            connectionLoops.add(((LoopConnection) connection).loop.loopIndex);
        }

        @Override
        public void onData(QuicStream stream, ByteBuffer data, boolean fin) {
            if (data.hasRemaining()) {
                stream.write(data);
            }
            if (fin) {
                stream.finish();
            }
        }

        @Override
        public void onError(QuicConnection connection, Throwable error) {
            errors.add(error);
        }
    }

    private static byte[] echo(QuicConnection connection, Collector collector, byte[] bytes) throws Exception {
        QuicStream stream = await(connection.openStream());
        CompletableFuture<byte[]> echoed = collector.result(stream);
        stream.write(ByteBuffer.wrap(bytes));
        stream.finish();
        return await(echoed);
    }

    private static LoopGroup group(QuicServer server) {
        return ((RuntimeServer) server).group;
    }

    private static EndpointStats stats(EndpointLoop loop) throws Exception {
        CompletableFuture<EndpointStats> stats = new CompletableFuture<>();
        assertTrue(loop.execute(() -> stats.complete(loop.endpoint.stats())));
        return await(stats);
    }

    @Test
    void eventLoopsOutsideTheirRangeAreAClearError() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> Quic.server().alpn("echo").handler(new Echo()).eventLoops(0).listen());
        assertEquals("eventLoops: 0 is not in 1..64", zero.getMessage());
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> Quic.server().alpn("echo").handler(new Echo()).eventLoops(65).listen());
        assertEquals("eventLoops: 65 is not in 1..64", tooMany.getMessage());
    }

    @Test
    void fiftyClientsEchoByteExactOverBothLoops() throws Exception {
        int clients = 50;
        Echo echo = new Echo();
        QuicServer server = Quic.server().alpn("echo").handler(echo).eventLoops(2).listen();
        List<QuicClient> opened = new ArrayList<>();
        try {
            assertTrue(server.toString().contains("2 loops"), server.toString());
            List<CompletableFuture<byte[]>> results = new ArrayList<>();
            List<Collector> collectors = new ArrayList<>();
            List<CompletableFuture<QuicConnection>> connections = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                Collector collector = new Collector();
                collectors.add(collector);
                // A client of its own: its own port, so its own 4-tuple for the kernel's hash.
                QuicClient client = Quic.client().alpn("echo").tls(TlsOptions.insecure()).handler(collector).build();
                opened.add(client);
                connections.add(client.connect("127.0.0.1", server.port()));
            }
            for (int i = 0; i < clients; i++) {
                QuicConnection connection = await(connections.get(i));
                QuicStream stream = await(connection.openStream());
                results.add(collectors.get(i).result(stream));
                stream.write(ByteBuffer.wrap(payload(3_000, i)));
                stream.finish();
            }
            for (int i = 0; i < clients; i++) {
                assertArrayEquals(payload(3_000, i), await(results.get(i)), "client " + i);
            }
            assertEquals(clients, server.connectionCount(), "the count sums both loops");
            LoopGroup group = group(server);
            long onFirst = group.connectionsAccepted(0);
            long onSecond = group.connectionsAccepted(1);
            assertEquals(clients, onFirst + onSecond);
            // 50 independent 4-tuples: all on one loop has probability 2^-49 if the kernel hashes.
            assertTrue(onFirst > 0 && onSecond > 0, "connections per loop: " + onFirst + ", " + onSecond);
            assertEquals(clients, echo.connectionLoops.size());
            assertTrue(echo.errors.isEmpty(), echo.errors.toString());
        } finally {
            opened.forEach(QuicClient::close);
            server.close();
        }
        LoopGroup group = group(server);
        assertTrue(group.loop(0).terminated.isDone() && group.loop(1).terminated.isDone(), "close stops every loop");
        assertEquals(0, server.connectionCount());
    }

    @Test
    void aDatagramAtTheWrongLoopIsHandedToTheLoopOwningItsConnection() throws Exception {
        Echo echo = new Echo();
        Collector collector = new Collector();
        try (QuicServer server = Quic.server().alpn("echo").handler(echo).eventLoops(2).listen();
                Forwarder forwarder = new Forwarder(group(server), number -> 0);
                QuicClient client = Quic.client().alpn("echo").tls(TlsOptions.insecure()).handler(collector)
                        .build()) {
            QuicConnection connection = await(client.connect("127.0.0.1", forwarder.port()));
            assertArrayEquals(payload(1_000, 1), echo(connection, collector, payload(1_000, 1)));
            assertEquals(List.of(0), echo.connectionLoops);
            LoopGroup group = group(server);
            assertEquals(0, group.handedOffTo(0));
            // As after a NAT rebinding that the kernel hashes to the other socket: loop 1 receives.
            forwarder.pin = number -> 1;
            assertArrayEquals(payload(20_000, 2), echo(connection, collector, payload(20_000, 2)));
            assertTrue(group.handedOffTo(0) > 0, "handed to loop 0: " + group.handedOffTo(0));
            assertEquals(0, group.handedOffTo(1));
            assertEquals(0, group.handOffsDroppedFor(0));
            assertEquals(1, group.connectionsAccepted(0));
            assertEquals(0, group.connectionsAccepted(1), "loop 1 made no connection of the packets");
            assertEquals(0, stats(group.loop(1)).statelessResetsSent(), "nor answered them with resets");
            assertTrue(echo.errors.isEmpty(), echo.errors.toString());
        }
    }

    @Test
    void aTicketIssuedOnOneLoopResumesWithZeroRttOnTheOther() throws Exception {
        Echo echo = new Echo();
        Collector collector = new Collector();
        try (QuicServer server = Quic.server().alpn("echo").earlyData(true).handler(echo).eventLoops(2).listen();
                Forwarder forwarder = new Forwarder(group(server), number -> 0);
                QuicClient client = Quic.client().alpn("echo").tls(TlsOptions.insecure()).earlyData(true)
                        .handler(collector).build()) {
            QuicConnection first = await(client.connect("127.0.0.1", forwarder.port()));
            assertArrayEquals(payload(100, 1), echo(first, collector, payload(100, 1)));
            assertFalse(first.stats().zeroRttAccepted());
            first.close();
            forwarder.pin = number -> 1;
            QuicConnection second = await(client.connect("127.0.0.1", forwarder.port()));
            assertArrayEquals(payload(100, 2), echo(second, collector, payload(100, 2)));
            assertTrue(second.stats().zeroRttAccepted(), "0-RTT accepted on the other loop: " + second.stats());
            assertEquals(List.of(0, 1), echo.connectionLoops);
            assertTrue(echo.errors.isEmpty(), echo.errors.toString());
        }
    }

    @Test
    void aRetryTokenFromOneLoopIsAcceptedByTheOther() throws Exception {
        Echo echo = new Echo();
        Collector collector = new Collector();
        try (QuicServer server = Quic.server().alpn("echo").requireRetry(true).handler(echo).eventLoops(2).listen();
                Forwarder forwarder = new Forwarder(group(server), number -> number == 0 ? 0 : 1);
                QuicClient client = Quic.client().alpn("echo").tls(TlsOptions.insecure()).handler(collector)
                        .build()) {
            QuicConnection connection = await(client.connect("127.0.0.1", forwarder.port()));
            assertArrayEquals(payload(500, 3), echo(connection, collector, payload(500, 3)));
            LoopGroup group = group(server);
            assertEquals(1, stats(group.loop(0)).retriesSent(), "loop 0 answered the first Initial with a Retry");
            assertEquals(0, stats(group.loop(0)).connectionsAccepted());
            assertEquals(0, stats(group.loop(1)).invalidTokens());
            assertEquals(List.of(1), echo.connectionLoops, "loop 1 accepted the Initial carrying loop 0's token");
            assertTrue(echo.errors.isEmpty(), echo.errors.toString());
        }
    }

    @Test
    void clientsWhosePortsChangeKeepTheirConnectionsWhicheverLoopTheKernelPicks() throws Exception {
        int clients = 24;
        Echo echo = new Echo();
        QuicServer server = Quic.server().alpn("echo").handler(echo).eventLoops(2).listen();
        List<QuicClient> opened = new ArrayList<>();
        try (Rebinder rebinder = new Rebinder(new InetSocketAddress("127.0.0.1", server.port()))) {
            List<QuicConnection> connections = new ArrayList<>();
            List<Collector> collectors = new ArrayList<>();
            List<CompletableFuture<QuicConnection>> connecting = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                Collector collector = new Collector();
                collectors.add(collector);
                QuicClient client = Quic.client().alpn("echo").tls(TlsOptions.insecure()).handler(collector).build();
                opened.add(client);
                connecting.add(client.connect("127.0.0.1", rebinder.port()));
            }
            for (int i = 0; i < clients; i++) {
                connections.add(await(connecting.get(i)));
                assertArrayEquals(payload(200, i), echo(connections.get(i), collectors.get(i), payload(200, i)));
            }
            // Every client gets a new source port: a new 4-tuple that the kernel hashes afresh.
            rebinder.rebind();
            for (int i = 0; i < clients; i++) {
                assertArrayEquals(payload(5_000, 100 + i),
                        echo(connections.get(i), collectors.get(i), payload(5_000, 100 + i)), "client " + i);
            }
            LoopGroup group = group(server);
            // 24 new 4-tuples: none hashed to the other loop has probability 2^-24.
            assertTrue(group.handedOffTo(0) + group.handedOffTo(1) > 0, "datagrams handed over: "
                    + group.handedOffTo(0) + ", " + group.handedOffTo(1));
            assertEquals(clients, group.connectionsAccepted(0) + group.connectionsAccepted(1),
                    "no new connection was made of the rebound clients' packets");
            assertEquals(clients, server.connectionCount());
            assertTrue(echo.errors.isEmpty(), echo.errors.toString());
        } finally {
            opened.forEach(QuicClient::close);
            server.close();
        }
    }

    /**
     * A UDP relay for many clients, one upstream socket each toward the server's real port;
     * {@link #rebind} gives every client a new upstream socket (a NAT rebinding). Old upstream
     * sockets stay open, so answers still sent to an old port reach their client.
     */
    static final class Rebinder implements AutoCloseable {
        private final InetSocketAddress server;
        private final java.nio.channels.Selector selector;
        private final DatagramChannel clientSide;
        private final Map<SocketAddress, DatagramChannel> upstreams = new ConcurrentHashMap<>();
        private final List<DatagramChannel> all = new CopyOnWriteArrayList<>();
        private final java.util.Queue<Runnable> commands = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final Thread thread;
        private volatile boolean running = true;

        Rebinder(InetSocketAddress server) throws IOException {
            this.server = server;
            selector = java.nio.channels.Selector.open();
            clientSide = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            clientSide.configureBlocking(false);
            clientSide.register(selector, java.nio.channels.SelectionKey.OP_READ);
            thread = new Thread(this::run, "rebinder");
            thread.setDaemon(true);
            thread.start();
        }

        int port() throws IOException {
            return ((InetSocketAddress) clientSide.getLocalAddress()).getPort();
        }

        private DatagramChannel upstream(SocketAddress client) throws IOException {
            DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            channel.configureBlocking(false);
            channel.register(selector, java.nio.channels.SelectionKey.OP_READ, client);
            all.add(channel);
            return channel;
        }

        private void run() {
            ByteBuffer buffer = ByteBuffer.allocate(65_536);
            try {
                while (running) {
                    selector.select();
                    Runnable command;
                    while ((command = commands.poll()) != null) {
                        command.run();
                    }
                    for (java.nio.channels.SelectionKey key : selector.selectedKeys()) {
                        DatagramChannel channel = (DatagramChannel) key.channel();
                        SocketAddress from;
                        while ((from = receive(channel, buffer)) != null) {
                            buffer.flip();
                            if (channel == clientSide) {
                                DatagramChannel out = upstreams.get(from);
                                if (out == null) {
                                    out = upstream(from);
                                    upstreams.put(from, out);
                                }
                                out.send(buffer, server);
                            } else {
                                clientSide.send(buffer, (SocketAddress) key.attachment());
                            }
                            buffer.clear();
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException | java.nio.channels.ClosedSelectorException closed) {
                // closed: done
            }
        }

        private static SocketAddress receive(DatagramChannel channel, ByteBuffer buffer) throws IOException {
            buffer.clear();
            return channel.receive(buffer);
        }

        /** Every client's next datagrams leave from a new port; returns once that holds. */
        void rebind() throws Exception {
            CompletableFuture<Void> done = new CompletableFuture<>();
            commands.add(() -> {
                try {
                    for (SocketAddress client : upstreams.keySet()) {
                        upstreams.put(client, upstream(client));
                    }
                    done.complete(null);
                } catch (IOException failure) {
                    done.completeExceptionally(failure);
                }
            });
            selector.wakeup();
            await(done);
        }

        @Override
        public void close() throws Exception {
            running = false;
            selector.close();
            thread.join(dev.jquic.Loopback.WAIT.toMillis());
            clientSide.close();
            for (DatagramChannel channel : all) {
                channel.close();
            }
        }
    }

    /**
     * Stands between client and server: every client datagram is given to the server loop
     * {@link #pin} names (by datagram number), as if that loop's socket had read it from this
     * forwarder's server-side socket; the server's answers to that socket go back to the client.
     */
    static final class Forwarder implements AutoCloseable {
        private final DatagramChannel clientSide;
        private final DatagramChannel serverSide;
        private final AtomicInteger count = new AtomicInteger();
        private final Thread toServer;
        private final Thread toClient;
        volatile IntUnaryOperator pin;
        private volatile SocketAddress client;

        Forwarder(LoopGroup group, IntUnaryOperator pin) throws IOException {
            this.pin = pin;
            clientSide = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            serverSide = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            SocketAddress source = serverSide.getLocalAddress();
            toServer = start("forwarder-to-server", () -> {
                ByteBuffer buffer = ByteBuffer.allocate(65_536);
                while (true) {
                    buffer.clear();
                    client = clientSide.receive(buffer);
                    buffer.flip();
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.get(bytes);
                    group.receiveAt(this.pin.applyAsInt(count.getAndIncrement()), bytes, source);
                }
            });
            toClient = start("forwarder-to-client", () -> {
                ByteBuffer buffer = ByteBuffer.allocate(65_536);
                while (true) {
                    buffer.clear();
                    serverSide.receive(buffer);
                    buffer.flip();
                    SocketAddress destination = client;
                    if (destination != null) {
                        clientSide.send(buffer, destination);
                    }
                }
            });
        }

        private interface Pump {
            void run() throws IOException;
        }

        private static Thread start(String name, Pump pump) {
            Thread thread = new Thread(() -> {
                try {
                    pump.run();
                } catch (IOException closed) {
                    // close() closed the channel: done
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        int port() throws IOException {
            return ((InetSocketAddress) clientSide.getLocalAddress()).getPort();
        }

        @Override
        public void close() throws Exception {
            clientSide.close();
            serverSide.close();
            toServer.join(dev.jquic.Loopback.WAIT.toMillis());
            toClient.join(dev.jquic.Loopback.WAIT.toMillis());
            assertNotNull(toServer);
        }
    }
}
