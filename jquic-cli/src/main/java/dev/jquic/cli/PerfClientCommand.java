package dev.jquic.cli;

import dev.jquic.Quic;
import dev.jquic.QuicClient;
import dev.jquic.QuicConnection;
import dev.jquic.TlsOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jquic perf client HOST:PORT --workload W}: runs one workload against {@code jquic perf
 * server}, prints a progress line every second on standard error and a summary on standard
 * output. Fails (exit 1) when a byte count or the pattern does not match, or at the duration limit.
 */
@Command(name = "client", mixinStandardHelpOptions = true,
        header = "Measure against a jquic perf server.",
        description = {"Workloads:",
            "  upload       --bytes on one stream; the server returns its count",
            "  download     --bytes on one stream; every byte is verified",
            "  requests     --requests on one connection, a new stream per request,",
            "               64 B each way, --parallel in flight (default 50)",
            "  connections  --connections, each a handshake + one 64 B request/response",
            "               + close, --parallel at a time (default 10); one client",
            "               endpoint, so a connection resumes the session when a",
            "               ticket from an earlier one is at hand (no 0-RTT)",
            "Progress goes to standard error every second, the summary to standard output."})
final class PerfClientCommand implements Callable<Integer> {

    /** Workloads of {@code --workload}. */
    enum Workload { upload, download, requests, connections }

