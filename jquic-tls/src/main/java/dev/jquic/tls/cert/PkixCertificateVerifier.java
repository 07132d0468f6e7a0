package dev.jquic.tls.cert;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.tls.TlsAlert;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * RFC 5280 path validation with the JDK's "PKIX" {@link CertPathValidator}: trust anchors given,
 * revocation checking off, validation time from an injected {@link Clock}. For server
 * certificates the host is then checked with {@link SubjectAltNameMatcher}.
 *
 * <p>Alerts (TLS 1.3 spec §6.2): expired or not yet valid → certificate_expired ("has expired or
 * is not currently valid"); no path to a trust anchor → unknown_ca; revoked → certificate_revoked;
 * anything else wrong with the chain (bad signature, name chaining, not a CA, key usage,
 * forbidden algorithm) → bad_certificate; host mismatch → certificate_unknown. The leaf must
 * allow digitalSignature if it has a key usage extension (TLS 1.3 spec §4.4.2.2) and, if it has
 * an extended key usage extension, list serverAuth (for server certificates) or clientAuth (for
 * client certificates) or anyExtendedKeyUsage (RFC 5280 §4.2.1.12); otherwise bad_certificate.
 *
 * <p>Certificates of the received chain from the first one that is itself a trust anchor on are
 * dropped before validation (peers often send their root). A leaf that is itself a trust anchor
 * (e.g. a self-signed certificate configured as trusted) is accepted if currently valid.
 */
final class PkixCertificateVerifier implements PeerCertificateVerifier {
    /** What the peer's leaf is for: RFC 5280 §4.2.1.12 key purpose, and whether its name is checked. */
    private enum Purpose {
        SERVER_AUTHENTICATION("1.3.6.1.5.5.7.3.1"),
        CLIENT_AUTHENTICATION("1.3.6.1.5.5.7.3.2");

        final String extendedKeyUsage;

        Purpose(String extendedKeyUsage) {
            this.extendedKeyUsage = extendedKeyUsage;
        }
    }

    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
    private static final int DIGITAL_SIGNATURE = 0;

    private final Set<TrustAnchor> anchors;
    private final Set<X509Certificate> anchorCertificates;
    private final Clock clock;
    private final Purpose purpose;

    private PkixCertificateVerifier(Collection<X509Certificate> trustAnchors, Clock clock, Purpose purpose) {
        if (trustAnchors == null || trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("at least one trust anchor is required");
        }
        Set<TrustAnchor> anchorSet = new HashSet<>();
        for (X509Certificate anchor : trustAnchors) {
            anchorSet.add(new TrustAnchor(anchor, null));
        }
        this.anchors = Set.copyOf(anchorSet);
        this.anchorCertificates = Set.copyOf(trustAnchors);
        this.clock = clock;
        this.purpose = purpose;
    }

    static PkixCertificateVerifier forServerCertificates(Collection<X509Certificate> trustAnchors, Clock clock) {
        return new PkixCertificateVerifier(trustAnchors, clock, Purpose.SERVER_AUTHENTICATION);
    }

    static PkixCertificateVerifier forClientCertificates(Collection<X509Certificate> trustAnchors, Clock clock) {
        return new PkixCertificateVerifier(trustAnchors, clock, Purpose.CLIENT_AUTHENTICATION);
    }

    @Override
    public void verify(List<X509Certificate> chain, String expectedHostOrNull) throws QuicProtocolException {
        if (chain.isEmpty()) {
            throw TlsAlert.BAD_CERTIFICATE.exception("peer sent no certificate");
        }
        Date now = Date.from(clock.instant());
        int pathLength = chain.size();
        for (int i = 0; i < chain.size(); i++) {
            if (anchorCertificates.contains(chain.get(i))) {
                pathLength = i;
                break;
            }
        }
        if (pathLength == 0) {
            checkValidity(chain.get(0), now);
        } else {
            validatePath(chain.subList(0, pathLength), now);
        }
        checkLeafUsage(chain.get(0));
        if (purpose == Purpose.SERVER_AUTHENTICATION && expectedHostOrNull != null) {
            SubjectAltNameMatcher.check(chain.get(0), expectedHostOrNull);
        }
    }

    private void checkLeafUsage(X509Certificate leaf) throws QuicProtocolException {
        boolean[] keyUsage = leaf.getKeyUsage();
        // TLS 1.3 spec §4.4.2.2: the digitalSignature bit MUST be set if Key Usage is present.
        if (keyUsage != null && (keyUsage.length <= DIGITAL_SIGNATURE || !keyUsage[DIGITAL_SIGNATURE])) {
            throw TlsAlert.BAD_CERTIFICATE.exception("certificate " + subject(leaf)
                    + " does not allow digitalSignature in its key usage");
        }
        List<String> extendedKeyUsage;
        try {
            extendedKeyUsage = leaf.getExtendedKeyUsage();
        } catch (java.security.cert.CertificateParsingException e) {
            throw TlsAlert.BAD_CERTIFICATE.exception("cannot parse the extended key usage of " + subject(leaf));
        }
        // RFC 5280 §4.2.1.12: if present, the certificate MUST only be used for a listed purpose.
        if (extendedKeyUsage != null && !extendedKeyUsage.contains(purpose.extendedKeyUsage)
                && !extendedKeyUsage.contains(ANY_EXTENDED_KEY_USAGE)) {
            throw TlsAlert.BAD_CERTIFICATE.exception("certificate " + subject(leaf) + " is not for "
                    + (purpose == Purpose.SERVER_AUTHENTICATION ? "TLS servers" : "TLS clients")
                    + " (extended key usage " + extendedKeyUsage + ")");
        }
    }

    private static void checkValidity(X509Certificate certificate, Date now) throws QuicProtocolException {
        try {
            certificate.checkValidity(now);
        } catch (CertificateExpiredException e) {
            throw TlsAlert.CERTIFICATE_EXPIRED.exception("certificate " + subject(certificate) + " expired on "
                    + certificate.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw TlsAlert.CERTIFICATE_EXPIRED.exception("certificate " + subject(certificate)
                    + " is not valid before " + certificate.getNotBefore().toInstant());
        }
    }

    private void validatePath(List<X509Certificate> path, Date now) throws QuicProtocolException {
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(now);
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
        } catch (CertPathValidatorException e) {
            throw alertFor(e, path);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw TlsAlert.BAD_CERTIFICATE.exception("cannot validate the certificate chain: " + e.getMessage());
        }
    }

    private static QuicProtocolException alertFor(CertPathValidatorException e, List<X509Certificate> path) {
        CertPathValidatorException.Reason reason = e.getReason();
        int index = e.getIndex();
        String where = index >= 0 && index < path.size() ? "certificate #" + index + " (" + subject(path.get(index))
                + ")" : "the chain of " + subject(path.get(0));
        String detail = where + ": " + e.getMessage();
        if (reason == BasicReason.EXPIRED || reason == BasicReason.NOT_YET_VALID) {
            return TlsAlert.CERTIFICATE_EXPIRED.exception(detail);
        }
        if (reason == PKIXReason.NO_TRUST_ANCHOR) {
            return TlsAlert.UNKNOWN_CA.exception("no trusted CA issued " + detail);
        }
        if (reason == BasicReason.REVOKED) {
            return TlsAlert.CERTIFICATE_REVOKED.exception(detail);
        }
        return TlsAlert.BAD_CERTIFICATE.exception(detail);
    }

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }

    @Override
    public String toString() {
        return "PkixCertificateVerifier[" + anchors.size() + " trust anchors, " + purpose + "]";
    }
}
