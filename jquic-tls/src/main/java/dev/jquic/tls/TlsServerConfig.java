package dev.jquic.tls;

import dev.jquic.core.crypto.CipherSuite;
import dev.jquic.tls.cert.Credentials;
import dev.jquic.tls.cert.CredentialsSelector;
import dev.jquic.tls.cert.PeerCertificateVerifier;
import dev.jquic.tls.cert.SelfSignedCertificates;
import dev.jquic.tls.cert.SignatureScheme;
import dev.jquic.tls.keys.NamedGroup;
import dev.jquic.tls.ticket.SessionTicketPolicy;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/**
 * Immutable configuration of a TLS 1.3 server for QUIC (RFC 9001). Build with {@link #builder()};
 * {@link Builder#build()} throws IllegalArgumentException naming the offending option.
 *
 * <p>Session tickets and 0-RTT (RFC 9001 §4.5, §4.6) follow {@code sessionTickets}, whose ticket
 * store is shared by every session of the server and used from one thread.
 *
 * @param applicationProtocols ALPN names in server preference order (RFC 9001 §8.1), required
 * @param credentials picks the certificate by SNI; the builder generates a self-signed one when none is set
 * @param cipherSuites accepted suites in server preference order
 * @param groups accepted groups in server preference order
 * @param signatureSchemes accepted for client CertificateVerify and sent in CertificateRequest
 * @param clientAuthentication whether a client certificate is requested or required
 * @param clientCertificateVerifier checks client chains; required unless authentication is NONE
 * @param random the source of randoms, key shares and signature nonces
 * @param clock the time source (ticket issue times and ages)
 * @param sessionTickets ticket issuing, 0-RTT and the shared ticket store (TLS 1.3 spec §4.6.1)
 * @param peerCompatibility {@link PeerCompatibility#QUIC} (the default) for QUIC;
 *     {@link PeerCompatibility#TLS_OVER_TCP_TESTING} exists only for testing against TLS-over-TCP
 *     implementations and then does not require the client's quic_transport_parameters and
 *     accepts and echoes a non-empty legacy_session_id
 * @param deferSigning whether the server leaves its CertificateVerify signature to its owner as
 *     {@link dev.jquic.core.tls.TlsOutput.DeferredWork}, to be computed off the connection's
 *     thread (default false: signed inline)
 */
