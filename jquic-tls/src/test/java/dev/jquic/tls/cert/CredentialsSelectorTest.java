package dev.jquic.tls.cert;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CredentialsSelectorTest {
    private final Credentials fallback = Fixtures.credentials("leaf-ec256.pem", "leaf-ec256-pkcs8.key");
    private final Credentials exact = Fixtures.credentials("other-host.pem", "other-host.key");
    private final Credentials wildcard = Fixtures.credentials("wildcard.pem", "wildcard.key");
    private final CredentialsSelector selector = CredentialsSelector.withDefault(fallback)
            .withServerName("other.example.com", exact)
            .withServerName("*.example.com", wildcard);

    @Test
    void exactThenWildcardThenDefault() {
        assertSame(exact, selector.select("other.example.com"));
        assertSame(exact, selector.select("OTHER.Example.com."));
        assertSame(wildcard, selector.select("www.example.com"));
        assertSame(fallback, selector.select("a.b.example.com"));
        assertSame(fallback, selector.select("example.com"));
        assertSame(fallback, selector.select("localhost"));
        assertSame(fallback, selector.select(null));
        assertSame(fallback, selector.defaultCredentials());
    }

    @Test
    void selectorIsImmutable() {
        CredentialsSelector base = CredentialsSelector.withDefault(fallback);
        base.withServerName("other.example.com", exact);
        assertSame(fallback, base.select("other.example.com"));
    }

    @Test
    void rejectsBadPatterns() {
        for (String pattern : new String[] {"", "*", "*.com", "a.*.com", "w*.example.com", "*.*.example.com"}) {
            assertThrows(IllegalArgumentException.class, () -> selector.withServerName(pattern, exact), pattern);
        }
        assertThrows(IllegalArgumentException.class, () -> CredentialsSelector.withDefault(null));
    }
}
