package dev.jquic.tls.cert;

import java.security.cert.X509Certificate;
import java.util.List;

/** Accepts every chain: see {@link PeerCertificateVerifier#insecure()}. */
final class InsecureCertificateVerifier implements PeerCertificateVerifier {
    static final InsecureCertificateVerifier INSTANCE = new InsecureCertificateVerifier();

    private InsecureCertificateVerifier() {
    }

    @Override
    public void verify(List<X509Certificate> chain, String expectedHostOrNull) {
        // Deliberately accepts anything.
    }

    @Override
    public String toString() {
        return "InsecureCertificateVerifier";
    }
}
