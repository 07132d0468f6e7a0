package dev.jquic.interop;

import dev.jquic.core.connection.Connection;
import dev.jquic.core.connection.ConnectionConfig;
import dev.jquic.core.connection.ConnectionEvent;
import dev.jquic.core.connection.ConnectionStats;
import dev.jquic.core.connection.StatelessResetTokens;
import dev.jquic.core.connection.TlsSessionFactory;
import dev.jquic.core.frame.StreamDirection;
import dev.jquic.core.path.NetworkPath;
import dev.jquic.core.stream.StreamEvent;
import dev.jquic.core.stream.StreamManager;
import dev.jquic.core.params.TransportParameters;
import dev.jquic.core.types.Version;
import dev.jquic.tls.QuicTls;
import dev.jquic.tls.TlsClientConfig;
import dev.jquic.tls.cert.PeerCertificateVerifier;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * jquic's client side of the download protocol ({@link Payload}) over a {@link LoopbackDriver}:
 * downloads the given file sizes over one connection, as many streams at a time as the peer
 * allows, and checks each file's SHA-256. Options are set on the fields before {@link #run}.
 */
final class JquicDownloadClient {

    /** What one connection achieved. */
    record Result(ConnectionStats stats, Version version, String applicationProtocol, int filesVerified,
            byte[] sessionTicket, TransportParameters serverParameters, long transferNanos, long keyGeneration,
            boolean resumed) {
    }

    TlsClientConfig.Builder tls = TlsClientConfig.builder().applicationProtocols("hq-interop")
            .peerCertificateVerifier(PeerCertificateVerifier.insecure());
    /** jquic's defaults, including its 30 s idle timeout (the peers get 30 s too). */
    ConnectionConfig config = ConnectionConfig.builder().build();
    /** A ticket of an earlier connection to resume with, and that connection's server parameters. */
    byte[] ticket;
    TransportParameters rememberedServerParameters;
    /** Start a key update once this many response bytes arrived (negative: never). */
    long keyUpdateAfterBytes = -1;
    /** Called once when this many response bytes arrived (negative: never), e.g. to impair the path. */
    long midTransferBytes = -1;
    Runnable midTransfer = () -> { };
    /** Send the requests before the handshake completes (0-RTT when resuming). */
    boolean requestEarly;
    Duration limit = Duration.ofSeconds(60);
    /** The client's UDP address once {@link #run} has opened it (for the relay's per-flow counts). */
    volatile java.net.InetSocketAddress localAddress;
    /** Receives the connection's trace events (for diagnosing a failed case). */
    dev.jquic.core.trace.ConnectionTracer tracer = dev.jquic.core.trace.ConnectionTracer.NONE;

