package dev.jquic.bench.e2e;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One side of a stack in its own JVM, driven by {@link E2eRunner} over standard input and output.
 *
 * <pre>
 * server STACK CERT KEY SOCKBUF          -> "PORT p"; then "STATS" -> "STATS cpuNanos packets"; "STOP" ends it
 * client STACK CERT KEY SOCKBUF PORT WARMUP WARMUP_SECONDS W=SIZE...
 *     per workload: warm-up runs (WARMUP x SIZE each, repeated until WARMUP_SECONDS have passed),
 *     "READY W"; waits for "GO"; the measured run;
 *     "RESULT W elapsedNanos cpuNanos packets" or "FAIL W message"; finally "DONE"
 * </pre>
 */
public final class PeerMain {

    private PeerMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        // Library chatter on standard output must not be taken for protocol lines.
        System.setOut(System.err);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Stack stack = Stacks.create(args[1]);
        BenchSettings settings = new BenchSettings(Path.of(args[2]), Path.of(args[3]), Integer.parseInt(args[4]));
        if (args[0].equals("server")) {
            runServer(stack, settings, in, out);
        } else {
            runClient(stack, settings, Integer.parseInt(args[5]), Double.parseDouble(args[6]),
                    Double.parseDouble(args[7]), java.util.Arrays.copyOfRange(args, 8, args.length), in, out);
        }
        out.flush();
        System.exit(0);
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void runServer(Stack stack, BenchSettings settings, BufferedReader in, PrintStream out)
            throws Exception {
        try (Stack.Server server = stack.startServer(settings)) {
            out.println("PORT " + server.port());
            for (String line = in.readLine(); line != null && !line.equals("STOP"); line = in.readLine()) {
                if (line.equals("STATS")) {
                    out.println("STATS " + cpuNanos() + " " + server.packetsSent());
                }
            }
        }
    }

    /** Bound of the warm-up runs of one workload (each is F x size; the time limit usually ends them). */
    private static final int MAX_WARMUP_RUNS = 100_000;

    private static void runClient(Stack stack, BenchSettings settings, int port, double warmup,
            double warmupSeconds, String[] specs, BufferedReader in, PrintStream out) throws Exception {
        try (Stack.Client client = stack.client(settings, port)) {
            for (String spec : specs) {
                Workload workload = Workload.valueOf(spec.substring(0, spec.indexOf('=')));
                long size = Long.parseLong(spec.substring(spec.indexOf('=') + 1));
                try {
                    long warmSize = (long) (size * warmup);
                    if (warmSize > 0) {
                        long warmUntil = System.nanoTime() + (long) (warmupSeconds * 1e9);
                        int runs = 0;
                        do {
                            workload.run(client, warmSize);
                            runs++;
                        } while (System.nanoTime() < warmUntil && runs < MAX_WARMUP_RUNS);
                    }
                    out.println("READY " + workload);
                    String go = in.readLine();
                    if (!"GO".equals(go)) {
                        return;
                    }
                    long packets = client.packetsSent();
                    long cpu = cpuNanos();
                    long start = System.nanoTime();
                    workload.run(client, size);
                    long elapsed = System.nanoTime() - start;
                    out.println("RESULT " + workload + " " + elapsed + " " + (cpuNanos() - cpu) + " "
                            + (client.packetsSent() - packets));
                } catch (Throwable failure) {
                    failure.printStackTrace();
                    out.println("FAIL " + workload + " " + String.valueOf(failure).replace('\n', ' '));
                }
            }
            out.println("DONE");
        }
    }
}
