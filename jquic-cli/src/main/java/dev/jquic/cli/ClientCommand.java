package dev.jquic.cli;

import dev.jquic.Quic;
import dev.jquic.QuicClient;
import dev.jquic.QuicConnection;
import dev.jquic.QuicStream;
import dev.jquic.TlsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jquic client HOST:PORT}: sends {@code --send TEXT} (or standard input) on a
 * bidirectional stream, finishes it, and prints what comes back on standard output until the
 * server finishes the stream. Progress goes to standard error.
 */
@Command(name = "client", mixinStandardHelpOptions = true,
        header = "Send text or standard input to a server and print what comes back.",
        description = {"Sends --send TEXT (or standard input) on a QUIC stream, finishes it, and prints what",
            "comes back until the server finishes the stream. Progress goes to standard error.",
            "The server's certificate is checked against the JDK's trusted CAs unless --ca, --pin",
            "or --insecure says otherwise."})
final class ClientCommand implements Callable<Integer> {

    private static final int CHUNK_BYTES = 16 * 1024;
    private static final long CLOSE_TIMEOUT_SECONDS = 3;

    private final Console console;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST:PORT",
            description = "The server: a name or IPv4 address and port, or [IPv6]:port.")
    private String serverArgument;

    @Option(names = "--send", paramLabel = "TEXT", description = "Send this text (UTF-8) instead of standard input.")
    private String text;

    @Option(names = "--alpn", paramLabel = "PROTOCOL", defaultValue = "echo",
            description = "Application protocol (ALPN) to ask for (default: ${DEFAULT-VALUE}).")
    private String alpn;

    @Mixin
    private ClientTrustOptions trust;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long the handshake may take (default: ${DEFAULT-VALUE}).")
    private int timeoutSeconds;

    @Option(names = {"-q", "--quiet"}, description = "Print only the received bytes.")
    private boolean quiet;

    ClientCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() throws InterruptedException, IOException {
        HostPort server = hostPort();
        TlsOptions tls = trust.tlsOptions(spec);
        Arguments.requireAlpn(spec, "--alpn", alpn);
        Arguments.requireRange(spec, "--timeout", timeoutSeconds, 1, 3600);
        PrintWriter status = spec.commandLine().getErr();
        StreamPrinter printer = new StreamPrinter(console.out());
        try (QuicClient client = Quic.client().alpn(alpn).tls(tls).handler(printer)
                .handshakeTimeout(Duration.ofSeconds(timeoutSeconds)).build()) {
            long connectTimeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds + 5L);
            QuicConnection connection = connect(client, server, connectTimeoutNanos);
            if (!quiet) {
                status.println("connected to " + Display.address(connection.remoteAddress()) + ", ALPN "
                        + connection.alpn() + ", handshake " + Display.millis(connection.stats().handshakeDuration()));
            }
            QuicStream stream = Waits.await(connection.openStream(), connectTimeoutNanos, "cannot open a stream");
            printer.watch(stream);
            long sentBytes = send(stream, printer);
            stream.finish();
            long receivedBytes = awaitFinish(printer);
            console.out().flush();
            if (!quiet) {
                status.println("sent " + sentBytes + " bytes, received " + receivedBytes
                        + " bytes; the server finished the stream");
            }
            close(connection, printer);
        }
        return 0;
    }

    private HostPort hostPort() {
        try {
            return HostPort.parse(serverArgument);
        } catch (IllegalArgumentException invalid) {
            throw new ParameterException(spec.commandLine(), "HOST:PORT " + invalid.getMessage());
        }
    }

    private QuicConnection connect(QuicClient client, HostPort server, long timeoutNanos) throws InterruptedException {
        try {
            return Waits.await(client.connect(server.host(), server.port()), timeoutNanos, "cannot connect to " + server);
        } catch (CommandFailure failure) {
            boolean defaultTrust = trust.isDefault();
            if (defaultTrust && failure.getMessage().contains("certificate")) {
                throw new CommandFailure(failure.getMessage() + "; for a server with a self-signed certificate use"
                        + " --pin FINGERPRINT (jquic server prints it) or --ca FILE", failure.getCause());
            }
            throw failure;
        }
    }


    /** Sends --send or standard input, waiting for onDrain whenever the stream is above its high-water mark. */
    private long send(QuicStream stream, StreamPrinter printer) throws IOException, InterruptedException {
        if (text != null) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            stream.write(ByteBuffer.wrap(bytes));
            return bytes.length;
        }
        InputStream in = console.in();
        if (!quiet && console.isProcessConsole() && System.console() != null) {
            spec.commandLine().getErr().println("sending standard input: type, then Ctrl-D to finish the stream");
        }
        byte[] chunk = new byte[CHUNK_BYTES];
        long sent = 0;
        int read;
        while ((read = in.read(chunk)) >= 0) {
            if (read == 0) {
                continue;
            }
            boolean belowHighWaterMark = stream.write(ByteBuffer.wrap(Arrays.copyOf(chunk, read)));
            sent += read;
            while (!belowHighWaterMark && !printer.finished().isDone()) {
                belowHighWaterMark = printer.drained().tryAcquire(1, TimeUnit.SECONDS);
            }
            if (printer.finished().isCompletedExceptionally()) {
                break;
            }
        }
        return sent;
    }

    private long awaitFinish(StreamPrinter printer) throws InterruptedException {
        try {
            return printer.finished().get();
        } catch (ExecutionException failed) {
            throw new CommandFailure(JquicCommand.describe(failed.getCause()), failed.getCause());
        }
    }

    /**
     * Sends CONNECTION_CLOSE and waits until it is out (onClose), not for the RFC 9000 §10.2
     * closing period after it: closing the client endpoint then cuts that short.
     */
    private static void close(QuicConnection connection, StreamPrinter printer) throws InterruptedException {
        connection.close();
        try {
            printer.closed().get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException notClean) {
            // The data has arrived; closing the client endpoint ends the connection anyway.
        }
    }
}
