package dev.jquic.bench.e2e;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The end-to-end harness of issue 7: each stack's server and client in JVMs of their own on
 * 127.0.0.1, the four workloads, N runs; prints one table with ratios to quiche-NIO.
 * Run it with {@code jquic-bench/e2e.sh} (builds, sets the class path, passes the options).
 */
public final class E2eRunner {

    private E2eRunner() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException bad) {
            System.err.println(bad.getMessage());
            System.exit(2);
            return;
        }
        Report report;
        try {
            report = run(options, System.out);
        } catch (IllegalArgumentException unavailable) {
            System.err.println(unavailable.getMessage());
            System.exit(2);
            return;
        }
        System.exit(report.failures().isEmpty() ? 0 : 1);
    }

    /** Runs everything {@code options} asks for, printing progress and the table on {@code out}. */
    public static Report run(Options options, PrintStream out) throws Exception {
        Instant started = Instant.now();
        out.printf(Locale.ROOT, "jquic-bench e2e: %s, JDK %s (%s), %d cores, runs %d, warm-up runs of %.2f x size for"
                + " at least %.0f s%n",
                started.truncatedTo(ChronoUnit.SECONDS), System.getProperty("java.version"),
                System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors(), options.runs,
                options.warmup, options.warmupSeconds);
        out.printf(Locale.ROOT, "sizes: W1 %d MiB, W2 %d MiB, W3 %d requests, W4 %d connections; peer JVM args %s%n",
                options.sizes.get(Workload.W1) >> 20, options.sizes.get(Workload.W2) >> 20,
                options.sizes.get(Workload.W3), options.sizes.get(Workload.W4), options.jvmArgs);
        System.setProperty(JquicStack.MAX_UDP_PAYLOAD_PROPERTY, Integer.toString(options.jquicMaxUdpPayload));
        List<String> stacks = new ArrayList<>();
        for (String name : options.stacks) {
            String reason = Stacks.unavailable(name);
            if (reason == null) {
                stacks.add(name);
                out.println("  " + name + " = " + Stacks.create(name).describe());
            } else if (options.strict) {
                throw new IllegalArgumentException("stack " + name + " cannot run: " + reason);
            } else {
                out.println("  " + name + ": skipped, " + reason);
            }
        }
        BenchSettings settings = BenchCertificate.generate(options.workDirectory.resolve("cert"),
                options.socketBufferBytes);
        out.println("settings: one RSA-2048 certificate, ALPN " + BenchSettings.ALPN
                + ", windows 16 MiB connection / 8 MiB stream, 100 streams, 1,200-byte datagrams"
                + (options.jquicMaxUdpPayload == BenchSettings.MAX_UDP_PAYLOAD ? ""
                        : " (jquic: up to " + options.jquicMaxUdpPayload + " by PMTU discovery)") + ", "
                + "socket buffers " + options.socketBufferBytes + " B, 127.0.0.1, server and client in separate JVMs"
                + (options.serverLoops > 1 ? "; jquic server with " + options.serverLoops + " event loops" : ""));
        List<Measurement> measurements = new ArrayList<>();
        for (int run = 1; run <= options.runs; run++) {
            for (String stack : stacks) {
                for (Measurement m : runPair(options, settings, stack, run)) {
                    measurements.add(m);
                    out.println(m.ok()
                            ? String.format(Locale.ROOT, "  run %d %-16s %s %,12.1f %-6s (client CPU %,d ms, server CPU %,d ms)",
                                    run, stack, m.workload(), m.rate(), m.workload().rateUnit,
                                    m.clientCpuNanos() / 1_000_000, m.serverCpuNanos() / 1_000_000)
                            : String.format(Locale.ROOT, "  run %d %-16s %s FAILED: %s", run, stack, m.workload(),
                                    m.failure()));
                }
            }
        }
        Report report = new Report(measurements, stacks, options.workloads);
        out.println();
        out.println("Rates: MiB/s (W1, W2), requests/s (W3), connections/s (W4); median of the runs and their range; "
                + "\"× quiche-NIO\" divides medians measured in this same invocation. CPU: process CPU time of "
                + "each JVM during the measured run, per MiB (W1, W2) or per 1,000 requests/connections (W3, W4). "
                + "Packets: QUIC packets sent by each side during the run, as each stack counts them (coalesced "
                + "handshake packets share a datagram; otherwise one packet is one datagram).");
        out.print(report.table());
        out.print(report.failureLines());
        out.printf(Locale.ROOT, "took %d s%n", java.time.Duration.between(started, Instant.now()).toSeconds());
        return report;
    }

    /** One server JVM and one client JVM of {@code stack}, running every workload once. */
    private static List<Measurement> runPair(Options options, BenchSettings settings, String stack, int run)
            throws Exception {
        List<Measurement> results = new ArrayList<>();
        Path logs = options.workDirectory.resolve("logs");
        List<String> common = List.of(stack, settings.certificate().toString(), settings.privateKey().toString(),
                Integer.toString(settings.socketBufferBytes()));
        List<String> serverArguments = new ArrayList<>(List.of("server"));
        serverArguments.addAll(common);
        try (PeerProcess server = new PeerProcess(options, logs.resolve(stack + "-run" + run + "-server.log"),
                serverArguments)) {
            String port = server.expect(60, "PORT");
            if (port == null) {
                for (Workload workload : options.workloads) {
                    results.add(Measurement.failed(stack, workload, run, options.sizes.get(workload),
                            "server did not start: " + server.logTail()));
                }
                return results;
            }
            List<String> clientArguments = new ArrayList<>(List.of("client"));
            clientArguments.addAll(common);
            clientArguments.add(port.substring(5));
            clientArguments.add(Double.toString(options.warmup));
            clientArguments.add(Double.toString(options.warmupSeconds));
            for (Workload workload : options.workloads) {
                clientArguments.add(workload + "=" + options.sizes.get(workload));
            }
            try (PeerProcess client = new PeerProcess(options, logs.resolve(stack + "-run" + run + "-client.log"),
                    clientArguments)) {
                boolean alive = true;
                for (Workload workload : options.workloads) {
                    long size = options.sizes.get(workload);
                    if (!alive) {
                        results.add(Measurement.failed(stack, workload, run, size, "not run: an earlier workload hung"));
                        continue;
                    }
                    long timeout = options.timeoutSeconds;
                    String ready = client.expect(timeout, "READY", "FAIL");
                    if (ready == null || ready.startsWith("FAIL")) {
                        alive = ready != null;
                        results.add(Measurement.failed(stack, workload, run, size, ready == null
                                ? "no answer within " + timeout + " s (warm-up): " + client.logTail()
                                : "warm-up: " + ready.substring(8)));
                        continue;
                    }
                    long[] before = serverStats(server);
                    client.send("GO");
                    String result = client.expect(timeout, "RESULT", "FAIL");
                    long[] after = serverStats(server);
                    if (result == null || result.startsWith("FAIL") || before == null || after == null) {
                        alive = result != null;
                        results.add(Measurement.failed(stack, workload, run, size, result == null
                                ? "no answer within " + timeout + " s: " + client.logTail()
                                : result.startsWith("FAIL") ? result.substring(8) : "server stats missing"));
                        continue;
                    }
                    String[] fields = result.split(" ");
                    results.add(new Measurement(stack, workload, run, size, Long.parseLong(fields[2]),
                            Long.parseLong(fields[3]), after[0] - before[0], Long.parseLong(fields[4]),
                            after[1] - before[1], null));
                }
                if (alive) {
                    client.expect(30, "DONE");
                }
            }
        }
        return results;
    }

    /** The server's process CPU nanoseconds and packets sent, or null if it does not answer. */
    private static long[] serverStats(PeerProcess server) throws Exception {
        server.send("STATS");
        String line = server.expect(30, "STATS");
        if (line == null) {
            return null;
        }
        String[] fields = line.split(" ");
        return new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[2])};
    }
}