    static final int MAX_PARALLEL = 1000;
    private static final long CLOSE_TIMEOUT_SECONDS = 3;
    private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST:PORT",
            description = "The perf server: a name or IPv4 address and port, or [IPv6]:port.")
    private String serverArgument;

    @Option(names = {"-w", "--workload"}, required = true, paramLabel = "WORKLOAD",
            description = "upload, download, requests or connections.")
    private Workload workload;

    @Option(names = "--bytes", paramLabel = "SIZE", defaultValue = "256MiB",
            description = "upload/download: bytes to move (default: ${DEFAULT-VALUE}; e.g. 1048576, 64KiB, 1GiB).")
    private String bytesText;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "100000",
            description = "requests: how many (default: ${DEFAULT-VALUE}).")
    private long requests;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "500",
            description = "connections: how many (default: ${DEFAULT-VALUE}).")
    private long connections;

    @Option(names = "--parallel", paramLabel = "N",
            description = "Requests in flight (default 50) or connections at a time (default 10).")
    private Integer parallel;

    @Option(names = "--alpn", paramLabel = "PROTOCOL", defaultValue = PerfProtocol.ALPN,
            description = "Application protocol (ALPN) to ask for (default: ${DEFAULT-VALUE}).")
    private String alpn;

    @Mixin
    private ClientTrustOptions trust;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long a handshake may take (default: ${DEFAULT-VALUE}).")
    private int timeoutSeconds;

    @Option(names = "--duration-limit", paramLabel = "SECONDS", defaultValue = "120",
            description = "Stop and fail after this long (default: ${DEFAULT-VALUE}).")
    private int durationLimitSeconds;

    @Option(names = "--qlog", paramLabel = "DIR",
            description = "Write a qlog file (for qvis) per connection into DIR; every packet costs more.")
    private java.nio.file.Path qlogDirectory;

    PerfClientCommand() {
        // Writes through picocli's writers (spec.commandLine()), which JquicCommand points at the console.
    }

    @Override
    public Integer call() throws InterruptedException {
        HostPort server = hostPort();
        TlsOptions tls = trust.tlsOptions(spec);
        long bytes = bytes();
        Arguments.requireRange(spec, "--requests", requests, 1, 1_000_000_000);
        Arguments.requireRange(spec, "--connections", connections, 1, 10_000_000);
        int inFlight = parallel != null ? parallel : workload == Workload.connections ? 10 : 50;
        Arguments.requireRange(spec, "--parallel", inFlight, 1, MAX_PARALLEL);
        Arguments.requireAlpn(spec, "--alpn", alpn);
        Arguments.requireRange(spec, "--timeout", timeoutSeconds, 1, 3600);
        Arguments.requireRange(spec, "--duration-limit", durationLimitSeconds, 1, 86_400);
        if (qlogDirectory != null) {
            Arguments.requireDirectory(spec, "--qlog", qlogDirectory);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter status = spec.commandLine().getErr();
        PerfClientHandler handler = new PerfClientHandler();
        try (QuicClient client = Quic.client().alpn(alpn).tls(tls).handler(handler).qlog(qlogDirectory)
                .handshakeTimeout(Duration.ofSeconds(timeoutSeconds)).build()) {
            QuicConnection connection = null;
            PerfWorkload run;
            if (workload == Workload.connections) {
                run = new ConnectionWorkload(client, handler, server, connections, inFlight);
            } else {
                connection = Waits.await(client.connect(server.host(), server.port()),
                        TimeUnit.SECONDS.toNanos(timeoutSeconds + 5L), "cannot connect to " + server);
                run = workload == Workload.requests
                        ? new RequestWorkload(connection, handler, requests, inFlight)
                        : new BulkWorkload(connection, handler, workload == Workload.upload, bytes);
            }
            String target = workload + " to " + server;
            long startNanos = System.nanoTime();
            run.start();
            boolean finished = awaitWithProgress(run, startNanos, status);
            long elapsedNanos = System.nanoTime() - startNanos;
            if (connection != null) {
                run.transport.add(connection.stats());
            }
            summary(out, run, target, elapsedNanos, inFlight, bytes);
            if (connection != null) {
                close(connection);
            }
            if (!finished) {
                throw new CommandFailure("stopped at the --duration-limit of " + durationLimitSeconds + " s after "
                        + run.progress() + " of " + planned(bytes) + (run.countsBytes() ? " bytes" : " " + workload));
            }
        }
        return 0;
    }

    /**
     * Waits for the run, printing progress every second; false at the duration limit.
     *
     * @throws CommandFailure with the run's reason when it failed
     */
    private boolean awaitWithProgress(PerfWorkload run, long startNanos, PrintWriter status) throws InterruptedException {
        long deadline = startNanos + TimeUnit.SECONDS.toNanos(durationLimitSeconds);
        long lastNanos = startNanos;
        long lastProgress = 0;
        // Bounded: one pass per second until the deadline.
        while (true) {
            long wait = Math.min(PROGRESS_INTERVAL_NANOS - (System.nanoTime() - lastNanos), Waits.remaining(deadline));
            try {
                run.done().get(Math.max(0, wait), TimeUnit.NANOSECONDS);
                return true;
            } catch (ExecutionException failed) {
                throw failed.getCause() instanceof CommandFailure failure
                        ? failure : new CommandFailure(JquicCommand.describe(failed.getCause()), failed.getCause());
            } catch (TimeoutException notYet) {
                long now = System.nanoTime();
                if (Waits.remaining(deadline) <= 0) {
                    return false;
                }
                if (now - lastNanos >= PROGRESS_INTERVAL_NANOS) {
                    long progress = run.progress();
                    status.println(progressLine(run, now - startNanos, progress, progress - lastProgress, now - lastNanos));
                    lastNanos = now;
                    lastProgress = progress;
                }
            }
        }
    }

    private String progressLine(PerfWorkload run, long elapsedNanos, long progress, long delta, long intervalNanos) {
        double seconds = intervalNanos / 1e9;
        if (run.countsBytes()) {
            return String.format(Locale.ROOT, "perf: %5.1f s: %s (%.1f MiB/s now)", elapsedNanos / 1e9,
                    ByteSize.mebibytes(progress), delta / 1048576.0 / seconds);
        }
        return String.format(Locale.ROOT, "perf: %5.1f s: %d %s (%.0f/s now)", elapsedNanos / 1e9, progress,
                workload, delta / seconds);
    }

    private void summary(PrintWriter out, PerfWorkload run, String target, long elapsedNanos, int inFlight, long bytes) {
        double seconds = Math.max(elapsedNanos, 1) / 1e9;
        long done = run.progress();
        if (run instanceof BulkWorkload bulk) {
            out.printf(Locale.ROOT, "%s: %d bytes in %.3f s: %.1f MiB/s (%s)%n", target, done, seconds,
                    done / 1048576.0 / seconds, bulk.verification());
        } else {
            String rate = workload == Workload.requests ? "requests/s" : "connections/s";
            String how = workload == Workload.requests ? "in flight" : "at a time";
            out.printf(Locale.ROOT, "%s: %d in %.3f s: %.0f %s (%d %s)%n", target, done, seconds, done / seconds,
                    rate, inFlight, how);
            Histogram latencies = run.latencies();
            out.printf(Locale.ROOT, "latency: p50 %.3f ms, p99 %.3f ms, max %.3f ms, mean %.3f ms (%s, %d samples)%n",
                    latencies.getValueAtPercentile(50) / 1e3, latencies.getValueAtPercentile(99) / 1e3,
                    latencies.getMaxValue() / 1e3, latencies.getMean() / 1e3,
                    workload == Workload.requests ? "stream open to response FIN" : "connect to response FIN",
                    latencies.getTotalCount());
        }
        for (String line : run.transport.lines()) {
            out.println(line);
        }
    }

    private long planned(long bytes) {
        return switch (workload) {
            case upload, download -> bytes;
            case requests -> requests;
            case connections -> connections;
        };
    }

    private long bytes() {
        try {
            long value = ByteSize.parse(bytesText);
            Arguments.requireRange(spec, "--bytes", value, 1, PerfProtocol.MAX_ARGUMENT);
            return value;
        } catch (IllegalArgumentException invalid) {
            throw new ParameterException(spec.commandLine(), "--bytes: " + invalid.getMessage());
        }
    }

    private HostPort hostPort() {
        try {
            return HostPort.parse(serverArgument);
        } catch (IllegalArgumentException invalid) {
            throw new ParameterException(spec.commandLine(), "HOST:PORT " + invalid.getMessage());
        }
    }


    /** Sends CONNECTION_CLOSE and waits until it is out (onClose); closing the client endpoint ends the rest. */
    private static void close(QuicConnection connection) throws InterruptedException {
        connection.close();
        try {
            connection.closeFuture().get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException notClean) {
            // The measurement is done; closing the client endpoint ends the connection anyway.
        }
    }
}
