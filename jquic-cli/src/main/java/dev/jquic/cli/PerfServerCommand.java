package dev.jquic.cli;

import dev.jquic.Quic;
import dev.jquic.QuicServer;
import dev.jquic.TlsOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jquic perf server}: serves every {@code jquic perf client} workload ({@link
 * PerfProtocol}) until interrupted (Ctrl-C), then closes its connections gracefully.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        header = "Run a server for jquic perf client.",
        description = {"Serves the upload, download, requests and connections workloads of",
            "'jquic perf client'.",
            "Without --cert/--key it generates a self-signed certificate; clients then connect with",
            "--pin <the fingerprint it prints> or --insecure. Runs until interrupted (Ctrl-C)."})
final class PerfServerCommand implements Callable<Integer> {

    /** Streams a client may have open at once: above the client's largest --parallel. */
    static final int MAX_INCOMING_STREAMS = PerfClientCommand.MAX_PARALLEL;

    private final Console console;
    /** Runs the server until stopped; tests complete {@code run.stop} and read {@code run.listening}. */
    final ServerRun run = new ServerRun();

    @Spec
    private CommandSpec spec;

    @Mixin
    private ServerListenOptions listen;

    @Option(names = "--alpn", paramLabel = "PROTOCOL", defaultValue = PerfProtocol.ALPN,
            description = "Application protocol (ALPN) to accept (default: ${DEFAULT-VALUE}).")
    private String alpn;

    @Option(names = "--event-loops", paramLabel = "N", defaultValue = "1",
            description = {"Event loops (threads), each with its own socket on the port (SO_REUSEPORT;",
                "default: ${DEFAULT-VALUE}, at most 64). More loops serve more connections at once;",
                "one connection always stays on one loop."})
    private int eventLoops;

    @Option(names = "--qlog", paramLabel = "DIR",
            description = "Write a qlog file (for qvis) per connection into DIR; every packet costs more.")
    private java.nio.file.Path qlogDirectory;

    PerfServerCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() throws InterruptedException, ExecutionException {
        TlsOptions tls = listen.validatedTls(spec);
        Arguments.requireAlpn(spec, "--alpn", alpn);
        Arguments.requireRange(spec, "--event-loops", eventLoops, 1, 64);
        if (qlogDirectory != null) {
            Arguments.requireDirectory(spec, "--qlog", qlogDirectory);
        }
        PrintWriter out = spec.commandLine().getOut();
        QuicServer server;
        try {
            server = Quic.server().host(listen.host).port(listen.port).alpn(alpn).tls(tls)
                    .maxIncomingStreams(MAX_INCOMING_STREAMS).eventLoops(eventLoops).qlog(qlogDirectory)
                    .handler(new PerfServerHandler(out)).listen();
        } catch (RuntimeException failure) {
            run.listening.completeExceptionally(failure);
            throw failure;
        }
        run.runUntilStopped(server, console, "jquic-perf-server-shutdown", out, () -> {
            out.println("perf server listening on " + Display.address(server.localAddress()) + " (UDP), ALPN " + alpn
                    + (eventLoops > 1 ? ", " + eventLoops + " event loops" : ""));
            out.println("certificate SHA-256 fingerprint: " + server.certificateFingerprint()
                    + (listen.selfSigned() ? " (self-signed, generated)" : ""));
            out.println("measure with: jquic perf client " + Display.connectAddress(server.localAddress())
                    + (listen.selfSigned() ? " --pin " + server.certificateFingerprint() : "")
                    + (alpn.equals(PerfProtocol.ALPN) ? "" : " --alpn " + alpn) + " --workload upload");
        });
        return 0;
    }
}
