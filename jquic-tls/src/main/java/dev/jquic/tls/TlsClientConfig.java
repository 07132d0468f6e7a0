package dev.jquic.tls;

import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.tls.cert.Credentials;
import dev.jquic.tls.cert.PeerCertificateVerifier;
import dev.jquic.tls.cert.SignatureScheme;
import dev.jquic.tls.keys.NamedGroup;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/**
 * Immutable configuration of a TLS 1.3 client for QUIC (RFC 9001). Build with {@link #builder()};
 * {@link Builder#build()} throws IllegalArgumentException naming the offending option.
 *
 * <p>Session resumption (RFC 9001 §4.5): the transport keeps the tickets a session outputs and
 * passes one to {@code QuicTls.client(config, serverName, parameters, ticket)}; 0-RTT (§4.6) is
 * attempted only with {@code earlyDataEnabled}.
 *
 * @param applicationProtocols ALPN names in client preference order (RFC 9001 §8.1), required
 * @param cipherSuites offered suites in preference order (default AES-128-GCM, AES-256-GCM, ChaCha20)
 * @param groups supported_groups in preference order (default x25519, secp256r1, secp384r1)
 * @param keyShareGroups groups given a key share in the first ClientHello (default x25519);
 *     a subset of {@code groups}, possibly empty
 * @param signatureSchemes signature_algorithms offered, in preference order
 * @param peerCertificateVerifier how the server's chain is checked; required, no silent default
 * @param clientCredentials the certificate presented when the server asks for one, or {@code null}
 * @param random the source of randoms, key shares and signature nonces
 * @param clock the time source (ticket ages)
 * @param earlyDataEnabled whether a resumed connection attempts 0-RTT when its ticket allows it
 *     (RFC 9001 §4.6)
 * @param peerCompatibility {@link PeerCompatibility#QUIC} (the default) for QUIC;
 *     {@link PeerCompatibility#TLS_OVER_TCP_TESTING} exists only for testing against TLS-over-TCP
 *     implementations and then does not require the server's quic_transport_parameters
 */
public record TlsClientConfig(
        List<String> applicationProtocols,
        List<CipherSuite> cipherSuites,
        List<NamedGroup> groups,
        List<NamedGroup> keyShareGroups,
        List<SignatureScheme> signatureSchemes,
        PeerCertificateVerifier peerCertificateVerifier,
        Credentials clientCredentials,
        SecureRandom random,
        Clock clock,
        boolean earlyDataEnabled,
        PeerCompatibility peerCompatibility) {

    public TlsClientConfig {
        applicationProtocols = ConfigChecks.applicationProtocols(applicationProtocols);
        cipherSuites = ConfigChecks.cipherSuites(cipherSuites);
        groups = ConfigChecks.groups(groups);
        if (keyShareGroups == null) {
            throw new IllegalArgumentException("keyShareGroups: must not be null");
        }
        keyShareGroups = keyShareGroups.isEmpty() ? List.of()
                : ConfigChecks.nonEmptyDistinct(keyShareGroups, "keyShareGroups");
        if (!groups.containsAll(keyShareGroups)) {
            throw new IllegalArgumentException("keyShareGroups: " + keyShareGroups + " must be among groups " + groups);
        }
        signatureSchemes = ConfigChecks.signatureSchemes(signatureSchemes);
        ConfigChecks.required(peerCertificateVerifier, "peerCertificateVerifier");
        ConfigChecks.required(random, "random");
        ConfigChecks.required(clock, "clock");
        ConfigChecks.required(peerCompatibility, "peerCompatibility");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with the defaults; only ALPN and the certificate verifier must be set. */
    public static final class Builder {
        private List<String> applicationProtocols = List.of();
        private List<CipherSuite> cipherSuites = List.of(CipherSuite.values());
        private List<NamedGroup> groups = List.of(NamedGroup.X25519, NamedGroup.SECP256R1, NamedGroup.SECP384R1);
        private List<NamedGroup> keyShareGroups = List.of(NamedGroup.X25519);
        private List<SignatureScheme> signatureSchemes = SignatureScheme.certificateVerifySchemes();
        private PeerCertificateVerifier peerCertificateVerifier;
        private Credentials clientCredentials;
        private SecureRandom random;
        private Clock clock = Clock.systemUTC();
        private boolean earlyDataEnabled;
        private PeerCompatibility peerCompatibility = PeerCompatibility.QUIC;

        private Builder() {
        }

        public Builder applicationProtocols(String... protocols) {
            return applicationProtocols(List.of(protocols));
        }

        public Builder applicationProtocols(List<String> protocols) {
            this.applicationProtocols = protocols;
            return this;
        }

        public Builder cipherSuites(CipherSuite... suites) {
            this.cipherSuites = List.of(suites);
            return this;
        }

        public Builder groups(NamedGroup... groups) {
            this.groups = List.of(groups);
            return this;
        }

        public Builder keyShareGroups(NamedGroup... groups) {
            this.keyShareGroups = List.of(groups);
            return this;
        }

        public Builder signatureSchemes(SignatureScheme... schemes) {
            this.signatureSchemes = List.of(schemes);
            return this;
        }

        public Builder peerCertificateVerifier(PeerCertificateVerifier verifier) {
            this.peerCertificateVerifier = verifier;
            return this;
        }

        public Builder clientCredentials(Credentials credentials) {
            this.clientCredentials = credentials;
            return this;
        }

        public Builder random(SecureRandom random) {
            this.random = random;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Whether to send 0-RTT when a resumption ticket allows it (default: disabled). */
        public Builder earlyDataEnabled(boolean enabled) {
            this.earlyDataEnabled = enabled;
            return this;
        }

        /** Only for testing against TLS-over-TCP implementations; see {@link PeerCompatibility}. */
        public Builder peerCompatibility(PeerCompatibility compatibility) {
            this.peerCompatibility = compatibility;
            return this;
        }

        /** @throws IllegalArgumentException naming the option that is missing or invalid */
        public TlsClientConfig build() {
            return new TlsClientConfig(applicationProtocols, cipherSuites, groups, keyShareGroups, signatureSchemes,
                    peerCertificateVerifier, clientCredentials, random != null ? random : new SecureRandom(), clock,
                    earlyDataEnabled, peerCompatibility);
        }
    }
}
