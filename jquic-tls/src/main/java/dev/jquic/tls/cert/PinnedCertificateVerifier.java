package dev.jquic.tls.cert;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.tls.TlsAlert;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

/**
 * Accepts a chain whose leaf has one of the pinned SHA-256 fingerprints; no PKIX validation, no
 * name check, no validity period check (the pin is the trust decision). A mismatch fails with
 * bad_certificate.
 */
final class PinnedCertificateVerifier implements PeerCertificateVerifier {
    private final List<Sha256Fingerprint> pins;

    PinnedCertificateVerifier(Collection<Sha256Fingerprint> pins) {
        this.pins = List.copyOf(pins);
        if (this.pins.isEmpty()) {
            throw new IllegalArgumentException("at least one pin is required");
        }
    }

    @Override
    public void verify(List<X509Certificate> chain, String expectedHostOrNull) throws QuicProtocolException {
        if (chain.isEmpty()) {
            throw TlsAlert.BAD_CERTIFICATE.exception("peer sent no certificate");
        }
        Sha256Fingerprint leaf = Sha256Fingerprint.of(chain.get(0));
        for (Sha256Fingerprint pin : pins) {
            if (pin.matches(leaf)) {
                return;
            }
        }
        throw TlsAlert.BAD_CERTIFICATE.exception("peer certificate SHA-256 fingerprint " + leaf.toColonHex()
                + " matches none of the " + pins.size() + " pinned fingerprint(s)");
    }

    @Override
    public String toString() {
        return "PinnedCertificateVerifier" + pins;
    }
}
