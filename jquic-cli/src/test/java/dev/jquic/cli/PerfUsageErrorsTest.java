package dev.jquic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Bad arguments of {@code jquic perf}: exit code 2 and exactly one line on stderr naming the problem. */
class PerfUsageErrorsTest {

    private static void assertUsageError(CommandRun run, String... expectedParts) {
        assertEquals(JquicCommand.EXIT_USAGE, run.exitCode(), run.err());
        assertEquals(1, run.errLines().size(), "one line on stderr, got: " + run.err());
        for (String part : expectedParts) {
            assertTrue(run.err().contains(part), "stderr should contain '" + part + "': " + run.err());
        }
        assertTrue(!run.err().contains("Exception") && !run.err().contains("\tat "), run.err());
        assertEquals("", run.out());
    }

    @Test
    void perfWithoutSubcommand() {
        assertUsageError(CommandRun.of("perf"), "jquic perf: ", "a command is missing: server or client");
    }

    @Test
    void badSize() {
        assertUsageError(CommandRun.of("perf", "client", "127.0.0.1:4433", "--workload", "upload", "--bytes", "12XB"),
                "jquic perf client: ", "--bytes: '12XB' is not a size");
        assertUsageError(CommandRun.of("perf", "client", "127.0.0.1:4433", "--workload", "upload", "--bytes", "0"),
                "--bytes: 0 is not in 1..");
        assertUsageError(CommandRun.of("perf", "client", "127.0.0.1:4433", "--workload", "upload", "--bytes", "2TiB"),
                "--bytes: 2199023255552 is not in 1..");
    }

    @Test
    void qlogPathThatIsAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path directory) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(directory.resolve("plain.txt"), "x");
        assertUsageError(CommandRun.of("perf", "client", "127.0.0.1:4433", "--workload", "upload", "--qlog",
                file.toString()), "jquic perf client: ", "--qlog: cannot write into '" + file + "': it is not a directory");
        assertUsageError(CommandRun.of("perf", "server", "--port", "0", "--qlog", file.toString()),
                "jquic perf server: ", "--qlog: cannot write into '" + file + "': it is not a directory");
    }

    @Test
    void unknownWorkload() {
        assertUsageError(CommandRun.of("perf", "client", "127.0.0.1:4433", "--workload", "sideways"),
                "jquic perf client: ", "--workload", "sideways");
    }

    @Test
    void missingWorkload() {
        assertUsageError(CommandRun.of("perf", "client", "127.0.0.1:4433"), "jquic perf client: ", "--workload");
    }

    @Test
    void missingHostPort() {
        assertUsageError(CommandRun.of("perf", "client", "--workload", "upload"), "jquic perf client: ", "HOST:PORT");
    }

    @Test
    void badHostPortAndCounts() {
        assertUsageError(CommandRun.of("perf", "client", "localhost", "--workload", "upload"), "HOST:PORT", "expected HOST:PORT");
        assertUsageError(CommandRun.of("perf", "client", "127.0.0.1:4433", "--workload", "requests", "--parallel", "0"),
                "--parallel: 0 is not in 1..1000");
        assertUsageError(CommandRun.of("perf", "client", "127.0.0.1:4433", "--workload", "requests", "--requests", "-5"),
                "--requests: -5 is not in 1..");
        assertUsageError(CommandRun.of("perf", "client", "127.0.0.1:4433", "--workload", "upload", "--duration-limit", "0"),
                "--duration-limit: 0 is not in 1..");
        assertUsageError(CommandRun.of("perf", "client", "127.0.0.1:4433", "--workload", "upload", "--insecure", "--pin",
                "AB:".repeat(31) + "AB"), "exclude each other");
    }

    @Test
    void serverEventLoopsOutOfRange() {
        assertUsageError(CommandRun.of("perf", "server", "--event-loops", "0"), "jquic perf server: ",
                "--event-loops: 0 is not in 1..64");
    }

    @Test
    void serverKeyWithoutCertificate() {
        assertUsageError(CommandRun.of("perf", "server", "--key", "key.pem"), "jquic perf server: ", "--key needs --cert");
    }
}
