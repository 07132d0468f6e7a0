package dev.jquic.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Invalid arguments from our own code are IllegalArgumentException; see the property test for peer input. */
class PacketProtectionArgumentTest {
    private static PacketProtection protection() {
        return PacketProtection.create(CipherSuite.TLS_AES_128_GCM_SHA256, Version.V1, new byte[32]);
    }

    @Test
    void payloadTooShortForTheSampleIsRejected() {
        PacketProtection protection = protection();
        ByteBuffer buffer = ByteBuffer.allocate(64);
        buffer.put(0, (byte) 0x40); // short header, 1-byte packet number at offset 5
        // RFC 9001 §5.4.2: packet number + payload must be at least 4 bytes.
        assertThrows(IllegalArgumentException.class, () -> protection.protect(buffer, 0, 5, 1, 8, 0));
        assertEquals(9 + 16, protection.protect(buffer, 0, 5, 1, 9, 0));
    }

    @Test
    void inconsistentOffsetsAreRejected() {
        PacketProtection protection = protection();
        ByteBuffer buffer = ByteBuffer.allocate(40);
        buffer.put(0, (byte) 0x41);
        assertThrows(IllegalArgumentException.class, () -> protection.protect(buffer, 0, 5, 1, 20, 0), "length bits say 2");
        assertThrows(IllegalArgumentException.class, () -> protection.protect(buffer, 0, 5, 5, 20, 0));
        assertThrows(IllegalArgumentException.class, () -> protection.protect(buffer, 0, 0, 2, 20, 0));
        assertThrows(IllegalArgumentException.class, () -> protection.protect(buffer, 0, 5, 2, 30, 0), "no room for the tag");
        assertThrows(IllegalArgumentException.class, () -> protection.seal(buffer, 0, 10, 9, 0));
        assertThrows(IllegalArgumentException.class, () -> protection.seal(buffer, 0, 10, 20, -1));
        assertThrows(IllegalArgumentException.class,
                () -> protection.protect(ByteBuffer.allocate(40).asReadOnlyBuffer(), 0, 5, 1, 20, 0));
        assertThrows(IllegalArgumentException.class,
                () -> protection.open(ByteBuffer.allocate(40).asReadOnlyBuffer(), 0, 5, 30, 0));
        assertEquals(0, protection.protectedPacketCount());
    }

    @Test
    void headerProtectionMaskChecksItsBounds() {
        PacketProtection protection = protection();
        byte[] mask = new byte[5];
        assertThrows(IllegalArgumentException.class, () -> protection.headerProtectionMask(ByteBuffer.allocate(20), 5, mask));
        assertThrows(IllegalArgumentException.class, () -> protection.headerProtectionMask(ByteBuffer.allocate(20), -1, mask));
        assertThrows(IllegalArgumentException.class, () -> protection.headerProtectionMask(new byte[15], mask));
        assertThrows(IllegalArgumentException.class, () -> protection.headerProtectionMask(new byte[16], new byte[4]));
        protection.headerProtectionMask(ByteBuffer.allocate(20), 4, mask);
    }

    @Test
    void secretLengthAndVersionAreChecked() {
        assertThrows(IllegalArgumentException.class,
                () -> PacketProtection.create(CipherSuite.TLS_AES_256_GCM_SHA384, Version.V1, new byte[32]));
        assertThrows(IllegalArgumentException.class,
                () -> PacketProtection.create(CipherSuite.TLS_AES_128_GCM_SHA256, Version.of(0x1a2a3a4a), new byte[32]));
        assertEquals(CipherSuite.TLS_AES_256_GCM_SHA384,
                PacketProtection.create(CipherSuite.TLS_AES_256_GCM_SHA384, Version.V2, new byte[48]).suite());
    }
}
