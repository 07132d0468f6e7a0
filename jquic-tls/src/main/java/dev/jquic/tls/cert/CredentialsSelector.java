package dev.jquic.tls.cert;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses our credentials for the server_name (SNI, RFC 6066 §3) the client asked for: an exact
 * name first, then a wildcard {@code "*.example.com"} (one left-most label), then the default.
 * Names compare case-insensitively, ignoring a trailing dot. Immutable; build with
 * {@link #withDefault} and {@link #withServerName}.
 */
public final class CredentialsSelector {
    private final Credentials defaultCredentials;
    private final Map<String, Credentials> byName;

    private CredentialsSelector(Credentials defaultCredentials, Map<String, Credentials> byName) {
        this.defaultCredentials = defaultCredentials;
        this.byName = byName;
    }

    /** A selector that returns {@code defaultCredentials} for every name. */
    public static CredentialsSelector withDefault(Credentials defaultCredentials) {
        if (defaultCredentials == null) {
            throw new IllegalArgumentException("default credentials are required");
        }
        return new CredentialsSelector(defaultCredentials, Map.of());
    }

    /**
     * A copy that also serves {@code credentials} for {@code serverName}, either an exact DNS name
     * or {@code "*.domain"}.
     */
    public CredentialsSelector withServerName(String serverName, Credentials credentials) {
        String key = normalise(serverName);
        if (key.isEmpty() || (key.contains("*") && !(key.startsWith("*.") && key.indexOf('*', 1) < 0
                && key.indexOf('.', 2) > 2))) {
            throw new IllegalArgumentException("invalid server name pattern: \"" + serverName + "\"");
        }
        Map<String, Credentials> copy = new LinkedHashMap<>(byName);
        copy.put(key, credentials);
        return new CredentialsSelector(defaultCredentials, copy);
    }

    /** The credentials to present for {@code serverNameOrNull} (null: the client sent no SNI). */
    public Credentials select(String serverNameOrNull) {
        if (serverNameOrNull == null) {
            return defaultCredentials;
        }
        String name = normalise(serverNameOrNull);
        Credentials exact = byName.get(name);
        if (exact != null) {
            return exact;
        }
        int dot = name.indexOf('.');
        if (dot > 0) {
            Credentials wildcard = byName.get("*" + name.substring(dot));
            if (wildcard != null) {
                return wildcard;
            }
        }
        return defaultCredentials;
    }

    /** The credentials used when no name matches. */
    public Credentials defaultCredentials() {
        return defaultCredentials;
    }

    private static String normalise(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
