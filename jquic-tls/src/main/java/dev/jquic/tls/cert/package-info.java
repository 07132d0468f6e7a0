/**
 * Certificates and signatures for jquic's TLS 1.3 (TLS 1.3 spec §4.2.3, §4.4.2, §4.4.3;
 * RFC 9001 §4.4).
 *
 * <ul>
 *   <li>{@link dev.jquic.tls.cert.SignatureScheme}: the signature schemes we speak, their JCA
 *       names and parameters, and scheme selection for a private key.</li>
 *   <li>{@link dev.jquic.tls.cert.CertificateVerifySignatures}: the CertificateVerify content,
 *       signing with our key and verification with the peer's leaf key.</li>
 *   <li>{@link dev.jquic.tls.cert.PemFiles}, {@link dev.jquic.tls.cert.KeyStoreFiles}: loading
 *       {@link dev.jquic.tls.cert.Credentials} from PEM files or a {@link java.security.KeyStore};
 *       every failure is a {@link dev.jquic.tls.cert.CertificateLoadException} naming the file.
 *       BouncyCastle parses PEM (never registered as a global provider); keys become JDK keys.</li>
 *   <li>{@link dev.jquic.tls.cert.CredentialsSelector}: server-name (SNI) selection.</li>
 *   <li>{@link dev.jquic.tls.cert.SelfSignedCertificates}: a self-signed ECDSA P-256 certificate
 *       for development, and {@link dev.jquic.tls.cert.Sha256Fingerprint} to show and pin it.</li>
 *   <li>{@link dev.jquic.tls.cert.PeerCertificates}: parsing the DER chain of a Certificate
 *       message; {@link dev.jquic.tls.cert.PeerCertificateVerifier}: peer chain verification
 *       (PKIX with host name check, pinning, insecure, client certificates) failing with the TLS
 *       alert; {@link dev.jquic.tls.cert.TrustAnchors}: CA bundles and the JDK trust store;
 *       {@link dev.jquic.tls.cert.SubjectAltNameMatcher}: RFC 6125 name and IP matching.</li>
 * </ul>
 *
 * <p>Time and randomness are injected ({@link java.time.Clock}, {@link java.time.Instant},
 * {@link java.security.SecureRandom}). Classes are not thread-safe unless stated; the value types
 * ({@link dev.jquic.tls.cert.Credentials}, {@link dev.jquic.tls.cert.Sha256Fingerprint}) and the
 * verifiers are immutable.
 */
package dev.jquic.tls.cert;
