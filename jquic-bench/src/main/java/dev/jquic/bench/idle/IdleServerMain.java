package dev.jquic.bench.idle;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The measured JVM: a server of one stack that echoes streams, driven by command lines on
 * standard input, replying on standard output.
 *
 * <pre>
 * args: STACK CERT_PEM KEY_PEM MAX_CONNECTIONS TOP_CLASSES
 * out:  PORT p
 * in:   BASELINE            out: BASELINE heapBytes rssBytes
 * in:   MEASURE n settleMs  out: MEASURE heapBytes rssBytes connections, CLASS name instances bytes..., END
 * in:   STOP
 * </pre>
 * BASELINE waits (at most 60 s) until the server holds no connection; MEASURE waits (at most
 * 60 s) until it holds {@code n} and echoed {@code n} streams, then {@code settleMs} more for the
 * last acknowledgements. Each reading follows full collections until the heap is stable
 * ({@link MemoryProbe#settledHeapUsed}); CLASS lines list the classes whose live bytes grew most
 * between the two histograms.
 */
public final class IdleServerMain {

    private IdleServerMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try {
            run(args, out);
        } catch (Exception | Error failure) {
            failure.printStackTrace();
            out.println("FAILED " + failure);
        }
        System.exit(0);
    }

    private static void run(String[] args, PrintStream out) throws Exception {
        IdleStack stack = IdleStack.named(args[0]);
        int topClasses = Integer.parseInt(args[4]);
        try (IdleStack.Server server = stack.listen(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]))) {
            out.println("PORT " + server.port());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            Map<String, MemoryProbe.ClassCount> before = Map.of();
            for (String line = in.readLine(); line != null && !line.equals("STOP"); line = in.readLine()) {
                String[] command = line.split(" ");
                if (command[0].equals("BASELINE")) {
                    await(server, 0, 0);
                    // The histogram first: the map it fills is then part of both readings.
                    before = topClasses > 0 ? MemoryProbe.histogram() : Map.of();
                    long heap = MemoryProbe.settledHeapUsed();
                    long rss = MemoryProbe.residentSetBytes();
                    out.println("BASELINE " + heap + " " + rss);
                } else if (command[0].equals("MEASURE")) {
                    int connections = Integer.parseInt(command[1]);
                    await(server, connections, connections);
                    Thread.sleep(Long.parseLong(command[2]));
                    long heap = MemoryProbe.settledHeapUsed();
                    long rss = MemoryProbe.residentSetBytes();
                    out.println("MEASURE " + heap + " " + rss + " " + server.connectionCount());
                    if (topClasses > 0) {
                        for (MemoryProbe.ClassCount grown : MemoryProbe.growth(before, MemoryProbe.histogram(), topClasses)) {
                            out.println("CLASS " + grown.className() + " " + grown.instances() + " " + grown.bytes());
                        }
                    }
                    out.println("END");
                }
            }
        }
    }

    /** Waits (at most 60 s) until the server holds {@code connections} and echoed at least {@code echoed} streams. */
    private static void await(IdleStack.Server server, int connections, long echoed) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (server.connectionCount() != connections || server.echoedStreams() < echoed) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("server holds " + server.connectionCount() + " connections and echoed "
                        + server.echoedStreams() + " streams; expected " + connections + " and " + echoed);
            }
            Thread.sleep(50);
        }
    }
}
