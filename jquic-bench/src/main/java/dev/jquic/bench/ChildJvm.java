package dev.jquic.bench;

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

/**
 * A main class in a JVM of its own: command lines in, reply lines out, standard error to a log
 * file; {@code STOP} ends it. The peers of the end-to-end harness and of the idle-memory
 * measurement run in these.
 */
public final class ChildJvm implements AutoCloseable {

    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final Writer input;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Path log;
    private final long stopWaitSeconds;

    /**
     * Starts {@code main} with {@code arguments}; standard error goes to {@code log}. {@link #close}
     * waits {@code stopWaitSeconds} for the process to end after {@code STOP}, then kills it.
     */
    public ChildJvm(String java, List<String> jvmArguments, String classPath, String main, List<String> arguments,
            Path log, long stopWaitSeconds) throws IOException {
        this.stopWaitSeconds = stopWaitSeconds;
        this.log = log;
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmArguments);
        command.add("-cp");
        command.add(classPath);
        command.add(main);
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
        }, "child-jvm-output");
        reader.setDaemon(true);
        reader.start();
    }

    public void send(String line) throws IOException {
        input.write(line + "\n");
        input.flush();
    }

    /**
     * The next line equal to one of {@code prefixes} or starting with one and a space (other lines
     * are skipped; no prefix: any line), or null at the end of the output or after the timeout.
     */
    public String next(long timeoutSeconds, String... prefixes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(EOF)) {
                if (line != null) {
                    lines.add(EOF); // later calls see the end too
                }
                return null;
            }
            if (prefixes.length == 0) {
                return line;
            }
            for (String prefix : prefixes) {
                if (line.equals(prefix) || line.startsWith(prefix + " ")) {
                    return line;
                }
            }
        }
    }

    /**
     * As {@link #next}, for one prefix (empty: any line), but a missing line or a {@code FAILED}
     * line is an exception naming the log.
     */
    public String expect(String prefix, long timeoutSeconds) throws IOException, InterruptedException {
        String line = prefix.isEmpty() ? next(timeoutSeconds) : next(timeoutSeconds, prefix, "FAILED");
        if (line == null) {
            throw new IOException("no '" + prefix + "' within " + timeoutSeconds + " s or the process ended; log "
                    + log + ": " + logTail(8));
        }
        if (line.startsWith("FAILED")) {
            throw new IOException(line + "; log " + log + ": " + logTail(8));
        }
        return line;
    }

    public long pid() {
        return process.pid();
    }

    /** The last {@code count} lines of the standard error log, for a failure message. */
    public String logTail(int count) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", all.subList(Math.max(0, all.size() - count), all.size()));
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
        if (!process.waitFor(stopWaitSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
