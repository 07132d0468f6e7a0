package dev.jquic;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * TLS settings of a server or client.
 * <ul>
 *   <li>Server: {@link #pem(Path, Path)} (certificate chain and private key PEM files, optionally
 *       a key password), or nothing — a self-signed certificate is then generated and its
 *       fingerprint logged.</li>
 *   <li>Client: {@link #trust(Path)} (CA certificates PEM), {@link #insecure()} (no verification:
 *       development only), {@link #pin(String)} (SHA-256 certificate fingerprint), or by default
 *       the JDK's trusted CAs.</li>
 * </ul>
 *
 * @param certificateChain server certificate chain PEM, or {@code null}
 * @param privateKey server private key PEM, or {@code null}
 * @param keyPassword password of an encrypted private key, or {@code null}
 * @param trustedCertificates client: CA certificates PEM to trust, or {@code null}
 * @param pinnedFingerprints client: accepted SHA-256 fingerprints (hex, colons optional)
 * @param insecureSkipVerify client: accept any certificate
 */
public record TlsOptions(Path certificateChain, Path privateKey, char[] keyPassword, Path trustedCertificates,
        List<String> pinnedFingerprints, boolean insecureSkipVerify) {

    public TlsOptions {
        pinnedFingerprints = List.copyOf(pinnedFingerprints);
        keyPassword = keyPassword == null ? null : keyPassword.clone();
        if ((certificateChain == null) != (privateKey == null)) {
            throw new IllegalArgumentException("a certificate chain needs its private key and vice versa");
        }
    }

    /** Defaults: server generates a self-signed certificate; client trusts the JDK's CAs. */
    public static TlsOptions defaults() {
        return new TlsOptions(null, null, null, null, List.of(), false);
    }

    /** Server: certificate chain and unencrypted private key, PEM files. */
    public static TlsOptions pem(Path certificateChain, Path privateKey) {
        return new TlsOptions(Objects.requireNonNull(certificateChain, "certificateChain"),
                Objects.requireNonNull(privateKey, "privateKey"), null, null, List.of(), false);
    }

    /** Server: certificate chain and a password-protected private key, PEM files. */
    public static TlsOptions pem(Path certificateChain, Path privateKey, char[] keyPassword) {
        return new TlsOptions(Objects.requireNonNull(certificateChain, "certificateChain"),
                Objects.requireNonNull(privateKey, "privateKey"), keyPassword, null, List.of(), false);
    }

    /** Client: trust the CA certificates of a PEM file. */
    public static TlsOptions trust(Path caCertificates) {
        return new TlsOptions(null, null, null, Objects.requireNonNull(caCertificates, "caCertificates"),
                List.of(), false);
    }

    /** Client: accept exactly the certificate with this SHA-256 fingerprint. */
    public static TlsOptions pin(String sha256Fingerprint) {
        return new TlsOptions(null, null, null, null, List.of(Objects.requireNonNull(sha256Fingerprint)), false);
    }

    /** Client: accept any certificate. For development only: it defeats authentication. */
    public static TlsOptions insecure() {
        return new TlsOptions(null, null, null, null, List.of(), true);
    }

    @Override
    public char[] keyPassword() {
        return keyPassword == null ? null : keyPassword.clone();
    }
}
