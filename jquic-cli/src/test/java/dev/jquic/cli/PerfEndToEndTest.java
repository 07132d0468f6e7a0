package dev.jquic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.Quic;
import dev.jquic.QuicConnection;
import dev.jquic.QuicHandler;
import dev.jquic.QuicServer;
import dev.jquic.QuicStream;
import dev.jquic.TlsOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code jquic perf server} and {@code jquic perf client} in one process on 127.0.0.1, every workload with tiny sizes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PerfEndToEndTest {

    private static final ByteArrayOutputStream SERVER_OUT = new ByteArrayOutputStream();
    private static PerfServerCommand command;
    private static QuicServer server;
    private static final CompletableFuture<Integer> SERVER_EXIT = new CompletableFuture<>();

    @BeforeAll
    static void startServer() throws Exception {
        Console console = new Console(new ByteArrayInputStream(new byte[0]),
                new PrintStream(SERVER_OUT, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        CommandLine commandLine = JquicCommand.commandLine(console);
        command = (PerfServerCommand) commandLine.getSubcommands().get("perf").getSubcommands().get("server").getCommand();
        Thread thread = new Thread(() -> SERVER_EXIT.complete(commandLine.execute("perf", "server", "--port", "0",
                "--event-loops", "2")),
                "test-jquic-perf-server");
        thread.setDaemon(true);
        thread.start();
        server = command.run.listening.get(20, TimeUnit.SECONDS);
        // The suite runs against a server of two event loops sharing its port.
        assertTrue(server.toString().contains("2 loops"), server.toString());
    }

    @AfterAll
    static void stopServer() throws Exception {
        command.run.stop.complete(null);
        assertEquals(0, SERVER_EXIT.get(20, TimeUnit.SECONDS));
    }

    private static CommandRun client(String... workloadArgs) {
        String[] args = new String[5 + workloadArgs.length];
        args[0] = "perf";
        args[1] = "client";
        args[2] = "127.0.0.1:" + server.port();
        args[3] = "--pin";
        args[4] = server.certificateFingerprint();
        System.arraycopy(workloadArgs, 0, args, 5, workloadArgs.length);
        return CommandRun.of(args);
    }

    private static void assertTransportLines(CommandRun run) {
        assertTrue(Pattern.compile("(?m)^transport \\(this side\\): sent \\d+ bytes in \\d+ packets, received \\d+ bytes in \\d+ packets; "
                + "\\d+ packets lost, \\d+ stream bytes retransmitted").matcher(run.out()).find(), run.out());
        assertTrue(Pattern.compile("(?m)^rtt \\(this side\\): smoothed \\d+\\.\\d{3} ms, min \\d+\\.\\d{3} ms; congestion window [1-9]\\d* bytes")
                .matcher(run.out()).find(), run.out());
    }

    /** The transport line's count of bytes sent ({@code "sent"}) or received ({@code "received"}) by the client. */
    private static long transportBytes(CommandRun run, String direction) {
        Matcher transport = Pattern.compile("(?m)^transport.*? " + direction + " (\\d+) bytes").matcher(run.out());
        assertTrue(transport.find(), run.out());
        return Long.parseLong(transport.group(1));
    }

    private static void assertLatencyLine(CommandRun run, long samples) {
        Matcher latency = Pattern.compile("(?m)^latency: p50 (\\d+\\.\\d+) ms, p99 (\\d+\\.\\d+) ms, max (\\d+\\.\\d+) ms, mean \\d+\\.\\d+ ms "
                + "\\(.*, (\\d+) samples\\)").matcher(run.out());
        assertTrue(latency.find(), run.out());
        double p50 = Double.parseDouble(latency.group(1));
        double p99 = Double.parseDouble(latency.group(2));
        double max = Double.parseDouble(latency.group(3));
        assertTrue(p50 > 0 && p50 <= p99 && p99 <= max, run.out());
        assertEquals(samples, Long.parseLong(latency.group(4)), run.out());
    }

    @Test
    void uploadIsCountedExactlyByTheServer() {
        CommandRun run = client("--workload", "upload", "--bytes", "1MiB");

        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertTrue(Pattern.compile("(?m)^upload to 127\\.0\\.0\\.1:" + server.port()
                + ": 1048576 bytes in \\d+\\.\\d{3} s: \\d+\\.\\d MiB/s \\(the server counted 1048576 bytes\\)$")
                .matcher(run.out()).find(), run.out());
        assertTrue(SERVER_OUT.toString(StandardCharsets.UTF_8).contains("upload: 1048576 bytes in "));
        assertTransportLines(run);
        assertTrue(transportBytes(run, "sent") > 1048576, run.out());
    }

    @Test
    void downloadDeliversEveryPatternByte() {
        CommandRun run = client("--workload", "download", "--bytes", "1MiB");

        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertTrue(run.out().contains("download to 127.0.0.1:" + server.port() + ": 1048576 bytes in "), run.out());
        assertTrue(run.out().contains("(every byte verified)"), run.out());
        assertTransportLines(run);
        assertTrue(transportBytes(run, "received") > 1048576, run.out());
        assertTrue(SERVER_OUT.toString(StandardCharsets.UTF_8).contains("download: 1048576 bytes in "));
    }

    @Test
    void qlogOptionWritesTheClientsConnection(@org.junit.jupiter.api.io.TempDir java.nio.file.Path directory)
            throws Exception {
        java.nio.file.Path qlogs = directory.resolve("qlog");
        CommandRun run = client("--workload", "download", "--bytes", "64KiB", "--qlog", qlogs.toString());

        assertEquals(0, run.exitCode(), run.err() + run.out());
        java.util.List<java.nio.file.Path> files;
        try (var listing = java.nio.file.Files.list(qlogs)) {
            files = listing.toList();
        }
        assertEquals(1, files.size(), files.toString());
        assertTrue(files.get(0).getFileName().toString().endsWith("-client.sqlog"), files.toString());
        String qlog = java.nio.file.Files.readString(files.get(0));
        assertTrue(qlog.contains("\"transport:packet_sent\"") && qlog.contains("\"transport:packet_received\""),
                qlog.substring(0, Math.min(qlog.length(), 2_000)));
    }

    @Test
    void downloadOfAnOddSizeEndsExactly() {
        CommandRun run = client("--workload", "download", "--bytes", "100003");

        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertTrue(run.out().contains(": 100003 bytes in "), run.out());
    }

    @Test
    void requestsOnNewStreams() {
        CommandRun run = client("--workload", "requests", "--requests", "200", "--parallel", "20");

        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertTrue(Pattern.compile("(?m)^requests to 127\\.0\\.0\\.1:\\d+: 200 in \\d+\\.\\d+ s: \\d+ requests/s \\(20 in flight\\)")
                .matcher(run.out()).find(), run.out());
        assertLatencyLine(run, 200);
        assertTransportLines(run);
    }

    @Test
    void connectionsEachWithOneRequest() {
        CommandRun run = client("--workload", "connections", "--connections", "5", "--parallel", "2");

        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertTrue(Pattern.compile("(?m)^connections to 127\\.0\\.0\\.1:\\d+: 5 in \\d+\\.\\d+ s: \\d+ connections/s \\(2 at a time\\)")
                .matcher(run.out()).find(), run.out());
        assertLatencyLine(run, 5);
        assertTrue(run.out().contains("(5 connections together)"), run.out());
        assertTransportLines(run);
    }

    @Test
    void serverResetsAStreamWithAnUnknownKind() throws Exception {
        CompletableFuture<Long> resetCode = new CompletableFuture<>();
        QuicHandler handler = new QuicHandler() {
            @Override
            public void onStreamReset(QuicStream stream, long errorCode) {
                resetCode.complete(errorCode);
            }

            @Override
            public void onData(QuicStream stream, ByteBuffer data, boolean fin) {
                resetCode.completeExceptionally(new AssertionError("data for an unknown kind"));
            }
        };
        QuicConnection connection = Quic.client().alpn(PerfProtocol.ALPN)
                .tls(TlsOptions.pin(server.certificateFingerprint())).handler(handler)
                .connect("127.0.0.1", server.port()).get(10, TimeUnit.SECONDS);
        try {
            QuicStream stream = connection.openStream().get(10, TimeUnit.SECONDS);
            stream.write(PerfProtocol.header((byte) 'X', 64));
            stream.finish();

            assertEquals(PerfProtocol.BAD_HEADER, resetCode.get(10, TimeUnit.SECONDS));
        } finally {
            connection.close();
        }
    }

    @Test
    void durationLimitStopsARunWithAFailure() {
        CommandRun run = client("--workload", "upload", "--bytes", "1TiB", "--duration-limit", "1");

        assertEquals(JquicCommand.EXIT_FAILURE, run.exitCode(), run.err() + run.out());
        assertTrue(run.err().contains("stopped at the --duration-limit of 1 s after "), run.err());
        assertTrue(run.out().contains("upload to "), run.out());
    }
}
