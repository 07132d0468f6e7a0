package dev.jquic.runtime;

import dev.jquic.QuicClient;
import dev.jquic.QuicConnection;
import dev.jquic.QuicException;
import dev.jquic.core.endpoint.Endpoint;
import dev.jquic.core.endpoint.EndpointConfig;
import dev.jquic.core.endpoint.EndpointStats;
import dev.jquic.core.params.TransportParameters;
import dev.jquic.tls.TlsClientConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A client endpoint: one socket and event loop for its connections, and the session tickets of
 * the servers it talked to (resumption; 0-RTT when early data is enabled).
 */
final class RuntimeClient implements QuicClient, EndpointLoop.EventSink {

    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final EndpointLoop loop;
    private final TlsClientConfig tlsConfig;
    /** Tickets per server, or null when session resumption is off. */
    private final SessionCache sessions;
    private final KeyLog keyLog;

    RuntimeClient(EndpointSettings settings, boolean sessionResumption) {
        this.sessions = sessionResumption ? new SessionCache() : null;
        SecureRandom random = new SecureRandom();
        this.tlsConfig = TlsSetup.client(settings, random);
        this.keyLog = KeyLog.open(settings.keyLogFile());
        EndpointConfig endpointConfig = EndpointConfig.builder()
                .clientConfig(Runtimes.connectionConfig(settings))
                .build();
        Endpoint endpoint = new Endpoint(endpointConfig, random, EndpointLoop.now());
        InetSocketAddress bind;
        try {
            bind = settings.host() == null ? new InetSocketAddress(settings.port())
                    : new InetSocketAddress(InetAddress.getByName(settings.host()), settings.port());
        } catch (UnknownHostException unknown) {
            throw new QuicException("host: cannot resolve \"" + settings.host() + "\"", unknown);
        }
        this.loop = new EndpointLoop(settings, endpoint, bind, "jquic-client", true, this);
        if (keyLog != null) {
            loop.terminated.whenComplete((done, failure) -> keyLog.close());
        }
        loop.start();
    }

    /** The endpoint's counters, read on its loop (tests); null once the loop has stopped. */
    EndpointStats endpointStats() throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<EndpointStats> stats = new CompletableFuture<>();
        if (!loop.execute(() -> stats.complete(loop.endpoint.stats()))) {
            return null;
        }
        return stats.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void accepted(EndpointLoop owner, long handle) {
        // A client endpoint accepts no connections.
    }

    @Override
    public CompletableFuture<QuicConnection> connect(String host, int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port: " + port + " is not in 1..65535");
        }
        InetSocketAddress remote;
        try {
            remote = new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException unknown) {
            return CompletableFuture.failedFuture(new QuicException("cannot resolve host \"" + host + "\"", unknown));
        }
        CompletableFuture<QuicConnection> result = new CompletableFuture<>();
        if (!loop.execute(() -> open(host, port, remote, result))) {
            result.completeExceptionally(new QuicException("the client is closed"));
        }
        return result;
    }

    private void open(String host, int port, InetSocketAddress remote, CompletableFuture<QuicConnection> result) {
        if (loop.isStopping()) {
            result.completeExceptionally(new QuicException("the client is closed"));
            return;
        }
        SessionCache.Session session = sessions == null ? null : sessions.take(host, port);
        byte[] ticket = session == null ? null : session.ticket();
        boolean early = session != null && loop.settings.earlyData();
        TransportParameters remembered = early ? session.serverParameters() : null;
        long handle;
        try {
            handle = loop.endpoint.connect(null, KeyLog.wrap(TlsSetup.clientFactory(tlsConfig, host, ticket), keyLog,
                    true), loop.localAddress, remote, remembered, EndpointLoop.now());
        } catch (RuntimeException failure) {
            result.completeExceptionally(new QuicException("cannot connect to " + host + ":" + port + ": "
                    + failure.getMessage(), failure));
            return;
        }
        LoopConnection connection = new LoopConnection(loop, handle, false, host, port, sessions);
        loop.register(connection);
        if (early) {
            // 0-RTT: the application may write at once; those bytes travel as early data.
            result.complete(connection);
            return;
        }
        connection.connected.whenComplete((opened, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(opened);
            }
        });
    }

    @Override
    public void close() {
        loop.stop(CLOSE_GRACE.toNanos());
        if (loop.inLoop()) {
            return;
        }
        try {
            loop.terminated.get(CLOSE_GRACE.toMillis() + 3_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (Exception failure) {
            EndpointLoop.LOG.log(System.Logger.Level.WARNING, "client close did not complete", failure);
        }
    }

    @Override
    public String toString() {
        return "QuicClient on " + loop.localAddress + " (UDP I/O: " + loop.ioDescription() + ")";
    }
}
