package dev.jquic.core.crypto;

import java.util.Optional;

/**
 * The TLS 1.3 cipher suites QUIC can use (RFC 9001 §5.3): AEAD, key length, hash, header
 * protection algorithm (RFC 9001 §5.4.3, §5.4.4) and the AEAD usage limits (RFC 9001 §6.6).
 * TLS_AES_128_CCM_SHA256 is not offered; TLS_AES_128_CCM_8_SHA256 is forbidden (RFC 9001 §5.3).
 */
public enum CipherSuite {
    TLS_AES_128_GCM_SHA256(0x1301, 16, HashFunction.SHA256, "AES/GCM/NoPadding", "AES",
            HeaderProtection.AES_ECB, 1L << 23, 1L << 52),
    TLS_AES_256_GCM_SHA384(0x1302, 32, HashFunction.SHA384, "AES/GCM/NoPadding", "AES",
            HeaderProtection.AES_ECB, 1L << 23, 1L << 52),
    /** RFC 9001 §6.6: the confidentiality limit exceeds 2^62 packets and is disregarded. */
    TLS_CHACHA20_POLY1305_SHA256(0x1303, 32, HashFunction.SHA256, "ChaCha20-Poly1305", "ChaCha20",
            HeaderProtection.CHACHA20, Long.MAX_VALUE, 1L << 36);

    /** The header protection function of a suite (RFC 9001 §5.4). */
    public enum HeaderProtection {
        /** RFC 9001 §5.4.3: mask = AES-ECB(hp_key, sample). */
        AES_ECB("AES/ECB/NoPadding", "AES"),
        /** RFC 9001 §5.4.4: mask = ChaCha20(hp_key, counter = sample[0..3], nonce = sample[4..15], 0^5). */
        CHACHA20("ChaCha20", "ChaCha20");

        private final String transformation;
        private final String keyAlgorithm;

        HeaderProtection(String transformation, String keyAlgorithm) {
            this.transformation = transformation;
            this.keyAlgorithm = keyAlgorithm;
        }

        /** The JCA transformation. */
        public String transformation() {
            return transformation;
        }

        /** The JCA key algorithm name. */
        public String keyAlgorithm() {
            return keyAlgorithm;
        }
    }

    /** RFC 9001 §5.3: every AEAD used by QUIC has a 12-byte nonce (IV). */
    public static final int IV_LENGTH = 12;
    /** RFC 9001 §5.3: every AEAD used by QUIC has a 16-byte authentication tag. */
    public static final int TAG_LENGTH = 16;
    /** RFC 9001 §5.4.2: the header protection sample is 16 bytes for every suite. */
    public static final int SAMPLE_LENGTH = 16;

    private final int code;
    private final int keyLength;
    private final HashFunction hash;
    private final String aeadTransformation;
    private final String keyAlgorithm;
    private final HeaderProtection headerProtection;
    private final long confidentialityLimitPackets;
    private final long integrityLimitPackets;

    CipherSuite(int code, int keyLength, HashFunction hash, String aeadTransformation, String keyAlgorithm,
            HeaderProtection headerProtection, long confidentialityLimitPackets, long integrityLimitPackets) {
        this.code = code;
        this.keyLength = keyLength;
        this.hash = hash;
        this.aeadTransformation = aeadTransformation;
        this.keyAlgorithm = keyAlgorithm;
        this.headerProtection = headerProtection;
        this.confidentialityLimitPackets = confidentialityLimitPackets;
        this.integrityLimitPackets = integrityLimitPackets;
    }

    /** The TLS CipherSuite code point, e.g. 0x1301. */
    public int code() {
        return code;
    }

    /** The AEAD key length in bytes; the header protection key has the same length. */
    public int keyLength() {
        return keyLength;
    }

    /** The hash of the suite, used by HKDF. */
    public HashFunction hash() {
        return hash;
    }

    /** The JCA transformation of the AEAD. */
    public String aeadTransformation() {
        return aeadTransformation;
    }

    /** The JCA key algorithm name of the AEAD key. */
    public String keyAlgorithm() {
        return keyAlgorithm;
    }

    public HeaderProtection headerProtection() {
        return headerProtection;
    }

    /**
     * RFC 9001 §6.6: the number of packets that may be encrypted with one key before a key
     * update is required ({@link Long#MAX_VALUE} when the limit can be disregarded).
     */
    public long confidentialityLimitPackets() {
        return confidentialityLimitPackets;
    }

    /**
     * RFC 9001 §6.6: the number of packets failing authentication, across all keys of a
     * connection, after which the connection is closed with AEAD_LIMIT_REACHED.
     */
    public long integrityLimitPackets() {
        return integrityLimitPackets;
    }

    /** The suite with TLS code point {@code code}, if QUIC can use it. */
    public static Optional<CipherSuite> fromCode(int code) {
        for (CipherSuite suite : values()) {
            if (suite.code == code) {
                return Optional.of(suite);
            }
        }
        return Optional.empty();
    }
}
