package dev.jquic.core.crypto;

import dev.jquic.core.types.Version;

/**
 * The version-specific HKDF labels of packet protection: "quic key", "quic iv", "quic hp" and
 * "quic ku" for QUIC v1 (RFC 9001 §5.1, §6.1), "quicv2 ..." for QUIC v2 (RFC 9369 §3.3.2).
 */
final class VersionLabels {
    private VersionLabels() {
    }

    static String key(Version version) {
        return prefix(version) + " key";
    }

    static String iv(Version version) {
        return prefix(version) + " iv";
    }

    static String headerProtection(Version version) {
        return prefix(version) + " hp";
    }

    static String keyUpdate(Version version) {
        return prefix(version) + " ku";
    }

    private static String prefix(Version version) {
        if (Version.V1.equals(version)) {
            return "quic";
        }
        if (Version.V2.equals(version)) {
            return "quicv2";
        }
        throw new IllegalArgumentException("no packet protection defined for " + version);
    }
}
