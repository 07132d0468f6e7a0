package dev.jquic.tls.cert;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Sources of trust anchors for {@link PeerCertificateVerifier#pkix}. */
public final class TrustAnchors {
    private TrustAnchors() {
    }

    /**
     * The CA certificates of a PEM bundle file.
     *
     * @throws CertificateLoadException naming the file
     */
    public static List<X509Certificate> fromPemFile(Path caBundle) {
        return PemFiles.readCertificates(caBundle);
    }

    /**
     * The JDK's default trust store (the accepted issuers of the default
     * {@link TrustManagerFactory}, i.e. {@code cacerts} unless overridden by system properties).
     *
     * @throws CertificateLoadException if it cannot be loaded or is empty
     */
    public static List<X509Certificate> jdkDefault() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager) {
                    List<X509Certificate> issuers = List.of(((X509TrustManager) manager).getAcceptedIssuers());
                    if (!issuers.isEmpty()) {
                        return issuers;
                    }
                }
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new CertificateLoadException("cannot read the JDK default trust store: " + e.getMessage(), e);
        }
        throw new CertificateLoadException("cannot read the JDK default trust store: it holds no certificate");
    }
}
