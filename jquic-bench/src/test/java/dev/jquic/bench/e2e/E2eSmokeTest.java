package dev.jquic.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness end to end on tiny sizes: each stack's server and client in JVMs of their own,
 * every workload completing with every byte verified (a peer throws on any mismatch, which
 * the runner records as a failure), and the table printed with its ratios.
 */
class E2eSmokeTest {

    @Test
    void everyStackPairRunsEveryWorkloadByteExactAndTheTableIsPrinted(@TempDir Path work) throws Exception {
        Options options = Options.parse("--stacks", "jquic,netty-nio,kwik", "--runs", "1", "--warmup", "0",
                "--w1-mib", "1", "--w2-mib", "1", "--w3-requests", "200", "--w4-connections", "5",
                "--timeout", "60", "--work", work.toString(), "--jvm-args", "-Xmx256m -XX:TieredStopAtLevel=1");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Report report;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            report = E2eRunner.run(options, out);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        System.out.println(text);

        assertEquals(List.of(), report.failures(), text);
        assertEquals(12, report.measurements().size(), text);
        for (Measurement m : report.measurements()) {
            assertTrue(m.elapsedNanos() > 0 && m.clientCpuNanos() > 0 && m.serverCpuNanos() > 0, m.toString());
            assertTrue(m.clientPackets() > 0 && m.serverPackets() > 0, m.toString());
        }
        assertTrue(text.contains("| workload | stack | median | range (min–max) | × quiche-NIO |"), text);
        for (String stack : List.of("jquic", "netty-nio", "kwik")) {
            for (Workload workload : Workload.values()) {
                assertTrue(text.contains("| " + workload + " " + workload.rateUnit + " | " + stack + " | "),
                        stack + " " + workload + " row missing:\n" + text);
            }
        }
        // The baseline's own ratio is 1 by construction; it proves the ratio column is computed.
        assertTrue(text.contains("| W1 MiB/s | netty-nio | ") && text.lines()
                .filter(line -> line.startsWith("| W1 MiB/s | netty-nio | ")).allMatch(line -> line.contains("| 1.00 |")),
                text);
    }

    @Test
    void aCorruptedTransferIsDetected() {
        long position = 123_456;
        java.nio.ByteBuffer good = java.nio.ByteBuffer.allocate(100_000);
        for (int i = 0; i < good.capacity(); i += Payload.CHUNK) {
            good.put(Payload.chunk(position + i, Math.min(Payload.CHUNK, good.capacity() - i)));
        }
        good.flip();
        assertTrue(Payload.matches(good.duplicate(), position));
        java.nio.ByteBuffer bad = java.nio.ByteBuffer.allocate(good.remaining()).put(good.duplicate()).flip();
        bad.put(77_777, (byte) (bad.get(77_777) ^ 1));
        assertTrue(!Payload.matches(bad, position));
        assertTrue(!Payload.matches(good.duplicate(), position + 1));
    }
}
