package dev.jquic.bench.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Command-line options of {@link E2eRunner}; every field has the full-size default of issue 7. */
public final class Options {

    List<String> stacks = new ArrayList<>(Stacks.ALL);
    List<Workload> workloads = new ArrayList<>(List.of(Workload.values()));
    int runs = 3;
    final Map<Workload, Long> sizes = new EnumMap<>(Map.of(
            Workload.W1, 256L << 20, Workload.W2, 256L << 20, Workload.W3, 100_000L, Workload.W4, 500L));
    /** Warm-up runs before each measured one, each a fraction of its size. */
    double warmup = 0.1;
    /** The warm-up repeats its runs until this many seconds have passed (issue 7: "after a 10 s warm-up"). */
    double warmupSeconds = 10;
    int socketBufferBytes = 4 << 20;
    /** jquic's maxUdpPayloadSize (1200: no path MTU discovery, as the other stacks are configured). */
    int jquicMaxUdpPayload = BenchSettings.MAX_UDP_PAYLOAD;
    long timeoutSeconds = 600;
    List<String> jvmArgs = new ArrayList<>(List.of("-Xmx1g", "-XX:+UseParallelGC"));
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path workDirectory = Path.of("target", "e2e");
    /** Event loops of the jquic server ({@code QuicServer.eventLoops}); other stacks ignore it. */
    int serverLoops = 1;
    /** Whether explicitly named stacks that cannot run here are an error (else they are skipped with a note). */
    boolean strict;

    static final String USAGE = """
            usage: E2eRunner [options]
              --stacks a,b,...      of %s (default: all that can run here)
              --workloads W1,...    of W1 W2 W3 W4 (default: all)
              --runs N              measured runs per stack and workload (default 3)
              --w1-mib N --w2-mib N --w3-requests N --w4-connections N
                                    sizes (default 256 MiB, 256 MiB, 100000, 500)
              --warmup F            warm-up runs of F x size before each measured run (default 0.1; 0: none)
              --warmup-seconds S    repeat those warm-up runs until S seconds have passed (default 10)
              --sockbuf BYTES       SO_RCVBUF/SO_SNDBUF (default 4194304; 0: OS default, jquic 64 KiB)
              --jquic-max-udp-payload N
                                    jquic's maxUdpPayloadSize, 1200..65527 (default 1200 like the others;
                                    above 1200 path MTU discovery probes up to it)
              --timeout S           per workload (default 600)
              --jvm-args "..."      for the peer JVMs (default "-Xmx1g -XX:+UseParallelGC")
              --java PATH           java command for the peer JVMs (default: this JVM's)
              --server-loops N      event loops of the jquic server, sharing its port (default 1)
              --work DIR            certificate and peer logs (default target/e2e)
              --smoke               tiny sizes: W1/W2 1 MiB, W3 500, W4 10, 1 run, no warm-up
            """.formatted(Stacks.ALL);

    static Options parse(String... args) {
        Options options = new Options();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--smoke")) {
                options.smoke();
                continue;
            }
            if (name.equals("--strict")) {
                options.strict = true;
                continue;
            }
            if (name.equals("-h") || name.equals("--help") || i + 1 >= args.length) {
                throw new IllegalArgumentException(USAGE);
            }
            String value = args[++i];
            switch (name) {
                case "--stacks" -> {
                    options.stacks = List.of(value.split(","));
                    options.strict = true;
                }
                case "--workloads" -> options.workloads = parseWorkloads(value);
                case "--runs" -> options.runs = Integer.parseInt(value);
                case "--w1-mib" -> options.sizes.put(Workload.W1, Long.parseLong(value) << 20);
                case "--w2-mib" -> options.sizes.put(Workload.W2, Long.parseLong(value) << 20);
                case "--w3-requests" -> options.sizes.put(Workload.W3, Long.parseLong(value));
                case "--w4-connections" -> options.sizes.put(Workload.W4, Long.parseLong(value));
                case "--warmup" -> options.warmup = Double.parseDouble(value);
                case "--warmup-seconds" -> options.warmupSeconds = Double.parseDouble(value);
                case "--sockbuf" -> options.socketBufferBytes = Integer.parseInt(value);
                case "--jquic-max-udp-payload" -> options.jquicMaxUdpPayload = Integer.parseInt(value);
                case "--timeout" -> options.timeoutSeconds = Long.parseLong(value);
                case "--jvm-args" -> options.jvmArgs = value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
                case "--java" -> options.javaCommand = value;
                case "--server-loops" -> {
                    options.serverLoops = Integer.parseInt(value);
                    if (options.serverLoops < 1) {
                        throw new IllegalArgumentException("--server-loops: " + value + " must be at least 1");
                    }
                }
                case "--work" -> options.workDirectory = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            }
        }
        return options;
    }

    private static List<Workload> parseWorkloads(String value) {
        List<Workload> list = new ArrayList<>();
        for (String name : value.toUpperCase().split(",")) {
            list.add(Workload.valueOf(name.trim()));
        }
        return list;
    }

    /** Sizes for a run of well under a minute. */
    Options smoke() {
        sizes.put(Workload.W1, 1L << 20);
        sizes.put(Workload.W2, 1L << 20);
        sizes.put(Workload.W3, 500L);
        sizes.put(Workload.W4, 10L);
        runs = 1;
        warmup = 0;
        warmupSeconds = 0;
        return this;
    }
}
