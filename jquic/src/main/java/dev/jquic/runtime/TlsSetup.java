package dev.jquic.runtime;

import dev.jquic.QuicException;
import dev.jquic.TlsOptions;
import dev.jquic.core.connection.TlsSessionFactory;
import dev.jquic.core.tls.TlsSession;
import dev.jquic.core.tls.TransportParametersResponder;
import dev.jquic.tls.QuicTls;
import dev.jquic.tls.TlsClientConfig;
import dev.jquic.tls.TlsServerConfig;
import dev.jquic.tls.cert.CertificateLoadException;
import dev.jquic.tls.cert.Credentials;
import dev.jquic.tls.cert.CredentialsSelector;
import dev.jquic.tls.cert.PeerCertificateVerifier;
import dev.jquic.tls.cert.PemFiles;
import dev.jquic.tls.cert.SelfSignedCertificates;
import dev.jquic.tls.cert.Sha256Fingerprint;
import dev.jquic.tls.cert.TrustAnchors;
import dev.jquic.tls.ticket.SessionTicketPolicy;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Maps the public {@link dev.jquic.TlsOptions} to jquic-tls configurations and session factories. */
final class TlsSetup {

    private static final System.Logger LOG = System.getLogger("dev.jquic");

    private TlsSetup() {
    }

    /** A server's TLS configuration and the fingerprint of its certificate. */
    record Server(TlsServerConfig config, String fingerprint) {

        TlsSessionFactory factory() {
            return new TlsSessionFactory() {
                @Override
                public TlsSession create(ByteBuffer parameters) {
                    return QuicTls.server(config, parameters);
                }

                @Override
                public TlsSession createServer(ByteBuffer initialParameters, TransportParametersResponder responder) {
                    return QuicTls.server(config, responder);
                }
            };
        }
    }

    /**
     * The server configuration: the PEM files of {@code settings}, or a generated self-signed
     * certificate whose fingerprint is logged.
     *
     * @throws QuicException naming the file that cannot be read or parsed
     */
    static Server server(EndpointSettings settings, SecureRandom random) {
        TlsOptions options = settings.tls();
        Credentials credentials;
        if (options.certificateChain() != null) {
            try {
                credentials = PemFiles.readCredentials(options.certificateChain(), options.privateKey(),
                        options.keyPassword());
            } catch (CertificateLoadException | IllegalArgumentException failure) {
                throw new QuicException("cannot load the server certificate (" + options.certificateChain() + ", "
                        + options.privateKey() + "): " + failure.getMessage(), failure);
            }
        } else {
            String host = settings.host() == null ? "localhost" : settings.host();
            credentials = SelfSignedCertificates.generate(host, Clock.systemUTC().instant(), random);
            LOG.log(System.Logger.Level.INFO, "no certificate configured: generated a self-signed certificate, "
                    + "SHA-256 fingerprint {0} (clients may pin it)", credentials.leafFingerprint().toColonHex());
        }
        TlsServerConfig config = TlsServerConfig.builder()
                .applicationProtocols(settings.applicationProtocols())
                .credentials(CredentialsSelector.withDefault(credentials))
                .random(random)
                .sessionTickets(ticketPolicy(settings))
                // Signed off the event loop (DeferredWorkPool): RSA-2048 takes ~1 ms on JDK 17.
                .deferSigning(true)
                .build();
        return new Server(config, credentials.leafFingerprint().toColonHex());
    }

    private static SessionTicketPolicy ticketPolicy(EndpointSettings settings) {
        SessionTicketPolicy defaults = SessionTicketPolicy.defaults().withEarlyData(settings.earlyData());
        if (settings.sessionTickets() == null) {
            return defaults;
        }
        return new SessionTicketPolicy(((ServerSessionTickets) settings.sessionTickets()).store,
                defaults.ticketsPerConnection(), defaults.lifetime(), defaults.earlyDataEnabled(),
                defaults.freshnessWindow());
    }

    /**
     * The client configuration: trust from a CA file, pins, insecure mode or the JDK trust store.
     *
     * @throws QuicException naming the CA file that cannot be read or parsed
     */
    static TlsClientConfig client(EndpointSettings settings, SecureRandom random) {
        TlsOptions options = settings.tls();
        PeerCertificateVerifier verifier;
        if (options.insecureSkipVerify()) {
            verifier = PeerCertificateVerifier.insecure();
        } else if (!options.pinnedFingerprints().isEmpty()) {
            List<Sha256Fingerprint> pins = new ArrayList<>();
            for (String pin : options.pinnedFingerprints()) {
                try {
                    pins.add(Sha256Fingerprint.parse(pin));
                } catch (IllegalArgumentException invalid) {
                    throw new IllegalArgumentException("tls pin: \"" + pin + "\" is not a SHA-256 fingerprint: "
                            + invalid.getMessage(), invalid);
                }
            }
            verifier = PeerCertificateVerifier.pinned(pins);
        } else if (options.trustedCertificates() != null) {
            try {
                verifier = PeerCertificateVerifier.pkix(TrustAnchors.fromPemFile(options.trustedCertificates()),
                        Clock.systemUTC());
            } catch (CertificateLoadException | IllegalArgumentException failure) {
                throw new QuicException("cannot load the trusted certificates " + options.trustedCertificates() + ": "
                        + failure.getMessage(), failure);
            }
        } else {
            verifier = PeerCertificateVerifier.pkixWithJdkTrustStore(Clock.systemUTC());
        }
        return TlsClientConfig.builder()
                .applicationProtocols(settings.applicationProtocols())
                .peerCertificateVerifier(verifier)
                .random(random)
                .earlyDataEnabled(settings.earlyData())
                .build();
    }

    /** A client session factory for {@code serverName}, resuming with {@code ticket} when not null. */
    static TlsSessionFactory clientFactory(TlsClientConfig config, String serverName, byte[] ticket) {
        if (ticket == null) {
            return parameters -> QuicTls.client(config, serverName, parameters);
        }
        return parameters -> QuicTls.client(config, serverName, parameters, ticket);
    }
}
