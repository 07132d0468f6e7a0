package dev.jquic.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Where a command reads and writes: the process's standard streams, or captured ones in tests.
 * {@link #out()} takes raw bytes (echoed data) as well as text; both writers flush every line
 * and may be used from any thread.
 *
 * @param in standard input (the client sends it when no {@code --send} is given)
 * @param out standard output: results and echoed bytes
 * @param err standard error: progress and error messages
 */
record Console(InputStream in, PrintStream out, PrintStream err) {

    static Console system() {
        return new Console(System.in, System.out, System.err);
    }

    /** Whether these are the process's own streams (then an interrupt may stop a server). */
    boolean isProcessConsole() {
        return in == System.in && out == System.out && err == System.err;
    }

    PrintWriter outWriter() {
        return new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    }

    PrintWriter errWriter() {
        return new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    }
}
