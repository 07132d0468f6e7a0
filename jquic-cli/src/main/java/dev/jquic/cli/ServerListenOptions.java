package dev.jquic.cli;

import dev.jquic.TlsOptions;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Where a server command listens and with which certificate: {@code --host}, {@code --port},
 * {@code --cert} and {@code --key} (none: a generated self-signed certificate). A picocli mixin
 * shared by {@code server} and {@code perf server}.
 */
final class ServerListenOptions {

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 or :: for all).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "4433",
            description = "UDP port (default: ${DEFAULT-VALUE}; 0 for an ephemeral port).")
    int port;

    @Option(names = "--cert", paramLabel = "FILE", description = "Certificate chain, PEM (needs --key).")
    private Path certificateChain;

    @Option(names = "--key", paramLabel = "FILE",
            description = "Private key of the certificate, PEM, unencrypted (needs --cert).")
    private Path privateKey;

    /** Checks the options (usage errors of {@code spec}) and returns the server's TLS options. */
    TlsOptions validatedTls(CommandSpec spec) {
        TlsOptions tls = Arguments.serverTls(spec, certificateChain, privateKey);
        Arguments.requireRange(spec, "--port", port, 0, 65_535);
        return tls;
    }

    /** Whether the server generates a self-signed certificate (no --cert). */
    boolean selfSigned() {
        return certificateChain == null;
    }
}
