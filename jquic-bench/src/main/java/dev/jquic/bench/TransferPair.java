package dev.jquic.bench;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.connection.Connection;
import dev.jquic.core.connection.ConnectionConfig;
import dev.jquic.core.connection.ServerOrigin;
import dev.jquic.core.connection.StatelessResetTokens;
import dev.jquic.core.frame.StreamDirection;
import dev.jquic.core.packet.PacketHeader;
import dev.jquic.core.packet.PacketParser;
import dev.jquic.core.packet.ParsedPacket;
import dev.jquic.core.path.NetworkPath;
import dev.jquic.testkit.quic.RealTls;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * Two established sans-IO {@link Connection}s wired back to back in memory (no sockets, no
 * threads), with the real TLS 1.3 handshake of jquic-tls (so 1-RTT packets are protected with
 * AES-128-GCM) and a fake clock that the caller advances. The client writes one bidirectional
 * stream; the server reads it into a sink and acknowledges. Delivery is instantaneous and
 * loss-free; time advances by {@link #STEP_NANOS} per data packet and jumps to the next
 * deadline when the client is blocked (congestion window, pacing), so the round trip is a few
 * microseconds of fake time.
 *
 * <p>Every buffer is allocated once here, so that what a benchmark measures per packet is the
 * allocation of the connections themselves. Single-threaded.
 */
final class TransferPair {

    /** Fake time that passes per client datagram sent: 1 µs, i.e. ~1.2 GB/s. */
    static final long STEP_NANOS = 1_000;
    private static final int MAX_DATAGRAM = 1500;
    /** Bound of the loops that shuttle datagrams (a stuck pair fails instead of spinning). */
    private static final int MAX_ROUNDS = 10_000;
    private static final com.sun.management.ThreadMXBean THREADS = threads();

    final Connection client;
    final Connection server;
    long nowNanos = 1_000_000_000L;
    long streamId;
    long bytesDelivered;
    long clientDatagrams;
    long serverDatagrams;
    /** Bytes allocated in calls on the client (write, pollTransmit, handleDatagram, handleTimeout). */
    long clientAllocatedBytes;
    /** Bytes allocated in calls on the server (handleDatagram, read, pollEvent, pollTransmit, handleTimeout). */
    long serverAllocatedBytes;
    private long countedFromDatagram;
    private long countedFromServerDatagram;
    /** Whether the client saw HANDSHAKE_DONE (RFC 9001 §4.1.2): the handshake is confirmed. */
    private boolean clientConfirmed;

    private final NetworkPath clientPath = new NetworkPath("client", "server");
    private final NetworkPath serverPath = new NetworkPath("server", "client");
    private final ByteBuffer datagram = ByteBuffer.allocate(MAX_DATAGRAM);
    private final ByteBuffer source = ByteBuffer.allocate(64 * 1024);
    private final ByteBuffer sink = ByteBuffer.allocate(64 * 1024);

    TransferPair(ConnectionConfig config) {
        this(config, RealTls.client("localhost"), RealTls.server(), 7);
    }

    /**
     * A pair whose handshake uses {@code clientTls} and {@code serverTls}; {@code seed} sets the
     * connection IDs and reset-token keys.
     */
    TransferPair(ConnectionConfig config, dev.jquic.core.connection.TlsSessionFactory clientTls,
            dev.jquic.core.connection.TlsSessionFactory serverTls, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] clientKey = new byte[32];
        byte[] serverKey = new byte[32];
        random.nextBytes(clientKey);
        random.nextBytes(serverKey);
        client = Connection.client(config, clientTls, clientPath, random.split(),
                new StatelessResetTokens(clientKey), nowNanos);
        datagram.clear();
        int length = client.pollTransmit(datagram, nowNanos);
        datagram.flip();
        server = Connection.server(config, serverTls, serverPath, random.split(),
                new StatelessResetTokens(serverKey), originOf(datagram, length), nowNanos);
        server.handleDatagram(datagram, serverPath, nowNanos);
        for (int round = 0; round < MAX_ROUNDS && !isEstablished(); round++) {
            exchange();
            nowNanos += STEP_NANOS;
        }
        if (!isEstablished()) {
            throw new IllegalStateException("handshake did not complete: client " + client.state() + ", server "
                    + server.state());
        }
        for (int i = 0; i < source.capacity(); i++) {
            source.put(i, (byte) (i * 31 + 7));
        }
        streamId = client.openStream(StreamDirection.BIDIRECTIONAL);
    }

    private static com.sun.management.ThreadMXBean threads() {
        if (java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                && bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled()) {
            return bean;
        }
        return null;
    }

    /** Forgets the allocation counted so far (after warm-up). */
    void resetAllocationCounts() {
        clientAllocatedBytes = 0;
        serverAllocatedBytes = 0;
        countedFromDatagram = clientDatagrams;
        countedFromServerDatagram = serverDatagrams;
    }

    /** Server datagrams (ACKs) sent since {@link #resetAllocationCounts()}. */
    long countedServerDatagrams() {
        return serverDatagrams - countedFromServerDatagram;
    }

    /** Client datagrams sent since {@link #resetAllocationCounts()}. */
    long countedDatagrams() {
        return clientDatagrams - countedFromDatagram;
    }

    private boolean isEstablished() {
        return client.isHandshakeComplete() && server.isHandshakeComplete() && clientConfirmed;
    }

    private static ServerOrigin originOf(ByteBuffer initial, int length) {
        try {
            ParsedPacket parsed = PacketParser.parse(initial.duplicate(), 0, 8);
            PacketHeader header = (PacketHeader) parsed;
            return ServerOrigin.of(header.version(), header.destinationConnectionId(), header.sourceConnectionId());
        } catch (QuicProtocolException e) {
            throw new IllegalStateException("the client's first datagram (" + length + " bytes) does not parse", e);
        }
    }

    /** Delivers every datagram either side has to send now, until both are quiet. */
    private void exchange() {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            int moved = flush(client, server, serverPath) + flush(server, client, clientPath);
            drainEvents();
            if (moved == 0) {
                return;
            }
        }
        throw new IllegalStateException("the pair never went quiet");
    }

    private int drainEvents() {
        int count = 0;
        for (int i = 0; i < MAX_ROUNDS; i++) {
            var event = client.pollEvent();
            if (event == null) {
                break;
            }
            if (event instanceof dev.jquic.core.connection.ConnectionEvent.HandshakeConfirmed) {
                clientConfirmed = true;
            }
            count++;
        }
        for (int i = 0; i < MAX_ROUNDS && server.pollEvent() != null; i++) {
            count++;
        }
        return count;
    }

    private int flush(Connection from, Connection to, NetworkPath toPath) {
        int count = 0;
        for (int i = 0; i < MAX_ROUNDS; i++) {
            datagram.clear();
            int length = from.pollTransmit(datagram, nowNanos);
            if (length == 0) {
                return count;
            }
            datagram.flip();
            to.handleDatagram(datagram, toPath, nowNanos);
            count++;
            if (from == client) {
                clientDatagrams++;
            } else {
                serverDatagrams++;
            }
        }
        throw new IllegalStateException("endless datagrams");
    }

    /**
     * Carries one client datagram of stream data to the server; the server reads what arrived
     * and its acknowledgments go back to the client at once. When the client is blocked, fake
     * time jumps to the earliest deadline of either side. Returns the datagram's length.
     */
    int transferOnePacket() {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            long mark = allocatedBytes();
            for (int i = 0; i < MAX_ROUNDS && client.pollEvent() != null; i++) {
                // Writable events; every round writes regardless.
            }
            source.clear();
            client.write(streamId, source);
            datagram.clear();
            int length = client.pollTransmit(datagram, nowNanos);
            mark = chargeClient(mark);
            if (length > 0) {
                datagram.flip();
                server.handleDatagram(datagram, serverPath, nowNanos);
                clientDatagrams++;
                readAll();
                flushServerToClient(mark);
                nowNanos += STEP_NANOS;
                return length;
            }
            mark = flushServerToClient(mark);
            long deadline = Math.min(client.pollTimeout(), server.pollTimeout());
            if (deadline == Connection.NO_DEADLINE) {
                throw new IllegalStateException("client blocked with no deadline");
            }
            nowNanos = Math.max(nowNanos + 1, deadline);
            client.handleTimeout(nowNanos);
            mark = chargeClient(mark);
            server.handleTimeout(nowNanos);
            chargeServer(mark);
        }
        throw new IllegalStateException("the client sent nothing in " + MAX_ROUNDS + " rounds");
    }

    /**
     * Like {@link #flush} from server to client, but charges the server's {@code pollTransmit}
     * to the server and the client's {@code handleDatagram} to the client; {@code mark} is the
     * allocation counter when the server's share began. Returns the counter at the end.
     */
    private long flushServerToClient(long mark) {
        for (int i = 0; i < MAX_ROUNDS; i++) {
            datagram.clear();
            int length = server.pollTransmit(datagram, nowNanos);
            mark = chargeServer(mark);
            if (length == 0) {
                return mark;
            }
            datagram.flip();
            client.handleDatagram(datagram, clientPath, nowNanos);
            mark = chargeClient(mark);
            serverDatagrams++;
        }
        throw new IllegalStateException("endless datagrams");
    }

    /**
     * This thread's allocated bytes so far (HotSpot's per-thread TLAB accounting, which is what
     * JMH's {@code -prof gc} uses too), or 0 where the JVM does not offer it.
     */
    private static long allocatedBytes() {
        return THREADS == null ? 0 : THREADS.getCurrentThreadAllocatedBytes();
    }

    private long chargeClient(long mark) {
        long now = allocatedBytes();
        clientAllocatedBytes += now - mark;
        return now;
    }

    private long chargeServer(long mark) {
        long now = allocatedBytes();
        serverAllocatedBytes += now - mark;
        return now;
    }

    private void readAll() {
        for (int i = 0; i < MAX_ROUNDS; i++) {
            sink.clear();
            int read = server.read(streamId, sink);
            if (read <= 0) {
                break;
            }
            bytesDelivered += read;
        }
        for (int i = 0; i < MAX_ROUNDS && server.pollEvent() != null; i++) {
            // Readable events; the loop above reads regardless.
        }
    }
}
