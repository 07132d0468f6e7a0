package dev.jquic.bench.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link PeerMain} in a JVM of its own: lines in, protocol lines out, standard error to a log file. */
final class PeerProcess implements AutoCloseable {

    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final Writer input;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final Path log;

    PeerProcess(Options options, Path log, List<String> arguments) throws IOException {
        this.log = log;
        List<String> command = new ArrayList<>();
        command.add(options.javaCommand);
        command.addAll(options.jvmArgs);
        command.add("-D" + JquicStack.SERVER_LOOPS_PROPERTY + "=" + options.serverLoops);
        command.add("-D" + JquicStack.MAX_UDP_PAYLOAD_PROPERTY + "=" + options.jquicMaxUdpPayload);
        command.add("-cp");
        command.add(options.classPath);
        command.add(PeerMain.class.getName());
        command.addAll(arguments);
        Files.createDirectories(log.getParent());
        process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader output = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ended) {
                // The process is gone: EOF below.
            }
            lines.add(EOF);
        }, "e2e-peer-output");
        reader.setDaemon(true);
        reader.start();
    }

    void send(String line) throws IOException {
        input.write(line + "\n");
        input.flush();
    }

    /** The next line starting with one of {@code prefixes}, or null at the end of output or after the timeout. */
    String expect(long timeoutSeconds, String... prefixes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(EOF)) {
                if (line != null) {
                    lines.add(EOF);
                }
                return null;
            }
            for (String prefix : prefixes) {
                if (line.startsWith(prefix + " ") || line.equals(prefix)) {
                    return line;
                }
            }
        }
    }

    /** The last lines of the peer's standard error, for a failure message. */
    String logTail() {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", all.subList(Math.max(0, all.size() - 5), all.size()));
        } catch (IOException | RuntimeException unreadable) {
            return "(no log: " + unreadable.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            send("STOP");
        } catch (IOException gone) {
            // Already ended.
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
