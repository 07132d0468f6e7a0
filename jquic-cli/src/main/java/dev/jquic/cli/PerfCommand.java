package dev.jquic.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jquic perf}: the parent of {@code perf server} and {@code perf client}. */
@Command(name = "perf", mixinStandardHelpOptions = true,
        header = "Measure throughput, requests/s and connections/s between two jquic endpoints.",
        description = {"Start 'jquic perf server' on one side and 'jquic perf client HOST:PORT",
            "--workload W' on the other; the client prints progress every second and a summary."},
        footer = {"", "Examples:",
            "  jquic perf server --port 4433",
            "  jquic perf client 127.0.0.1:4433 --pin <fingerprint> -w upload --bytes 256MiB",
            "  jquic perf client 127.0.0.1:4433 --pin <fingerprint> -w requests --requests 100000"})
final class PerfCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is missing: server or client");
    }
}
