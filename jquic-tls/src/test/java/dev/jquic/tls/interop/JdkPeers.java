package dev.jquic.tls.interop;

import dev.jquic.tls.TlsClientConfig;
import dev.jquic.tls.TlsServerConfig;
import dev.jquic.tls.cert.CredentialsSelector;
import dev.jquic.tls.cert.PeerCertificateVerifier;
import dev.jquic.tls.cert.PemFiles;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * JDK SSLEngines (TLS 1.3 only) and our configurations, all from the PEM fixtures
 * (src/test/resources/pem). Each engine gets its own SSLContext: no global JSSE state, no system
 * properties, no session cache shared between tests.
 */
final class JdkPeers {
    static final String ALPN = "h3";
    static final String HOST = "localhost";
    static final char[] PASSWORD = "jquic-test".toCharArray();
    /** Inside the validity of every fixture (our verifier takes an injected clock). */
    static final Clock VALID_CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

    private JdkPeers() {
    }

    static Path path(String name) {
        URL url = JdkPeers.class.getResource("/pem/" + name);
        if (url == null) {
            throw new IllegalStateException("missing fixture " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<X509Certificate> ca() {
        return PemFiles.readCertificates(path("ca.pem"));
    }

    /** An SSLContext with the fixture key store (leaf-ec256 + chain) and ca.pem as the only trust anchor. */
    static SSLContext context() {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = JdkPeers.class.getResourceAsStream("/pem/keystore.p12")) {
                keys.load(in, PASSWORD);
            }
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX");
            keyManagers.init(keys, PASSWORD);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("jquic-test-ca", ca().get(0));
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), new SecureRandom());
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up the JDK TLS context", e);
        }
    }

    /** A JDK server: TLS 1.3 only, the given suite only, ALPN "h3". */
    static SSLEngine server(String jdkCipherSuite) {
        SSLEngine engine = context().createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3"});
        parameters.setCipherSuites(new String[] {jdkCipherSuite});
        parameters.setApplicationProtocols(new String[] {ALPN});
        engine.setSSLParameters(parameters);
        return engine;
    }

    /** A JDK client for "localhost": TLS 1.3 only, the given suite only, ALPN "h3", SNI, HTTPS host check. */
    static SSLEngine client(String jdkCipherSuite) {
        SSLEngine engine = context().createSSLEngine(HOST, 443);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3"});
        parameters.setCipherSuites(new String[] {jdkCipherSuite});
        parameters.setApplicationProtocols(new String[] {ALPN});
        parameters.setServerNames(List.of(new SNIHostName(HOST)));
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return engine;
    }

    static TlsClientConfig.Builder ourClient() {
        return TlsClientConfig.builder().applicationProtocols(ALPN)
                .peerCertificateVerifier(PeerCertificateVerifier.pkix(ca(), VALID_CLOCK)).clock(VALID_CLOCK);
    }

    static TlsServerConfig.Builder ourServer() {
        return TlsServerConfig.builder().applicationProtocols(ALPN)
                .credentials(CredentialsSelector.withDefault(PemFiles.readCredentials(path("leaf-ec256.pem"),
                        path("leaf-ec256-pkcs8.key"), null)))
                .clock(VALID_CLOCK);
    }
}
