package dev.jquic.runtime;

import dev.jquic.QuicException;
import dev.jquic.QuicServer;
import dev.jquic.core.connection.ConnectionConfig;
import dev.jquic.core.connection.ConnectionIdGenerator;
import dev.jquic.core.endpoint.ConnectionIdShard;
import dev.jquic.core.endpoint.Endpoint;
import dev.jquic.core.endpoint.EndpointConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A listening server: one event loop with its socket and core endpoint, or with
 * {@link EndpointSettings#eventLoops()} {@code > 1} several, each with its own socket on the same
 * port ({@code SO_REUSEPORT}) and endpoint, grouped in a {@link LoopGroup}. The loops share the
 * TLS configuration (certificate, session-ticket store), the Retry-token key and the
 * stateless-reset key, so a ticket, a token or a reset issued on one loop is honoured on every
 * other; each loop admits {@code ceil(maxConnections / loops)} connections.
 */
final class RuntimeServer implements QuicServer, EndpointLoop.EventSink {

    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);
    private static final int KEY_BYTES = 32;

    private final EndpointLoop[] loops;
    /** The loops sharing the port, or {@code null} for a single loop. */
    final LoopGroup group;
    private final String fingerprint;
    private final CompletableFuture<Void> terminated;
    /** Computes the handshakes' CertificateVerify signatures off the loops (TlsSetup defers them). */
    private final DeferredWorkPool deferredWork = new DeferredWorkPool(() -> "jquic-server-signer-" + port());

    RuntimeServer(EndpointSettings settings) {
        InetAddress address;
        try {
            address = InetAddress.getByName(settings.host());
        } catch (UnknownHostException unknown) {
            throw new QuicException("host: cannot resolve \"" + settings.host() + "\"", unknown);
        }
        int count = settings.eventLoops();
        if (count > 1) {
            requireReusePort(count);
        }
        SecureRandom random = new SecureRandom();
        TlsSetup.Server tls = TlsSetup.server(settings, random);
        ConnectionConfig config = Runtimes.connectionConfig(settings);
        KeyLog keyLog = KeyLog.open(settings.keyLogFile());
        byte[] tokenKey = new byte[KEY_BYTES];
        byte[] resetKey = new byte[KEY_BYTES];
        random.nextBytes(tokenKey);
        random.nextBytes(resetKey);
        int maxConnectionsPerLoop = (settings.maxConnections() + count - 1) / count;
        int maxPerAddressPerLoop = (settings.maxConnectionsPerAddress() + count - 1) / count;
        this.fingerprint = tls.fingerprint();
        this.loops = new EndpointLoop[count];
        EndpointConfig.Builder shared = EndpointConfig.builder()
                .server(config, KeyLog.wrap(tls.factory(), keyLog, false))
                .clientConfig(config)
                .requireRetry(settings.requireRetry())
                .maxConnections(maxConnectionsPerLoop)
                .maxConnectionsPerHost(maxPerAddressPerLoop)
                // The limit counts a client's IP address, whatever its UDP ports.
                .hostOf(remote -> remote instanceof java.net.InetSocketAddress socket ? socket.getAddress() : remote)
                .tokenKey(tokenKey)
                .statelessResetKey(resetKey);
        int connectionIdLength = shared.build().localConnectionIdLength();
        this.group = count > 1 ? new LoopGroup(count, connectionIdLength) : null;
        InetSocketAddress bindAddress = new InetSocketAddress(address, settings.port());
        try {
            for (int index = 0; index < count; index++) {
                ConnectionIdGenerator ids = count > 1 ? new ConnectionIdShard(index, count) : ConnectionIdGenerator.RANDOM;
                // Each loop draws from its own generator: no contention on one SecureRandom.
                Endpoint endpoint = new Endpoint(shared.connectionIdGenerator(ids).build(),
                        index == 0 ? random : new SecureRandom(), EndpointLoop.now());
                traceConnections(settings, endpoint);
                EndpointLoop loop = new EndpointLoop(settings, endpoint, bindAddress, "jquic-server", false, this,
                        group, index);
                loops[index] = loop;
                if (group != null) {
                    group.add(loop);
                }
                // The others join the port the first one got (port 0 asked: an ephemeral port).
                bindAddress = loop.localAddress;
                loop.start();
            }
        } catch (RuntimeException failure) {
            for (EndpointLoop started : loops) {
                if (started != null) {
                    started.stop(0);
                }
            }
            deferredWork.close();
            if (keyLog != null) {
                keyLog.close();
            }
            throw failure;
        }
        CompletableFuture<?>[] each = new CompletableFuture<?>[count];
        for (int index = 0; index < count; index++) {
            each[index] = loops[index].terminated;
        }
        this.terminated = CompletableFuture.allOf(each);
        terminated.whenComplete((done, failure) -> deferredWork.close());
        if (keyLog != null) {
            terminated.whenComplete((done, failure) -> keyLog.close());
        }
    }

    private static void requireReusePort(int count) {
        boolean supported;
        try (DatagramChannel probe = DatagramChannel.open()) {
            supported = probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        } catch (IOException failure) {
            throw new QuicException("eventLoops: cannot open a UDP socket: " + failure.getMessage(), failure);
        }
        if (!supported) {
            throw new QuicException("eventLoops: " + count + " loops share one UDP port through SO_REUSEPORT, "
                    + "which this platform does not support; use eventLoops(1)");
        }
    }

    private static void traceConnections(EndpointSettings settings, Endpoint endpoint) {
        if (settings.qlogDirectory() != null) {
            // Set at creation so that the client's first Initial is in the file too.
            endpoint.setServerConnectionTracers(connection -> {
                QlogWriter qlog = QlogWriter.open(settings.qlogDirectory(),
                        LoopConnection.qlogName(connection.localConnectionId().toHex(), -1), true,
                        connection.createdNanos(), EndpointLoop.now());
                return qlog == null ? dev.jquic.core.trace.ConnectionTracer.NONE : qlog;
            });
        }
    }

    @Override
    public void runDeferred(EndpointLoop loop, long handle, Supplier<byte[]> work) {
        // Computed on a signer thread, the result handed back to the connection's loop.
        deferredWork.run(work, result -> loop.post(() -> loop.completeDeferredWork(handle, result)));
    }

    @Override
    public void accepted(EndpointLoop owner, long handle) {
        LoopConnection connection = new LoopConnection(owner, handle, true, null, 0, null);
        owner.register(connection);
        if (group != null) {
            group.accepted(owner.loopIndex);
        }
        if (owner.isStopping()) {
            connection.closeOnLoop(0, "server shutting down");
            return;
        }
        try {
            owner.settings.handler().onConnection(connection);
        } catch (Throwable failure) {
            connection.callbackFailed(failure);
        }
    }

    @Override
    public int port() {
        return loops[0].localAddress.getPort();
    }

    @Override
    public InetSocketAddress localAddress() {
        return loops[0].localAddress;
    }

    @Override
    public String certificateFingerprint() {
        return fingerprint;
    }

    /** The sum over the loops. */
    @Override
    public int connectionCount() {
        int count = 0;
        for (EndpointLoop loop : loops) {
            count += loop.connectionCount;
        }
        return count;
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        for (EndpointLoop loop : loops) {
            loop.stop(SHUTDOWN_GRACE.toNanos());
        }
        return terminated;
    }

    private boolean onALoop() {
        for (EndpointLoop loop : loops) {
            if (loop.inLoop()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (onALoop()) {
            shutdown();
            return;
        }
        try {
            shutdown().get(SHUTDOWN_GRACE.toMillis() + 3_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (Exception failure) {
            EndpointLoop.LOG.log(System.Logger.Level.WARNING, "server shutdown did not complete", failure);
        }
    }

    @Override
    public String toString() {
        return "QuicServer on " + loops[0].localAddress + (loops.length > 1 ? " (" + loops.length + " loops)" : "")
                + " (UDP I/O: " + loops[0].ioDescription() + ")";
    }
}
