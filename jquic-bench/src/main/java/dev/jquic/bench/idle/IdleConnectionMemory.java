package dev.jquic.bench.idle;

import dev.jquic.bench.ChildJvm;
import dev.jquic.bench.e2e.BenchCertificate;
import dev.jquic.bench.e2e.BenchSettings;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Heap (and resident memory) that an idle established QUIC connection holds on the SERVER,
 * for jquic and for Netty QUIC (quiche), measured the same way (issue 7).
 *
 * <p>Server and client run in two JVMs of their own ({@link IdleServerMain}, {@link IdleClientMain}),
 * so that the figure counts only the server's state: in one JVM the client's half of every
 * connection would be counted too, and the two halves could not be told apart. The server JVM
 * has a fixed, pre-touched heap ({@code -Xms = -Xmx, -XX:+AlwaysPreTouch}, serial collector):
 * its resident set then no longer grows with the heap, so the RSS delta is the memory outside
 * the Java heap (quiche's native state for Netty, direct buffers, code cache, malloc arenas).
 *
 * <p>Per stack: the server starts; the client opens, echoes and closes {@code warmup}
 * connections (loads classes, fills caches); once the server holds none, the server reads its
 * settled heap and RSS (baseline); the client opens {@code connections} connections, each
 * completing its handshake and one stream exchange (64 bytes each way, FIN both ways unless
 * {@code --keep-stream-open}), and keeps them idle; after {@code settle} ms the server reads
 * again. Per connection = (reading − baseline) / connections.
 */
public final class IdleConnectionMemory {
    /** How long a child JVM may take to end after STOP (10,000 connections to close). */
    private static final long STOP_WAIT_SECONDS = 20;


    /** One stack's figures. */
    public record Result(String stack, int connections, long baselineHeapBytes, long heapBytes,
            long baselineRssBytes, long rssBytes, long openMillis, List<MemoryProbe.ClassCount> topClasses) {

        public double heapBytesPerConnection() {
            return (double) (heapBytes - baselineHeapBytes) / connections;
        }

        public double rssBytesPerConnection() {
            return (double) (rssBytes - baselineRssBytes) / connections;
        }
    }

    /** Command-line options. */
    static final class Options {
        List<String> stacks = List.of("jquic", "netty");
        int connections = 10_000;
        int warmup = 200;
        int inFlight = 32;
        boolean keepStreamOpen;
        String serverHeap = "3g";
        String clientHeap = "3g";
        long settleMillis = 2_000;
        long timeoutSeconds = 900;
        int topClasses = 25;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path work = Path.of("jquic-bench", "target", "idle");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));

        static Options parse(String... args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--smoke" -> {
                        options.connections = 200;
                        options.warmup = 20;
                        options.serverHeap = "256m";
                        options.clientHeap = "256m";
                        options.settleMillis = 500;
                        options.timeoutSeconds = 60;
                        continue;
                    }
                    case "--keep-stream-open" -> {
                        options.keepStreamOpen = true;
                        continue;
                    }
                    case "--help" -> throw new IllegalArgumentException(usage());
                    default -> {
                    }
                }
                if (value == null) {
                    throw new IllegalArgumentException(args[i] + " needs a value\n" + usage());
                }
                i++;
                switch (args[i - 1]) {
                    case "--stacks" -> options.stacks = Arrays.asList(value.split(","));
                    case "--connections" -> options.connections = Integer.parseInt(value);
                    case "--warmup" -> options.warmup = Integer.parseInt(value);
                    case "--in-flight" -> options.inFlight = Integer.parseInt(value);
                    case "--server-heap" -> options.serverHeap = value;
                    case "--client-heap" -> options.clientHeap = value;
                    case "--settle-ms" -> options.settleMillis = Long.parseLong(value);
                    case "--timeout" -> options.timeoutSeconds = Long.parseLong(value);
                    case "--top-classes" -> options.topClasses = Integer.parseInt(value);
                    case "--java" -> options.java = value;
                    case "--work" -> options.work = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i - 1] + "\n" + usage());
                }
            }
            if (options.connections < 1 || options.warmup < 0 || options.inFlight < 1) {
                throw new IllegalArgumentException("--connections and --in-flight must be positive, --warmup not negative");
            }
            return options;
        }

        static String usage() {
            return "IdleConnectionMemory [--stacks jquic,netty] [--connections 10000] [--warmup 200] [--in-flight 32]\n"
                    + "    [--keep-stream-open] [--server-heap 3g] [--client-heap 3g] [--settle-ms 2000] [--timeout 900]\n"
                    + "    [--top-classes 25] [--java PATH] [--work DIR] | --smoke (200 connections, small heaps)";
        }
    }

    private IdleConnectionMemory() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException wrong) {
            System.err.println(wrong.getMessage());
            System.exit(2);
            return;
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        run(options, out);
        System.exit(0);
    }

    /** Measures every stack in turn and prints the table; throws if a stack's run fails. */
    static List<Result> run(Options options, PrintStream out) throws Exception {
        BenchSettings certificate = BenchCertificate.generate(options.work, 0);
        List<Result> results = new ArrayList<>();
        for (String stack : options.stacks) {
            out.println("measuring " + stack + ": " + options.connections + " connections ...");
            Result result = measure(stack, options, certificate);
            results.add(result);
            print(result, out);
        }
        out.println();
        out.printf(Locale.ROOT, "| stack | connections | stream | heap/connection | RSS/connection (outside the heap) |"
                + " heap + RSS/connection | opened in |%n|---|---:|---|---:|---:|---:|---:|%n");
        for (Result result : results) {
            out.printf(Locale.ROOT, "| %s | %,d | %s | %s | %s | %s | %.1f s |%n", result.stack(), result.connections(),
                    options.keepStreamOpen ? "kept open" : "ended", kib(result.heapBytesPerConnection()),
                    kib(result.rssBytesPerConnection()),
                    kib(result.heapBytesPerConnection() + result.rssBytesPerConnection()), result.openMillis() / 1000.0);
        }
        return results;
    }

    private static String kib(double bytes) {
        return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024);
    }

    private static void print(Result result, PrintStream out) {
        out.printf(Locale.ROOT, "%s: heap %,d -> %,d bytes (%s per connection), RSS %,d -> %,d bytes (%s per connection)%n",
                result.stack(), result.baselineHeapBytes(), result.heapBytes(), kib(result.heapBytesPerConnection()),
                result.baselineRssBytes(), result.rssBytes(), kib(result.rssBytesPerConnection()));
        if (!result.topClasses().isEmpty()) {
            out.println("  live-object growth on the server, per connection (GC.class_histogram after minus before):");
            for (MemoryProbe.ClassCount grown : result.topClasses()) {
                out.printf(Locale.ROOT, "  %10.1f B %8.2f objects  %s%n", (double) grown.bytes() / result.connections(),
                        (double) grown.instances() / result.connections(), grown.className());
            }
        }
    }

    private static Result measure(String stack, Options options, BenchSettings certificate) throws Exception {
        Path logs = options.work.resolve("logs");
        List<String> serverJvm = List.of("-Xms" + options.serverHeap, "-Xmx" + options.serverHeap,
                "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC");
        try (ChildJvm server = new ChildJvm(options.java, serverJvm, options.classPath, IdleServerMain.class.getName(),
                List.of(stack, certificate.certificate().toString(), certificate.privateKey().toString(),
                        String.valueOf(options.connections + options.warmup), String.valueOf(options.topClasses)),
                logs.resolve(stack + "-server.log"), STOP_WAIT_SECONDS)) {
            int port = Integer.parseInt(server.expect("PORT", 120).split(" ")[1]);
            try (ChildJvm client = new ChildJvm(options.java, List.of("-Xmx" + options.clientHeap, "-XX:+UseParallelGC"),
                    options.classPath, IdleClientMain.class.getName(),
                    List.of(stack, String.valueOf(port), String.valueOf(options.warmup),
                            String.valueOf(options.connections), String.valueOf(options.inFlight),
                            String.valueOf(options.keepStreamOpen), String.valueOf(options.timeoutSeconds)),
                    logs.resolve(stack + "-client.log"), STOP_WAIT_SECONDS)) {
                client.expect("WARM", options.timeoutSeconds);
                server.send("BASELINE");
                String[] baseline = server.expect("BASELINE", 180).split(" ");
                client.send("OPEN");
                String[] opened = client.expect("OPENED", options.timeoutSeconds + 60).split(" ");
                server.send("MEASURE " + options.connections + " " + options.settleMillis);
                String[] measured = server.expect("MEASURE", 240).split(" ");
                if (Integer.parseInt(measured[3]) != options.connections) {
                    throw new IllegalStateException(stack + " server holds " + measured[3] + " connections, not "
                            + options.connections);
                }
                List<MemoryProbe.ClassCount> top = new ArrayList<>();
                for (String line = server.expect("", 240); !line.equals("END"); line = server.expect("", 240)) {
                    if (line.startsWith("CLASS ")) {
                        String[] parts = line.split(" ");
                        top.add(new MemoryProbe.ClassCount(parts[1], Long.parseLong(parts[2]), Long.parseLong(parts[3])));
                    }
                }
                return new Result(stack, Integer.parseInt(opened[1]), Long.parseLong(baseline[1]),
                        Long.parseLong(measured[1]), Long.parseLong(baseline[2]), Long.parseLong(measured[2]),
                        Long.parseLong(opened[2]), top);
            }
        }
    }
}