    Result run(InetSocketAddress server, long... sizes) throws Exception {
        TlsClientConfig tlsConfig = tls.build();
        byte[] savedTicket = ticket;
        dev.jquic.core.tls.TlsSession[] session = new dev.jquic.core.tls.TlsSession[1];
        TlsSessionFactory factory = parameters -> session[0] = savedTicket == null
                ? QuicTls.client(tlsConfig, "localhost", parameters)
                : QuicTls.client(tlsConfig, "localhost", parameters, savedTicket);
        SecureRandom secure = new SecureRandom();
        byte[] key = new byte[32];
        secure.nextBytes(key);
        // The connection's generator draws its connection IDs. Seeded from the clock, two of the
        // ten clients of a 50-handshake case started in the same tick shared their IDs, and
        // quiche's server took both for one connection (issue #6, seed 38009).
        long seed = secure.nextLong();
        try (LoopbackDriver driver = new LoopbackDriver()) {
            localAddress = driver.localAddress();
            long start = System.nanoTime();
            driver.connection = rememberedServerParameters == null
                    ? Connection.client(config, factory, new NetworkPath(driver.localAddress(), server),
                            new SplittableRandom(seed), new StatelessResetTokens(key), start)
                    : Connection.client(config, factory, new NetworkPath(driver.localAddress(), server),
                            new SplittableRandom(seed), new StatelessResetTokens(key), rememberedServerParameters,
                            start);
            Connection connection = driver.connection;
            connection.setTracer(tracer);
            Map<Long, long[]> open = new HashMap<>(); // stream -> {file index, bytes received}
            Map<Long, MessageDigest> digests = new HashMap<>();
            List<String> failures = new ArrayList<>();
            int[] next = {0};
            int[] verified = {0};
            long[] received = {0};
            byte[][] tickets = {null};
            boolean[] keyUpdated = {false};
            boolean[] midDone = {false};
            ByteBuffer readBuffer = ByteBuffer.allocate(65_536);
            Runnable openStreams = () -> {
                while (next[0] < sizes.length) {
                    long id = connection.openStream(StreamDirection.BIDIRECTIONAL);
                    if (id == StreamManager.NO_STREAM) {
                        return;
                    }
                    ByteBuffer request = ByteBuffer.wrap(Payload.request(sizes[next[0]]));
                    connection.write(id, request);
                    connection.finish(id);
                    open.put(id, new long[] {next[0], 0});
                    digests.put(id, Payload.digest());
                    next[0]++;
                }
            };
            boolean[] started = {false};
            if (requestEarly) {
                // Written before the first flush: the ClientHello's datagram carries the request in 0-RTT.
                // Written after it, the server's whole first flight (and the 1-RTT keys) can arrive
                // before the next round, and the request goes out in 1-RTT instead.
                started[0] = true;
                openStreams.run();
            }
            driver.runUntil(() -> verified[0] + failures.size() == sizes.length
                    && (!waitForTicket || tickets[0] != null), limit, event -> {
                if (event instanceof ConnectionEvent.SessionTicket sessionTicket) {
                    tickets[0] = sessionTicket.ticket();
                } else if (event instanceof ConnectionEvent.Closed closed) {
                    throw new IllegalStateException("connection closed: " + closed.reason() + "; state "
                            + connection.state() + ", " + connection.stats());
                } else if (event instanceof ConnectionEvent.Stream stream
                        && stream.event() instanceof StreamEvent.Readable readable) {
                    long id = readable.streamId();
                    long[] progress = open.get(id);
                    while (progress != null) {
                        readBuffer.clear();
                        int read = connection.read(id, readBuffer);
                        if (read == 0) {
                            break;
                        }
                        if (read == -1) {
                            long size = sizes[(int) progress[0]];
                            if (Payload.matches(size, progress[1], digests.remove(id))) {
                                verified[0]++;
                            } else {
                                failures.add("file " + progress[0] + " (" + size + " bytes) got " + progress[1]
                                        + " bytes, hash " + (progress[1] == size ? "differs" : "n/a"));
                            }
                            open.remove(id);
                            break;
                        }
                        progress[1] += read;
                        received[0] += read;
                        digests.get(id).update(readBuffer.array(), 0, read);
                    }
                }
            }, () -> {
                if (!started[0] && (requestEarly || connection.isHandshakeComplete())) {
                    started[0] = true;
                }
                if (started[0]) {
                    openStreams.run();
                }
                if (keyUpdateAfterBytes >= 0 && !keyUpdated[0] && received[0] >= keyUpdateAfterBytes) {
                    keyUpdated[0] = connection.initiateKeyUpdate(System.nanoTime());
                }
                if (midTransferBytes >= 0 && !midDone[0] && received[0] >= midTransferBytes) {
                    midDone[0] = true;
                    midTransfer.run();
                }
            });
            long transferNanos = System.nanoTime() - start;
            if (!failures.isEmpty()) {
                throw new AssertionError(failures.size() + " of " + sizes.length + " files wrong: " + failures.get(0));
            }
            Result result = new Result(connection.stats(), connection.version(), connection.applicationProtocol(),
                    verified[0], tickets[0], connection.peerTransportParameters(), transferNanos,
                    connection.keyGeneration(),
                    session[0] instanceof dev.jquic.tls.handshake.ClientHandshake client && client.isResumed());
            connection.close(0, "done", System.nanoTime());
            try {
                driver.runUntil(() -> false, Duration.ofMillis(30), event -> { }, () -> { });
            } catch (java.util.concurrent.TimeoutException expected) {
                // The CONNECTION_CLOSE went out; nothing else to wait for.
            }
            return result;
        }
    }

    /** Set to wait for a session ticket before finishing (for a later resumption). */
    boolean waitForTicket;
}
