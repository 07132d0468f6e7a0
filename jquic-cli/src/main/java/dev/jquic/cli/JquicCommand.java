package dev.jquic.cli;

import dev.jquic.QuicException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code jquic} command: {@code demo}, {@code server}, {@code client} and {@code perf} (see
 * {@link DemoCommand}, {@link ServerCommand}, {@link ClientCommand}, {@link PerfCommand}).
 *
 * <p>Exit codes: 0 success, 1 failure at run time (connection, certificate, timeout), 2 bad
 * arguments or unreadable files. Every failure is reported as one line on standard error,
 * prefixed with the command ({@code jquic client: ...}); set the environment variable {@code
 * JQUIC_STACKTRACE} to also get the stack trace, and {@code JQUIC_LOG=INFO} to see the runtime's
 * log (by default only its warnings).
 */
@Command(name = "jquic", mixinStandardHelpOptions = true, versionProvider = JquicCommand.Version.class,
        description = "QUIC in pure Java: a self-contained demo, an echo server, a client and perf measurements.",
        commandListHeading = "%nCommands:%n",
        footer = {"", "Examples:",
            "  jquic demo",
            "  jquic server --port 4433",
            "  jquic client 127.0.0.1:4433 --pin <fingerprint> --send hello",
            "  jquic perf server --port 4433"})
public final class JquicCommand implements Runnable {

    /**
     * The logger of the jquic runtime ("dev.jquic", through System.Logger's default backend):
     * kept here so that the level set by {@link #configureLogging()} is not lost to garbage
     * collection.
     */
    private static final Logger RUNTIME_LOGGER = Logger.getLogger("dev.jquic");

    /** Exit code of a failure at run time. */
    static final int EXIT_FAILURE = 1;
    /** Exit code of bad arguments or unreadable files. */
    static final int EXIT_USAGE = 2;

    @Spec
    private CommandSpec spec;

    private JquicCommand() {
    }

    /** Runs {@code jquic} with the process's standard streams and exits with its exit code. */
    public static void main(String[] args) {
        configureLogging();
        int exitCode = execute(Console.system(), args);
        System.out.flush();
        System.exit(exitCode);
    }

    /**
     * The commands print what matters themselves, so the runtime's log shows only warnings,
     * unless the environment variable JQUIC_LOG names another java.util.logging level (INFO).
     */
    private static void configureLogging() {
        Level level = Level.WARNING;
        String wanted = System.getenv("JQUIC_LOG");
        if (wanted != null && !wanted.isBlank()) {
            try {
                level = Level.parse(wanted.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                System.err.println("jquic: ignoring JQUIC_LOG=" + wanted + " (not a level: use INFO, WARNING, ...)");
            }
        }
        RUNTIME_LOGGER.setLevel(level);
    }

    /** Runs {@code jquic args...} in this process; returns the exit code. */
    static int execute(Console console, String... args) {
        return commandLine(console).execute(args);
    }

    /** The command line of {@code jquic} with its subcommands, writing to {@code console}. */
    static CommandLine commandLine(Console console) {
        CommandLine commandLine = new CommandLine(new JquicCommand());
        commandLine.addSubcommand(new DemoCommand(console));
        commandLine.addSubcommand(new ServerCommand(console));
        commandLine.addSubcommand(new ClientCommand(console));
        commandLine.addSubcommand(new CommandLine(new PerfCommand())
                .addSubcommand(new PerfServerCommand(console))
                .addSubcommand(new PerfClientCommand()));
        commandLine.setOut(console.outWriter());
        commandLine.setErr(console.errWriter());
        commandLine.setParameterExceptionHandler(JquicCommand::reportUsageError);
        commandLine.setExecutionExceptionHandler((failure, failed, parseResult) -> {
            report(failed, describe(failure), failure);
            return EXIT_FAILURE;
        });
        return commandLine;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is missing: demo, server, client or perf");
    }

    private static int reportUsageError(ParameterException problem, String[] args) {
        CommandLine failed = problem.getCommandLine();
        String name = failed.getCommandSpec().qualifiedName();
        report(failed, problem.getMessage() + " (see '" + name + " --help')", problem);
        return EXIT_USAGE;
    }

    private static void report(CommandLine failed, String message, Throwable failure) {
        String oneLine = message.replaceAll("\\s*[\\r\\n]+\\s*", "; ").strip();
        failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + oneLine);
        if (System.getenv("JQUIC_STACKTRACE") != null) {
            failure.printStackTrace(failed.getErr());
        }
        failed.getErr().flush();
    }

    /** A one-line description of {@code failure} for a user: its message, not its class. */
    static String describe(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException
                || cause instanceof UncheckedIOException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof NoSuchFileException) {
            return "no such file: " + cause.getMessage();
        }
        if (cause instanceof AccessDeniedException) {
            return "permission denied: " + cause.getMessage();
        }
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            return cause.getClass().getSimpleName();
        }
        if (cause instanceof CommandFailure || cause instanceof QuicException
                || cause instanceof IllegalArgumentException) {
            return message;
        }
        if (cause instanceof IOException) {
            return "I/O error: " + message;
        }
        return cause.getClass().getSimpleName() + ": " + message;
    }

    /** The version from the jar manifest, or "development build" when run from classes. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = JquicCommand.class.getPackage().getImplementationVersion();
            return new String[] {"jquic " + (version == null ? "(development build)" : version)};
        }
    }
}
