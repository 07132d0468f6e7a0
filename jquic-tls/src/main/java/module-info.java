/**
 * jquic-tls: a sans-IO TLS 1.3 handshake for QUIC (RFC 9001) on JCA primitives (x25519 on
 * BouncyCastle's RFC 7748 arithmetic), implementing the TLS seam of jquic-core, and certificate
 * handling (PEM, KeyStore, PKIX, self-signed generation with BouncyCastle). Internal to jquic:
 * exported only to sibling modules.
 */
module dev.jquic.tls {
    requires dev.jquic.core;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.util;

    exports dev.jquic.tls to dev.jquic, dev.jquic.testkit;
    exports dev.jquic.tls.keys to dev.jquic, dev.jquic.testkit;
    exports dev.jquic.tls.cert to dev.jquic, dev.jquic.testkit;
    exports dev.jquic.tls.message to dev.jquic, dev.jquic.testkit;
    exports dev.jquic.tls.handshake to dev.jquic, dev.jquic.testkit;
    exports dev.jquic.tls.ticket to dev.jquic, dev.jquic.testkit;
}
