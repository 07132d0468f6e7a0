package dev.jquic.tls.cert;

/**
 * Loading certificates or keys from configuration failed. Unchecked: it reports a
 * configuration mistake, not peer misbehaviour. The message names the file (or key store
 * entry) and the problem, e.g. {@code "cannot read private key from /etc/key.pem: encrypted
 * key needs a password"}.
 */
public final class CertificateLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CertificateLoadException(String message) {
        super(message);
    }

    public CertificateLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
