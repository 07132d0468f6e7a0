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
 * {@code jquic server}: an echo server. Every stream's bytes go back on the same stream, which is
 * finished when the peer finishes it. Prints the listening address and the certificate
 * fingerprint, then runs until interrupted (Ctrl-C), when it closes its connections gracefully.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        header = "Run an echo server.",
        description = {"Runs a QUIC echo server: every stream's bytes go back on the same stream.",
            "Without --cert/--key it generates a self-signed certificate; clients then connect with",
            "--pin <the fingerprint it prints> or --insecure. Runs until interrupted (Ctrl-C)."})
final class ServerCommand implements Callable<Integer> {


    private final Console console;
    /** Runs the server until stopped; tests complete {@code run.stop} and read {@code run.listening}. */
    final ServerRun run = new ServerRun();

    @Spec
    private CommandSpec spec;

    @Mixin
    private ServerListenOptions listen;

    @Option(names = "--alpn", paramLabel = "PROTOCOL", defaultValue = "echo",
            description = "Application protocol (ALPN) to accept (default: ${DEFAULT-VALUE}).")
    private String alpn;

    ServerCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() throws InterruptedException, ExecutionException {
        TlsOptions tls = listen.validatedTls(spec);
        Arguments.requireAlpn(spec, "--alpn", alpn);
        PrintWriter out = spec.commandLine().getOut();
        EchoHandler handler = new EchoHandler(out, "");
        QuicServer server;
        try {
            server = Quic.server().host(listen.host).port(listen.port).alpn(alpn).tls(tls).handler(handler).listen();
        } catch (RuntimeException failure) {
            run.listening.completeExceptionally(failure);
            throw failure;
        }
        run.runUntilStopped(server, console, "jquic-server-shutdown", out, () -> {
            out.println("listening on " + Display.address(server.localAddress()) + " (UDP), ALPN " + alpn);
            out.println("certificate SHA-256 fingerprint: " + server.certificateFingerprint()
                    + (listen.selfSigned() ? " (self-signed, generated)" : ""));
            out.println("connect with: jquic client " + Display.connectAddress(server.localAddress())
                    + (listen.selfSigned() ? " --pin " + server.certificateFingerprint() : "") + " --send hello");
        });
        return 0;
    }
}