public record TlsServerConfig(
        List<String> applicationProtocols,
        CredentialsSelector credentials,
        List<CipherSuite> cipherSuites,
        List<NamedGroup> groups,
        List<SignatureScheme> signatureSchemes,
        ClientAuthentication clientAuthentication,
        PeerCertificateVerifier clientCertificateVerifier,
        SecureRandom random,
        Clock clock,
        SessionTicketPolicy sessionTickets,
        PeerCompatibility peerCompatibility,
        boolean deferSigning) {

    public TlsServerConfig {
        applicationProtocols = ConfigChecks.applicationProtocols(applicationProtocols);
        ConfigChecks.required(credentials, "credentials");
        cipherSuites = ConfigChecks.cipherSuites(cipherSuites);
        groups = ConfigChecks.groups(groups);
        signatureSchemes = ConfigChecks.signatureSchemes(signatureSchemes);
        ConfigChecks.required(clientAuthentication, "clientAuthentication");
        if (clientAuthentication != ClientAuthentication.NONE && clientCertificateVerifier == null) {
            throw new IllegalArgumentException("clientCertificateVerifier: is required when clientAuthentication is "
                    + clientAuthentication);
        }
        ConfigChecks.required(random, "random");
        ConfigChecks.required(clock, "clock");
        ConfigChecks.required(sessionTickets, "sessionTickets");
        ConfigChecks.required(peerCompatibility, "peerCompatibility");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with the defaults; ALPN must be set. */
    public static final class Builder {
        private List<String> applicationProtocols = List.of();
        private CredentialsSelector credentials;
        private List<CipherSuite> cipherSuites = List.of(CipherSuite.values());
        private List<NamedGroup> groups = List.of(NamedGroup.X25519, NamedGroup.SECP256R1, NamedGroup.SECP384R1);
        private List<SignatureScheme> signatureSchemes = SignatureScheme.certificateVerifySchemes();
        private ClientAuthentication clientAuthentication = ClientAuthentication.NONE;
        private PeerCertificateVerifier clientCertificateVerifier;
        private SecureRandom random;
        private Clock clock = Clock.systemUTC();
        private SessionTicketPolicy sessionTickets;
        private String selfSignedHost = "localhost";
        private PeerCompatibility peerCompatibility = PeerCompatibility.QUIC;
        private boolean deferSigning;

        private Builder() {
        }

        public Builder applicationProtocols(String... protocols) {
            return applicationProtocols(List.of(protocols));
        }

        public Builder applicationProtocols(List<String> protocols) {
            this.applicationProtocols = protocols;
            return this;
        }

        public Builder credentials(CredentialsSelector credentials) {
            this.credentials = credentials;
            return this;
        }

        /**
         * The host the generated self-signed certificate also names when no {@link #credentials}
         * are given (besides localhost, 127.0.0.1 and ::1); default {@code localhost}.
         */
        public Builder selfSignedHost(String host) {
            this.selfSignedHost = host;
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

        public Builder signatureSchemes(SignatureScheme... schemes) {
            this.signatureSchemes = List.of(schemes);
            return this;
        }

        /** Client authentication and the verifier of client chains (null only with NONE). */
        public Builder clientAuthentication(ClientAuthentication mode, PeerCertificateVerifier verifier) {
            this.clientAuthentication = mode;
            this.clientCertificateVerifier = verifier;
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

        /** Session tickets and 0-RTT (default: {@link SessionTicketPolicy#defaults()}). */
        public Builder sessionTickets(SessionTicketPolicy policy) {
            this.sessionTickets = policy;
            return this;
        }

        /**
         * Leave the CertificateVerify signature (TLS 1.3 spec §4.4.3; ~1 ms for RSA-2048 on JDK 17)
         * to the session's owner as {@link dev.jquic.core.tls.TlsOutput.DeferredWork}, so that it
         * runs off the thread of the server's connections (default false: signed inline).
         */
        public Builder deferSigning(boolean defer) {
            this.deferSigning = defer;
            return this;
        }

        /** Only for testing against TLS-over-TCP implementations; see {@link PeerCompatibility}. */
        public Builder peerCompatibility(PeerCompatibility compatibility) {
            this.peerCompatibility = compatibility;
            return this;
        }

        /**
         * Builds the configuration. Without {@link #credentials} a self-signed ECDSA P-256
         * certificate is generated for {@link #selfSignedHost}, localhost, 127.0.0.1 and ::1, and
         * its SHA-256 fingerprint is logged so clients can pin it.
         *
         * @throws IllegalArgumentException naming the option that is missing or invalid
         */
        public TlsServerConfig build() {
            SecureRandom source = random != null ? random : new SecureRandom();
            CredentialsSelector selected = credentials;
            if (selected == null && clock != null) {
                ConfigChecks.required(selfSignedHost, "selfSignedHost");
                Credentials generated = SelfSignedCertificates.generate(selfSignedHost, clock.instant(), source);
                System.getLogger("dev.jquic.tls").log(System.Logger.Level.INFO,
                        "no certificate configured: generated a self-signed certificate for {0}, "
                                + "SHA-256 fingerprint {1}", selfSignedHost, generated.leafFingerprint().toColonHex());
                selected = CredentialsSelector.withDefault(generated);
            }
            return new TlsServerConfig(applicationProtocols, selected, cipherSuites, groups, signatureSchemes,
                    clientAuthentication, clientCertificateVerifier, source,
                    clock, sessionTickets != null ? sessionTickets : SessionTicketPolicy.defaults(),
                    peerCompatibility, deferSigning);
        }
    }
}
