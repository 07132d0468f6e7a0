package dev.jquic.cli;

import dev.jquic.Quic;
import dev.jquic.QuicClient;
import dev.jquic.QuicCloseReason;
import dev.jquic.QuicConnection;
import dev.jquic.QuicHandler;
import dev.jquic.QuicServer;
import dev.jquic.QuicStats;
import dev.jquic.QuicStream;
import dev.jquic.TlsOptions;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jquic demo}: an echo server on an ephemeral loopback port with a generated certificate,
 * a client pinning that certificate's fingerprint, messages echoed over several concurrent
 * streams, the statistics of both sides, and a graceful close. Everything is bounded by {@code
 * --timeout}; any failure exits non-zero with one line saying what went wrong.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Echo over concurrent streams between a local server and client, with statistics.",
        description = {"Starts an echo server on 127.0.0.1 (ephemeral port, generated certificate), connects",
            "a client pinning the server's certificate, echoes messages over concurrent streams,",
            "prints what happened and the connection statistics, and closes both."})
final class DemoCommand implements Callable<Integer> {

    private static final String ALPN = "echo";

    private final Console console;

    @Spec
    private CommandSpec spec;

    @Option(names = "--streams", paramLabel = "N", defaultValue = "5",
            description = "Concurrent streams (default: ${DEFAULT-VALUE}).")
    private int streamCount;

    @Option(names = "--messages", paramLabel = "N", defaultValue = "3",
            description = "Messages echoed one after another on each stream (default: ${DEFAULT-VALUE}).")
    private int messagesPerStream;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "20",
            description = "Time allowed for the whole demo (default: ${DEFAULT-VALUE}).")
    private int timeoutSeconds;

    DemoCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() throws InterruptedException {
        Arguments.requireRange(spec, "--streams", streamCount, 1, 1000);
        Arguments.requireRange(spec, "--messages", messagesPerStream, 1, 100);
        Arguments.requireRange(spec, "--timeout", timeoutSeconds, 1, 3600);
        long deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        PrintWriter out = spec.commandLine().getOut();
        EchoHandler serverHandler = new EchoHandler(out, "server: ");
        QuicServer server = Quic.server().host("127.0.0.1").port(0).alpn(ALPN).handler(serverHandler).listen();
        try {
            out.println("server: listening on " + Display.address(server.localAddress()) + ", ALPN " + ALPN);
            out.println("server: self-signed certificate generated, SHA-256 fingerprint "
                    + server.certificateFingerprint());
            runClient(server, serverHandler, out, deadlineNanos);
        } catch (RuntimeException | InterruptedException failure) {
            server.shutdown();
            throw failure;
        }
        Waits.await(server.shutdown(), Math.max(Waits.remaining(deadlineNanos), TimeUnit.SECONDS.toNanos(1)),
                "server shutdown");
        out.println("server: shut down");
        out.println("demo complete: " + count(streamCount, "stream") + " x " + count(messagesPerStream, "message")
                + " echoed");
        return 0;
    }

    private void runClient(QuicServer server, EchoHandler serverHandler, PrintWriter out, long deadlineNanos)
            throws InterruptedException {
        ExchangeRouter router = new ExchangeRouter();
        Duration handshakeTimeout = Duration.ofNanos(Math.max(Waits.remaining(deadlineNanos), 1));
        try (QuicClient client = Quic.client().alpn(ALPN).tls(TlsOptions.pin(server.certificateFingerprint()))
                .handler(router).handshakeTimeout(handshakeTimeout).build()) {
            out.println("client: connecting to 127.0.0.1:" + server.port() + ", pinning the server's fingerprint");
            QuicConnection connection = Waits.await(client.connect("127.0.0.1", server.port()),
                    Waits.remaining(deadlineNanos), "client: cannot connect");
            out.println("client: connected from " + Display.localAddress(connection.localAddress()) + ", ALPN "
                    + connection.alpn() + ", handshake " + Display.millis(connection.stats().handshakeDuration()));

            List<EchoExchange> exchanges = new ArrayList<>();
            for (int streamIndex = 0; streamIndex < streamCount; streamIndex++) {
                QuicStream stream = Waits.await(connection.openStream(), Waits.remaining(deadlineNanos),
                        "client: cannot open stream " + streamIndex);
                EchoExchange exchange = new EchoExchange(stream, streamIndex, messages(streamIndex), out);
                router.add(exchange);
                exchanges.add(exchange);
            }
            out.println("client: opened " + count(exchanges.size(), "stream") + ", sending "
                    + count(messagesPerStream, "message") + " on each, one after the other's echo");
            for (EchoExchange exchange : exchanges) {
                exchange.start();
            }
            long echoedBytes = 0;
            for (EchoExchange exchange : exchanges) {
                echoedBytes += Waits.await(exchange.done(), Waits.remaining(deadlineNanos),
                        "client: " + exchange.name());
            }
            out.println("client: all " + count(exchanges.size(), "stream") + " echoed byte for byte and finished by the server ("
                    + echoedBytes + " bytes)");

            List<QuicConnection> serverConnections = serverHandler.connections();
            QuicStats serverStats = serverConnections.isEmpty() ? null : serverConnections.get(0).stats();
            Display.statistics(out, connection.stats(), serverStats);

            // onClose fires as soon as CONNECTION_CLOSE is sent; the RFC 9000 §10.2 closing period
            // that follows (3 PTO) is cut short by closing the client endpoint (2 s grace at most).
            connection.close(0, "demo done");
            QuicCloseReason reason = Waits.await(router.closed, Waits.remaining(deadlineNanos), "client: close");
            out.println("client: connection closed " + Display.closeReason(reason));
        }
        out.println("client: endpoint closed");
    }

    /** "1 stream", "5 streams". */
    private static String count(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private List<String> messages(int streamIndex) {
        List<String> messages = new ArrayList<>();
        for (int message = 1; message <= messagesPerStream; message++) {
            messages.add("message " + message + " of stream " + streamIndex + ": hello over QUIC");
        }
        return messages;
    }

    /** The client's callbacks: data of each stream goes to its exchange; a close fails the rest. */
    private static final class ExchangeRouter implements QuicHandler {
        private final Map<Long, EchoExchange> exchanges = new ConcurrentHashMap<>();
        final CompletableFuture<QuicCloseReason> closed = new CompletableFuture<>();

        void add(EchoExchange exchange) {
            exchanges.put(exchange.stream().id(), exchange);
        }

        @Override
        public void onData(QuicStream stream, ByteBuffer data, boolean fin) {
            EchoExchange exchange = exchanges.get(stream.id());
            if (exchange != null) {
                exchange.onData(data, fin);
            }
        }

        @Override
        public void onStreamReset(QuicStream stream, long errorCode) {
            EchoExchange exchange = exchanges.get(stream.id());
            if (exchange != null) {
                exchange.fail("reset by the server with code " + errorCode);
            }
        }

        @Override
        public void onClose(QuicConnection connection, QuicCloseReason reason) {
            for (EchoExchange exchange : exchanges.values()) {
                exchange.fail("the connection closed: " + Display.closeReason(reason));
            }
            closed.complete(reason);
        }
    }
}
