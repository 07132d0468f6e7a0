package dev.jquic.bench.idle;

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

/** A main class in a JVM of its own: command lines in, reply lines out, standard error to a log file. */
final class ChildJvm implements AutoCloseable {

    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final Writer input;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Path log;

    ChildJvm(String java, List<String> jvmArguments, String classPath, Class<?> main, List<String> arguments,
            Path log) throws IOException {
        this.log = log;
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmArguments);
        command.add("-cp");
        command.add(classPath);
        command.add(main.getName());
        command.addAll(arguments);
        Files.createDirectories(log.toAbsolutePath().getParent());
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
        }, "idle-child-output");
        reader.setDaemon(true);
        reader.start();
    }

    void send(String line) throws IOException {
        input.write(line + "\n");
        input.flush();
    }

    /**
     * The next line starting with {@code prefix} (other lines are skipped), or the next line at all
     * for an empty prefix.
     *
     * @throws IOException naming the log if the process ended or the timeout passed first
     */
    String expect(String prefix, long timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(EOF)) {
                if (line != null) {
                    lines.add(EOF);
                }
                throw new IOException((line == null ? "no '" + prefix + "' within " + timeoutSeconds + " s"
                        : "ended before '" + prefix + "'") + "; log " + log + ": " + logTail());
            }
            if (line.startsWith("FAILED")) {
                throw new IOException(line + "; log " + log + ": " + logTail());
            }
            if (prefix.isEmpty() || line.equals(prefix) || line.startsWith(prefix + " ")) {
                return line;
            }
        }
    }

    long pid() {
        return process.pid();
    }

    private String logTail() {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", all.subList(Math.max(0, all.size() - 8), all.size()));
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
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
