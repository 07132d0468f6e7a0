package dev.jquic.tls.cert;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.tls.TlsAlert;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Parses the DER certificates of a peer's Certificate message (TLS 1.3 spec §4.4.2). */
public final class PeerCertificates {
    private PeerCertificates() {
    }

    /**
     * The X.509 certificates, in the order received (leaf first).
     *
     * @throws QuicProtocolException bad_certificate if an entry is not exactly one DER X.509
     *     certificate (§6.2: "A certificate was corrupt")
     */
    public static List<X509Certificate> parse(List<byte[]> derCertificates) throws QuicProtocolException {
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw TlsAlert.INTERNAL_ERROR.exception("no X.509 certificate factory: " + e.getMessage());
        }
        List<X509Certificate> certificates = new ArrayList<>(derCertificates.size());
        for (int i = 0; i < derCertificates.size(); i++) {
            byte[] der = derCertificates.get(i);
            // DER SEQUENCE only: the JDK factory would also accept Base64/PEM text.
            if (der.length == 0 || der[0] != 0x30) {
                throw TlsAlert.BAD_CERTIFICATE.exception("certificate #" + i + " is not a DER X.509 certificate");
            }
            try {
                ByteArrayInputStream input = new ByteArrayInputStream(der);
                X509Certificate certificate = (X509Certificate) factory.generateCertificate(input);
                if (input.available() != 0 || certificate == null) {
                    throw TlsAlert.BAD_CERTIFICATE.exception("certificate #" + i + " has trailing bytes");
                }
                certificates.add(certificate);
            } catch (CertificateException | RuntimeException e) {
                throw TlsAlert.BAD_CERTIFICATE.exception("certificate #" + i + " is malformed: " + e.getMessage());
            }
        }
        return List.copyOf(certificates);
    }
}
