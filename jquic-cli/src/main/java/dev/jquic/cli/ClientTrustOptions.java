package dev.jquic.cli;

import dev.jquic.TlsOptions;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * How a client command checks the server's certificate: {@code --ca}, {@code --pin} or
 * {@code --insecure} (at most one), else the JDK's trusted CAs. A picocli mixin shared by
 * {@code client} and {@code perf client}.
 */
final class ClientTrustOptions {

    @Option(names = "--ca", paramLabel = "FILE", description = "Trust the CA certificates of this PEM file.")
    private Path caCertificates;

    @Option(names = "--pin", paramLabel = "FINGERPRINT",
            description = "Accept exactly the certificate with this SHA-256 fingerprint (as the server prints it).")
    private String pinnedFingerprint;

    @Option(names = "--insecure", description = "Accept any certificate (development only: no authentication).")
    private boolean insecure;

    /** Whether none of the three options was given (the JDK's trusted CAs decide). */
    boolean isDefault() {
        return caCertificates == null && pinnedFingerprint == null && !insecure;
    }

    /** The TLS options these choices give; a bad combination or argument is a usage error of {@code spec}. */
    TlsOptions tlsOptions(CommandSpec spec) {
        int choices = (caCertificates == null ? 0 : 1) + (pinnedFingerprint == null ? 0 : 1) + (insecure ? 1 : 0);
        if (choices > 1) {
            throw new ParameterException(spec.commandLine(), "--ca, --pin and --insecure exclude each other: choose one");
        }
        if (caCertificates != null) {
            Arguments.requireReadableFile(spec, "--ca", caCertificates);
            return TlsOptions.trust(caCertificates);
        }
        if (pinnedFingerprint != null) {
            Arguments.requireFingerprint(spec, "--pin", pinnedFingerprint);
            return TlsOptions.pin(pinnedFingerprint);
        }
        return insecure ? TlsOptions.insecure() : TlsOptions.defaults();
    }
}
