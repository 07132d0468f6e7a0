package dev.jquic.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CipherSuiteTest {
    @Test
    void codePointsAndParameters() {
        assertEquals(Optional.of(CipherSuite.TLS_AES_128_GCM_SHA256), CipherSuite.fromCode(0x1301));
        assertEquals(Optional.of(CipherSuite.TLS_AES_256_GCM_SHA384), CipherSuite.fromCode(0x1302));
        assertEquals(Optional.of(CipherSuite.TLS_CHACHA20_POLY1305_SHA256), CipherSuite.fromCode(0x1303));
        // TLS_AES_128_CCM_SHA256 and TLS_AES_128_CCM_8_SHA256 are not offered.
        assertTrue(CipherSuite.fromCode(0x1304).isEmpty());
        assertTrue(CipherSuite.fromCode(0x1305).isEmpty());
        assertEquals(16, CipherSuite.TLS_AES_128_GCM_SHA256.keyLength());
        assertEquals(32, CipherSuite.TLS_AES_256_GCM_SHA384.keyLength());
        assertEquals(HashFunction.SHA384, CipherSuite.TLS_AES_256_GCM_SHA384.hash());
        assertEquals(48, CipherSuite.TLS_AES_256_GCM_SHA384.hash().length());
        assertEquals(CipherSuite.HeaderProtection.CHACHA20,
                CipherSuite.TLS_CHACHA20_POLY1305_SHA256.headerProtection());
    }

    /** RFC 9001 §6.6. */
    @Test
    void aeadLimits() {
        assertEquals(1L << 23, CipherSuite.TLS_AES_128_GCM_SHA256.confidentialityLimitPackets());
        assertEquals(1L << 52, CipherSuite.TLS_AES_256_GCM_SHA384.integrityLimitPackets());
        assertEquals(Long.MAX_VALUE, CipherSuite.TLS_CHACHA20_POLY1305_SHA256.confidentialityLimitPackets());
        assertEquals(1L << 36, CipherSuite.TLS_CHACHA20_POLY1305_SHA256.integrityLimitPackets());
    }
}
