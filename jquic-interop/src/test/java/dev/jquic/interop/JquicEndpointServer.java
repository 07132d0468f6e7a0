package dev.jquic.interop;

import dev.jquic.core.connection.Connection;
import dev.jquic.core.connection.ConnectionConfig;
import dev.jquic.core.connection.ConnectionEvent;
import dev.jquic.core.connection.TlsSessionFactory;
import dev.jquic.core.endpoint.Endpoint;
import dev.jquic.core.endpoint.EndpointConfig;
import dev.jquic.core.endpoint.EndpointEvent;
import dev.jquic.core.endpoint.EndpointStats;
import dev.jquic.core.stream.StreamEvent;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.tls.TransportParametersResponder;
import dev.jquic.tls.QuicTls;
import dev.jquic.tls.TlsServerConfig;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * jquic's {@link Endpoint} (many connections, Retry, routing by connection ID) serving the
 * download protocol on a loopback port, on its own thread.
 */
final class JquicEndpointServer implements AutoCloseable {

    private final DatagramChannel channel;
    private final Selector selector;
    private final Endpoint endpoint;
    /** Every server connection's trace, in creation order. */
    private final java.util.Queue<TraceLog> traces = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final InetSocketAddress local;
    private final Thread thread;
    private volatile boolean stop;
    private volatile Throwable failure;
    private volatile EndpointStats stats;
    private final Map<Long, Map<Long, ByteArrayOutputStream>> requests = new HashMap<>();
    private final Map<Long, Map<Long, long[]>> responses = new HashMap<>();
    private final Set<String> served = new HashSet<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(65_536);

    JquicEndpointServer(boolean requireRetry) throws Exception {
        channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        channel.bind(new InetSocketAddress("127.0.0.1", 0));
        channel.configureBlocking(false);
        selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
        local = (InetSocketAddress) channel.getLocalAddress();
        TlsServerConfig tlsConfig = JquicDownloadServer.tls().build();
        TlsSessionFactory tls = new TlsSessionFactory() {
            @Override
            public TlsSession create(ByteBuffer parameters) {
                return QuicTls.server(tlsConfig, parameters);
            }

            @Override
            public TlsSession createServer(ByteBuffer initialParameters, TransportParametersResponder responder) {
                return QuicTls.server(tlsConfig, responder);
            }
        };
        endpoint = new Endpoint(EndpointConfig.builder().server(ConnectionConfig.builder().build(), tls)
                .requireRetry(requireRetry).build(), new SplittableRandom(11), System.nanoTime());
        endpoint.setServerConnectionTracers(connection -> {
            TraceLog trace = new TraceLog();
            traces.add(trace);
            return trace;
        });
        thread = new Thread(this::run, "jquic-endpoint-server");
        thread.setDaemon(true);
        thread.start();
    }

    /** The traces of the connections that idled out or are still open, for a failed case. */
    String unfinishedTraces() {
        StringBuilder text = new StringBuilder();
        for (TraceLog trace : traces) {
            String reason = trace.closedReason();
            if (reason == null || reason.contains("IDLE")) {
                text.append("jquic server connection (").append(reason == null ? "open" : reason).append("):\n")
                        .append(trace.text()).append('\n');
            }
        }
        return text.toString();
    }

    InetSocketAddress address() {
        return local;
    }

    EndpointStats stats() {
        return stats;
    }

    private void run() {
        ByteBuffer in = ByteBuffer.allocate(65_536);
        ByteBuffer out = ByteBuffer.allocate(65_536);
        try {
            while (!stop) {
                long now = System.nanoTime();
                long wait = Math.max(1, Math.min(50, (endpoint.pollTimeout() - now) / 1_000_000));
                selector.select(wait);
                selector.selectedKeys().clear();
                SocketAddress from;
                in.clear();
                while ((from = channel.receive(in)) != null) {
                    in.flip();
                    endpoint.handleDatagram(in, local, from, System.nanoTime());
                    in.clear();
                }
                now = System.nanoTime();
                if (now >= endpoint.pollTimeout()) {
                    endpoint.handleTimeout(now);
                }
                EndpointEvent event;
                while ((event = endpoint.pollEvent()) != null) {
                    if (event instanceof EndpointEvent.ConnectionEventOf of) {
                        onEvent(of.handle(), of.event());
                    } else if (event instanceof EndpointEvent.ConnectionForgotten forgotten) {
                        requests.remove(forgotten.handle());
                        responses.remove(forgotten.handle());
                    }
                }
                for (var entry : responses.entrySet()) {
                    respond(entry.getKey(), entry.getValue());
                }
                for (int i = 0; i < 10_000; i++) {
                    out.clear();
                    int length = endpoint.pollTransmit(out, System.nanoTime());
                    if (length == 0) {
                        break;
                    }
                    out.position(0).limit(length);
                    channel.send(out, (SocketAddress) endpoint.transmitPath().remoteAddress());
                }
                stats = endpoint.stats();
            }
        } catch (Throwable e) {
            failure = e;
        }
    }

    private void onEvent(long handle, ConnectionEvent event) {
        if (!(event instanceof ConnectionEvent.Stream stream) || !(stream.event() instanceof StreamEvent.Readable r)) {
            return;
        }
        Connection connection = endpoint.connection(handle);
        long id = r.streamId();
        Map<Long, long[]> active = responses.computeIfAbsent(handle, key -> new HashMap<>());
        if (connection == null || active.containsKey(id) || served.contains(handle + "/" + id)) {
            return;
        }
        ByteArrayOutputStream request = requests.computeIfAbsent(handle, key -> new HashMap<>())
                .computeIfAbsent(id, key -> new ByteArrayOutputStream());
        while (true) {
            readBuffer.clear();
            int read = connection.read(id, readBuffer);
            if (read == -1) {
                active.put(id, new long[] {Payload.parseRequest(request.toByteArray()), 0});
                served.add(handle + "/" + id);
                requests.get(handle).remove(id);
                break;
            }
            if (read == 0) {
                break;
            }
            request.write(readBuffer.array(), 0, read);
        }
        endpoint.markActive(handle); // reading may have freed flow-control credit
    }

    private void respond(long handle, Map<Long, long[]> active) {
        Connection connection = endpoint.connection(handle);
        if (connection == null) {
            return;
        }
        for (var iterator = active.entrySet().iterator(); iterator.hasNext();) {
            var entry = iterator.next();
            long[] progress = entry.getValue();
            while (progress[1] < progress[0]) {
                int offset = Payload.blockOffset(progress[1]);
                int length = (int) Math.min(progress[0] - progress[1], Payload.BLOCK.length - offset);
                int written = connection.write(entry.getKey(), ByteBuffer.wrap(Payload.BLOCK, offset, length));
                progress[1] += written;
                if (written < length) {
                    break;
                }
            }
            if (progress[1] == progress[0]) {
                connection.finish(entry.getKey());
                iterator.remove();
                endpoint.markActive(handle);
            }
        }
        if (!active.isEmpty()) {
            endpoint.markActive(handle);
        }
    }

    @Override
    public void close() throws Exception {
        stop = true;
        selector.wakeup();
        thread.join(5_000);
        selector.close();
        channel.close();
        if (failure != null) {
            throw new IllegalStateException("endpoint server failed", failure);
        }
    }
}
