package dev.jquic.tls.cert;

import dev.jquic.core.codec.QuicProtocolException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collection;
import java.util.List;

/**
 * Decides whether the peer's certificate chain (TLS 1.3 spec §4.4.2.4) is acceptable. The state
 * machine calls it after parsing the Certificate message ({@link PeerCertificates#parse}) and
 * before checking CertificateVerify with the leaf's key.
 *
 * <p>Implementations are immutable. Failures are {@link QuicProtocolException}s carrying the TLS
 * alert (CRYPTO_ERROR 0x100+alert) with a reason naming the problem.
 */
public interface PeerCertificateVerifier {

    /**
     * Accepts the chain or throws.
     *
     * @param chain the peer's certificates, leaf first; never empty (the state machine rejects an
     *     empty server Certificate with decode_error, §4.4.2.4)
     * @param expectedHostOrNull the host name or IP literal the client connects to (checked
     *     against the leaf's SubjectAltNames by verifiers that check names); null: no name check
     */
    void verify(List<X509Certificate> chain, String expectedHostOrNull) throws QuicProtocolException;

    /**
     * For clients: PKIX validation against {@code trustAnchors} at {@code clock}'s time, then the
     * host name (or IP) check against the leaf's SubjectAltNames when a host is given.
     */
    static PeerCertificateVerifier pkix(Collection<X509Certificate> trustAnchors, Clock clock) {
        return PkixCertificateVerifier.forServerCertificates(trustAnchors, clock);
    }

    /** For clients: PKIX against the JDK's default trust store ({@link TrustAnchors#jdkDefault()}). */
    static PeerCertificateVerifier pkixWithJdkTrustStore(Clock clock) {
        return PkixCertificateVerifier.forServerCertificates(TrustAnchors.jdkDefault(), clock);
    }

    /** For servers verifying client certificates: PKIX against a CA bundle, no name check. */
    static PeerCertificateVerifier clientCertificates(Collection<X509Certificate> trustAnchors, Clock clock) {
        return PkixCertificateVerifier.forClientCertificates(trustAnchors, clock);
    }

    /** Accepts exactly the leaf certificates whose SHA-256 fingerprint is pinned (no PKIX, no name). */
    static PeerCertificateVerifier pinned(Collection<Sha256Fingerprint> pins) {
        return new PinnedCertificateVerifier(pins);
    }

    /**
     * Accepts any chain. Only for tests and development: the CertificateVerify signature is still
     * checked against the leaf key, but anyone can present any certificate.
     */
    static PeerCertificateVerifier insecure() {
        return InsecureCertificateVerifier.INSTANCE;
    }
}
