package dev.jquic.runtime;

import dev.jquic.QuicException;
import dev.jquic.QuicServer;
import dev.jquic.core.connection.ConnectionConfig;
import dev.jquic.core.endpoint.Endpoint;
import dev.jquic.core.endpoint.EndpointConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A listening server: one socket, one event loop, the core endpoint accepting connections. */
final class RuntimeServer implements QuicServer, EndpointLoop.EventSink {

    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);

    private final EndpointLoop loop;
    private final String fingerprint;

    RuntimeServer(EndpointSettings settings) {
        InetAddress address;
        try {
            address = InetAddress.getByName(settings.host());
        } catch (UnknownHostException unknown) {
            throw new QuicException("host: cannot resolve \"" + settings.host() + "\"", unknown);
        }
        SecureRandom random = new SecureRandom();
        TlsSetup.Server tls = TlsSetup.server(settings, random);
        ConnectionConfig config = Runtimes.connectionConfig(settings);
        KeyLog keyLog = KeyLog.open(settings.keyLogFile());
        EndpointConfig endpointConfig = EndpointConfig.builder()
                .server(config, KeyLog.wrap(tls.factory(), keyLog, false))
                .clientConfig(config)
                .requireRetry(settings.requireRetry())
                .maxConnections(settings.maxConnections())
                .build();
        Endpoint endpoint = new Endpoint(endpointConfig, random, EndpointLoop.now());
        if (settings.qlogDirectory() != null) {
            // Set at creation so that the client's first Initial is in the file too.
            endpoint.setServerConnectionTracers(connection -> {
                QlogWriter qlog = QlogWriter.open(settings.qlogDirectory(),
                        LoopConnection.qlogName(connection.localConnectionId().toHex(), -1), true,
                        connection.createdNanos(), EndpointLoop.now());
                return qlog == null ? dev.jquic.core.trace.ConnectionTracer.NONE : qlog;
            });
        }
        this.fingerprint = tls.fingerprint();
        this.loop = new EndpointLoop(settings, endpoint, new InetSocketAddress(address, settings.port()),
                "jquic-server", false, this);
        if (keyLog != null) {
            loop.terminated.whenComplete((done, failure) -> keyLog.close());
        }
        loop.start();
    }

    @Override
    public void accepted(EndpointLoop owner, long handle) {
        LoopConnection connection = new LoopConnection(owner, handle, true, null, 0, null);
        owner.register(connection);
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
        return loop.localAddress.getPort();
    }

    @Override
    public InetSocketAddress localAddress() {
        return loop.localAddress;
    }

    @Override
    public String certificateFingerprint() {
        return fingerprint;
    }

    @Override
    public int connectionCount() {
        return loop.connectionCount;
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        loop.stop(SHUTDOWN_GRACE.toNanos());
        return loop.terminated;
    }

    @Override
    public void close() {
        if (loop.inLoop()) {
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
        return "QuicServer on " + loop.localAddress + " (UDP I/O: " + loop.ioDescription() + ")";
    }
}
