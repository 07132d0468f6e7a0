package dev.jquic.tls.cert;

import java.nio.charset.StandardCharsets;

/**
 * Which endpoint signs a CertificateVerify; selects the context string of TLS 1.3 spec §4.4.3.
 */
public enum EndpointRole {
    SERVER("TLS 1.3, server CertificateVerify"),
    CLIENT("TLS 1.3, client CertificateVerify");

    private final String contextString;

    EndpointRole(String contextString) {
        this.contextString = contextString;
    }

    /** The §4.4.3 context string, e.g. {@code "TLS 1.3, server CertificateVerify"}. */
    public String contextString() {
        return contextString;
    }

    byte[] contextBytes() {
        return contextString.getBytes(StandardCharsets.US_ASCII);
    }
}
