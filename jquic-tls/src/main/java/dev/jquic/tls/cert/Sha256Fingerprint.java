package dev.jquic.tls.cert;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The SHA-256 fingerprint of a DER certificate: what a user pins and what the runtime logs for a
 * self-signed certificate. Immutable (the array is copied in and out).
 */
public record Sha256Fingerprint(byte[] digest) {
    private static final int LENGTH = 32;

    public Sha256Fingerprint {
        if (digest == null || digest.length != LENGTH) {
            throw new IllegalArgumentException("a SHA-256 fingerprint has 32 bytes");
        }
        digest = digest.clone();
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    /** SHA-256 of the certificate's DER encoding. */
    public static Sha256Fingerprint of(X509Certificate certificate) {
        try {
            return ofEncoded(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode certificate", e);
        }
    }

    /** SHA-256 of a DER-encoded certificate. */
    public static Sha256Fingerprint ofEncoded(byte[] derCertificate) {
        try {
            return new Sha256Fingerprint(MessageDigest.getInstance("SHA-256").digest(derCertificate));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /**
     * Parses a pin: 64 hex digits (any case), or 32 colon-separated hex pairs as
     * {@code openssl x509 -fingerprint -sha256} prints them, optionally after that command's
     * {@code "sha256 Fingerprint="} prefix. Surrounding white space is ignored.
     *
     * @throws IllegalArgumentException naming the text if it is neither format
     */
    public static Sha256Fingerprint parse(String pin) {
        if (pin == null) {
            throw new IllegalArgumentException("SHA-256 pin is null");
        }
        String text = pin.strip();
        int equals = text.indexOf('=');
        if (equals >= 0 && text.substring(0, equals).strip().toLowerCase(Locale.ROOT).equals("sha256 fingerprint")) {
            text = text.substring(equals + 1).strip();
        }
        String hex;
        if (text.indexOf(':') >= 0) {
            String[] pairs = text.split(":", -1);
            if (pairs.length != LENGTH) {
                throw invalid(pin);
            }
            StringBuilder joined = new StringBuilder(2 * LENGTH);
            for (String pair : pairs) {
                if (pair.length() != 2) {
                    throw invalid(pin);
                }
                joined.append(pair);
            }
            hex = joined.toString();
        } else {
            hex = text;
        }
        if (hex.length() != 2 * LENGTH) {
            throw invalid(pin);
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                throw invalid(pin);
            }
        }
        return new Sha256Fingerprint(HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT)));
    }

    private static IllegalArgumentException invalid(String pin) {
        return new IllegalArgumentException("not a SHA-256 fingerprint (64 hex digits, or 32 colon-separated "
                + "hex pairs): \"" + pin + "\"");
    }

    /** Lower-case hex without separators, e.g. {@code 3f9a...}. */
    public String toHex() {
        return HexFormat.of().formatHex(digest);
    }

    /** Upper-case hex pairs separated by colons, as openssl shows them, e.g. {@code 3F:9A:...}. */
    public String toColonHex() {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }

    /** Constant-time comparison with another fingerprint. */
    public boolean matches(Sha256Fingerprint other) {
        return MessageDigest.isEqual(digest, other.digest);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sha256Fingerprint && Arrays.equals(digest, ((Sha256Fingerprint) other).digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return "SHA256:" + toColonHex();
    }
}
