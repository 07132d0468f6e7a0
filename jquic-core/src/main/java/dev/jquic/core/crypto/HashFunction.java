package dev.jquic.core.crypto;

/**
 * The hash function of a TLS 1.3 cipher suite, used through HMAC by HKDF (RFC 5869) and the
 * TLS 1.3 key schedule (RFC 9846 §7.1).
 */
public enum HashFunction {
    SHA256("HmacSHA256", 32),
    SHA384("HmacSHA384", 48);

    private final String macAlgorithm;
    private final int length;

    HashFunction(String macAlgorithm, int length) {
        this.macAlgorithm = macAlgorithm;
        this.length = length;
    }

    /** The JCA name of the HMAC over this hash, e.g. {@code HmacSHA256}. */
    public String macAlgorithm() {
        return macAlgorithm;
    }

    /** The output length in bytes (HashLen of RFC 5869). */
    public int length() {
        return length;
    }
}
