package dev.jquic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code jquic demo} in this process: real UDP on loopback through the public API. */
class DemoEndToEndTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void demoEchoesOnEveryStreamAndPrintsTheStatistics() {
        CommandRun run = CommandRun.of("demo", "--timeout", "30");

        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertEquals("", run.err());
        assertTrue(run.out().contains("server: listening on 127.0.0.1:"), run.out());
        assertTrue(run.out().contains("client: connected from "), run.out());
        assertTrue(run.out().contains("client: all 5 streams echoed byte for byte"), run.out());
        for (int stream = 0; stream < 5; stream++) {
            assertTrue(run.out().contains("\"message 3 of stream " + stream + ": hello over QUIC\""), run.out());
        }
        assertTrue(run.out().contains("connection statistics"), run.out());
        assertTrue(run.out().contains("bytes sent"), run.out());
        assertTrue(run.out().contains("smoothed RTT"), run.out());
        assertTrue(run.out().contains("demo complete: 5 streams x 3 messages echoed"), run.out());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void demoWithManyStreams() {
        CommandRun run = CommandRun.of("demo", "--streams", "50", "--messages", "2", "--timeout", "30");

        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("client: all 50 streams echoed byte for byte"), run.out());
    }
}
