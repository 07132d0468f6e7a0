package dev.jquic.tls.cert;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.tls.TlsAlert;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Checks a host name or IP literal against a certificate's SubjectAltName extension (RFC 6125
 * §6.4, RFC 9525): DNS names compare case-insensitively (a trailing dot ignored); a wildcard is
 * only a whole left-most label {@code *} matching exactly one label, and never in a public-suffix
 * shaped pattern with fewer than two labels after it; IP literals compare by address bytes
 * against iPAddress entries (so IPv6 textual forms don't matter) and never match DNS entries or
 * wildcards. The subject CN is NOT consulted (RFC 9525 §6.3).
 *
 * <p>A mismatch fails with certificate_unknown: TLS 1.3 spec §6.2 defines bad_certificate as a
 * corrupt certificate or a bad signature, while certificate_unknown covers "some other
 * (unspecified) issue ... rendering it unacceptable", which a name mismatch is.
 */
public final class SubjectAltNameMatcher {
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private SubjectAltNameMatcher() {
    }

    /**
     * Throws unless {@code host} matches one of the leaf's SubjectAltNames.
     *
     * @throws QuicProtocolException certificate_unknown naming the host and the certificate's
     *     names; bad_certificate if the extension cannot be parsed
     */
    public static void check(X509Certificate leaf, String host) throws QuicProtocolException {
        Collection<List<?>> names;
        try {
            names = leaf.getSubjectAlternativeNames();
        } catch (CertificateParsingException | RuntimeException e) {
            throw TlsAlert.BAD_CERTIFICATE.exception("cannot parse the SubjectAltName extension: " + e.getMessage());
        }
        if (!matches(names, host)) {
            throw TlsAlert.CERTIFICATE_UNKNOWN.exception("certificate does not match host \"" + host
                    + "\"; its SubjectAltNames are " + describe(names));
        }
    }

    /** Whether {@code host} matches the SubjectAltNames of {@code leaf}. */
    public static boolean matches(X509Certificate leaf, String host) {
        try {
            return matches(leaf.getSubjectAlternativeNames(), host);
        } catch (CertificateParsingException | RuntimeException e) {
            return false;
        }
    }

    private static boolean matches(Collection<List<?>> names, String host) {
        if (names == null || host == null || host.isEmpty()) {
            return false;
        }
        byte[] address = IpAddressLiteral.parse(host);
        for (List<?> entry : names) {
            if (entry.size() < 2 || !(entry.get(0) instanceof Integer) || !(entry.get(1) instanceof String)) {
                continue;
            }
            int type = (Integer) entry.get(0);
            String value = (String) entry.get(1);
            if (address != null) {
                if (type == IP_ADDRESS && Arrays.equals(address, IpAddressLiteral.parse(value))) {
                    return true;
                }
            } else if (type == DNS_NAME && dnsNameMatches(value, host)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 6125 §6.4.3 matching of one dNSName {@code pattern} against {@code host}. */
    static boolean dnsNameMatches(String pattern, String host) {
        String name = normalise(host);
        String expected = normalise(pattern);
        if (name.isEmpty() || expected.isEmpty() || name.contains("*")) {
            return false;
        }
        if (!expected.contains("*")) {
            return expected.equals(name);
        }
        // Only "*" as the whole left-most label, followed by at least two labels.
        if (!expected.startsWith("*.") || expected.indexOf('*', 1) >= 0) {
            return false;
        }
        String suffix = expected.substring(1); // ".example.com"
        if (suffix.indexOf('.', 1) < 0) {
            return false;
        }
        int firstDot = name.indexOf('.');
        return firstDot > 0 && name.substring(firstDot).equals(suffix);
    }

    private static String normalise(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static String describe(Collection<List<?>> names) {
        if (names == null) {
            return "absent";
        }
        List<String> described = new ArrayList<>();
        for (List<?> entry : names) {
            if (entry.size() >= 2) {
                Object type = entry.get(0);
                String prefix = Integer.valueOf(DNS_NAME).equals(type) ? "DNS:"
                        : Integer.valueOf(IP_ADDRESS).equals(type) ? "IP:" : "type " + type + ":";
                described.add(prefix + entry.get(1));
            }
        }
        return described.toString();
    }
}
