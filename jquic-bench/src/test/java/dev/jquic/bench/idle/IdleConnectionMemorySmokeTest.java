package dev.jquic.bench.idle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The idle-connection measurement end to end on a small scale: a jquic server JVM and a client
 * JVM, 100 connections established, echoed and left idle, the server's heap read before and
 * after. It took 55 s with 200 connections on the shared 2-core machine under a load average
 * of 15 (opening alone 15 s), hence 100.
 */
class IdleConnectionMemorySmokeTest {

    /**
     * Ceiling on the heap per idle connection measured with 100 connections: issue 7's target of
     * 32 KiB (stated for 10,000 connections) plus 8 KiB for the fixed costs 100 connections do
     * not amortise (the code before the reductions measured 51.1 KiB with 200 connections and
     * 48.1 KiB with 10,000; after them 19.1 and 18.9). A regression of the size removed then
     * (29 KiB of CRYPTO buffers kept after the handshake) fails.
     */
    static final double CEILING_BYTES = 40 * 1024;
    /** Floor: a connection's keys, IDs and recovery state alone take more; below it nothing was counted. */
    static final double FLOOR_BYTES = 2 * 1024;

    @Test
    void aHundredIdleJquicConnectionsAreMeasuredBelowTheCeiling(@TempDir Path work) throws Exception {
        IdleConnectionMemory.Options options = IdleConnectionMemory.Options.parse("--smoke", "--stacks", "jquic",
                "--connections", "100", "--warmup", "10", "--settle-ms", "300", "--top-classes", "10",
                "--work", work.toString());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<IdleConnectionMemory.Result> results;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            results = IdleConnectionMemory.run(options, out);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        System.out.println(text);

        assertEquals(1, results.size(), text);
        IdleConnectionMemory.Result jquic = results.get(0);
        assertEquals("jquic", jquic.stack());
        assertEquals(100, jquic.connections(), text);
        double perConnection = jquic.heapBytesPerConnection();
        assertTrue(perConnection > FLOOR_BYTES, "heap per connection " + perConnection + " B\n" + text);
        assertTrue(perConnection < CEILING_BYTES, "heap per connection " + perConnection + " B exceeds "
                + CEILING_BYTES + " B\n" + text);
        assertTrue(jquic.rssBytes() > 0, "the server read its resident set size\n" + text);
        assertFalse(jquic.topClasses().isEmpty(), "the histogram growth is listed\n" + text);
        assertTrue(text.contains("| jquic | 100 | ended | "), text);
    }
}
