package dev.jquic.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks of option values that picocli cannot express; each failure is a usage error naming the option. */
final class Arguments {

    /** 32 bytes in hex, with or without colons between the bytes. */
    private static final Pattern FINGERPRINT = Pattern.compile("([0-9a-fA-F]{2}:){31}[0-9a-fA-F]{2}|[0-9a-fA-F]{64}");

    private Arguments() {
    }

    /** {@code file} (given with {@code option}) must be a readable regular file. */
    static void requireReadableFile(CommandSpec spec, String option, Path file) {
        String problem = null;
        if (!Files.exists(file)) {
            problem = "no such file";
        } else if (Files.isDirectory(file)) {
            problem = "it is a directory";
        } else if (!Files.isReadable(file)) {
            problem = "permission denied";
        }
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), option + ": cannot read '" + file + "': " + problem);
        }
    }

    /**
     * {@code directory} (given with {@code option}) must be a directory, or creatable as one; it
     * is created here, so that a bad path fails before anything runs.
     */
    static void requireDirectory(CommandSpec spec, String option, Path directory) {
        String problem = null;
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            problem = "it is not a directory";
        } else {
            try {
                Files.createDirectories(directory);
            } catch (java.io.IOException | SecurityException failure) {
                problem = "cannot create it (" + failure + ")";
            }
            if (problem == null && !Files.isWritable(directory)) {
                problem = "permission denied";
            }
        }
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), option + ": cannot write into '" + directory + "': " + problem);
        }
    }

    /** A SHA-256 certificate fingerprint as printed by the server: 64 hex digits, colons optional. */
    static void requireFingerprint(CommandSpec spec, String option, String fingerprint) {
        if (!FINGERPRINT.matcher(fingerprint).matches()) {
            throw new ParameterException(spec.commandLine(), option + ": '" + fingerprint
                    + "' is not a SHA-256 fingerprint (64 hex digits, colons optional)");
        }
    }

    /** {@code value} of {@code option} must be in {@code min..max}. */
    static void requireRange(CommandSpec spec, String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ParameterException(spec.commandLine(), option + ": " + value + " is not in " + min + ".." + max);
        }
    }

    /** An ALPN protocol name: 1..255 bytes. */
    static void requireAlpn(CommandSpec spec, String option, String protocol) {
        int length = protocol.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (length < 1 || length > 255) {
            throw new ParameterException(spec.commandLine(), option + ": '" + protocol + "' must be 1..255 bytes");
        }
    }

    /**
     * The server's TLS options from {@code --cert}/{@code --key}: both or neither (then a
     * self-signed certificate is generated); each must be a readable file.
     */
    static dev.jquic.TlsOptions serverTls(CommandSpec spec, Path certificateChain, Path privateKey) {
        if ((certificateChain == null) != (privateKey == null)) {
            throw new ParameterException(spec.commandLine(), certificateChain == null
                    ? "--key needs --cert (the certificate chain of that key)"
                    : "--cert needs --key (the private key of that certificate)");
        }
        if (certificateChain == null) {
            return dev.jquic.TlsOptions.defaults();
        }
        requireReadableFile(spec, "--cert", certificateChain);
        requireReadableFile(spec, "--key", privateKey);
        return dev.jquic.TlsOptions.pem(certificateChain, privateKey);
    }
}
