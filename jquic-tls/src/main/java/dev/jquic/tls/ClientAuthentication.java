package dev.jquic.tls;

/** Whether a server asks for a client certificate (TLS 1.3 spec §4.3.2, §4.4.2.4). */
public enum ClientAuthentication {
    /** No CertificateRequest is sent. */
    NONE,
    /** A CertificateRequest is sent; a client without a certificate may still connect. */
    REQUESTED,
    /** A CertificateRequest is sent; an empty client Certificate fails with certificate_required. */
    REQUIRED
}
