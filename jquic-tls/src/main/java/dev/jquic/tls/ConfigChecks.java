package dev.jquic.tls;

import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.tls.cert.SignatureScheme;
import dev.jquic.tls.keys.NamedGroup;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/** Validation shared by the configuration builders; every failure names the option. */
final class ConfigChecks {
    private ConfigChecks() {
    }

    static <T> List<T> nonEmptyDistinct(List<T> values, String option) {
        if (values == null) {
            throw new IllegalArgumentException(option + ": must not be null");
        }
        for (T value : values) {
            if (value == null) {
                throw new IllegalArgumentException(option + ": must not contain null");
            }
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException(option + ": at least one is required");
        }
        if (new HashSet<>(values).size() != values.size()) {
            throw new IllegalArgumentException(option + ": duplicate entries in " + values);
        }
        return List.copyOf(values);
    }

    /** RFC 7301 §3.1: each protocol name is 1..255 bytes; the list is non-empty. */
    static List<String> applicationProtocols(List<String> protocols) {
        List<String> copy = nonEmptyDistinct(protocols, "applicationProtocols");
        int total = 0;
        for (String protocol : copy) {
            int length = protocol.getBytes(StandardCharsets.UTF_8).length;
            if (length < 1 || length > 255) {
                throw new IllegalArgumentException("applicationProtocols: \"" + protocol
                        + "\" must be 1 to 255 bytes in UTF-8");
            }
            total += 1 + length;
        }
        if (total > 0xffff - 2) {
            throw new IllegalArgumentException("applicationProtocols: the list is too long to encode");
        }
        return copy;
    }

    static List<CipherSuite> cipherSuites(List<CipherSuite> suites) {
        return nonEmptyDistinct(suites, "cipherSuites");
    }

    static List<NamedGroup> groups(List<NamedGroup> groups) {
        return nonEmptyDistinct(groups, "groups");
    }

    /** TLS 1.3 spec §4.2.3: only schemes allowed in CertificateVerify are offered. */
    static List<SignatureScheme> signatureSchemes(List<SignatureScheme> schemes) {
        List<SignatureScheme> copy = nonEmptyDistinct(schemes, "signatureSchemes");
        for (SignatureScheme scheme : copy) {
            if (!scheme.allowedInCertificateVerify()) {
                throw new IllegalArgumentException("signatureSchemes: " + scheme.tlsName()
                        + " may not be used in TLS 1.3 CertificateVerify");
            }
        }
        return copy;
    }

    static <T> T required(T value, String option) {
        if (value == null) {
            throw new IllegalArgumentException(option + ": is required");
        }
        return value;
    }

    static <T> T nonNull(T value, String option) {
        return Objects.requireNonNull(value, option);
    }
}
