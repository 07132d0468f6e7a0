package dev.jquic.tls.cert;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** The PEM fixtures of src/test/resources/pem (made by generate.sh) and fixed clocks. */
final class Fixtures {
    static final char[] PASSWORD = "jquic-test".toCharArray();
    /** Inside the validity of every fixture (generated 2026-11-25, valid 3650 days). */
    static final Clock VALID_CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final Clock BEFORE_VALIDITY_CLOCK = Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final Clock AFTER_VALIDITY_CLOCK = Clock.fixed(Instant.parse("2040-01-01T00:00:00Z"), ZoneOffset.UTC);

    private Fixtures() {
    }

    static Path path(String name) {
        URL url = Fixtures.class.getResource("/pem/" + name);
        if (url == null) {
            throw new IllegalStateException("missing fixture " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<X509Certificate> certificates(String name) {
        return PemFiles.readCertificates(path(name));
    }

    static X509Certificate certificate(String name) {
        return certificates(name).get(0);
    }

    static PrivateKey key(String name) {
        return PemFiles.readPrivateKey(path(name), PASSWORD);
    }

    static Credentials credentials(String certificate, String key) {
        return PemFiles.readCredentials(path(certificate), path(key), PASSWORD);
    }

    static List<X509Certificate> caBundle() {
        return certificates("ca-bundle.pem");
    }
}
