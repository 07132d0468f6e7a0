package dev.jquic.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CipherPoolTest {
    private static final String GCM = "AES/GCM/NoPadding";
    private static final String ECB = "AES/ECB/NoPadding";

    /** Counts the ciphers the pool creates. */
    private static final class CountingSource implements CipherSource {
        final List<Cipher> created = new ArrayList<>();

        @Override
        public Cipher cipher(String transformation) throws GeneralSecurityException {
            Cipher cipher = Cipher.getInstance(transformation);
            created.add(cipher);
            return cipher;
        }
    }

    @Test
    void aReleasedLeaseLendsItsCiphersToTheNextLease() throws Exception {
        CountingSource jca = new CountingSource();
        CipherPool pool = new CipherPool(8, jca);
        CipherPool.Lease first = pool.lease();
        Cipher gcm = first.cipher(GCM);
        Cipher ecb = first.cipher(ECB);
        assertEquals(2, first.held());
        assertEquals(0, pool.idle(GCM));
        first.release();
        assertEquals(0, first.held());
        assertEquals(1, pool.idle(GCM));
        assertEquals(1, pool.idle(ECB));

        CipherPool.Lease second = pool.lease();
        assertSame(ecb, second.cipher(ECB));
        assertSame(gcm, second.cipher(GCM));
        Cipher another = second.cipher(GCM);
        assertNotSame(gcm, another, "one cipher, one owner");
        assertEquals(3, pool.created());
        assertEquals(2, pool.reused());
        assertEquals(List.of(gcm, ecb, another), jca.created);
    }

    @Test
    void thePoolKeepsAtMostItsCapacityPerTransformation() throws Exception {
        CipherPool pool = new CipherPool(2, new CountingSource());
        CipherPool.Lease lease = pool.lease();
        for (int i = 0; i < 20; i++) {
            lease.cipher(GCM);
        }
        lease.cipher(ECB);
        assertEquals(21, lease.held(), "the lease grows past its first 16 slots");
        lease.release();
        assertEquals(2, pool.idle(GCM));
        assertEquals(1, pool.idle(ECB));
        assertThrows(IllegalArgumentException.class, () -> new CipherPool(-1));
    }

    @Test
    void aReleasedLeaseHandsOutItsOwnCiphersAndReleasesOnlyOnce() throws Exception {
        CountingSource jca = new CountingSource();
        CipherPool pool = new CipherPool(8, jca);
        CipherPool.Lease lease = pool.lease();
        Cipher held = lease.cipher(GCM);
        lease.release();
        lease.release();
        assertEquals(1, pool.idle(GCM), "a second release returns nothing twice");
        Cipher late = lease.cipher(GCM);
        assertNotSame(held, late, "the pooled cipher stays in the pool");
        assertEquals(1, pool.idle(GCM));
        assertEquals(0, lease.held());
        lease.release();
        assertEquals(1, pool.idle(GCM), "a cipher taken after release never enters the pool");
    }

    /**
     * A connection built on recycled ciphers protects packets that freshly built keys open, even
     * when the ciphers' previous owner keeps using them by mistake: the AEAD is initialised with
     * key and nonce for every packet, and the header protection cipher's key is only set by its
     * new owner. (The former owner's own packets are then garbage: AES header protection masks
     * them with the new owner's key. A released lease belongs to a connection that has ended.)
     */
    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void recycledCiphersProtectLikeNewOnesEvenIfTheFormerOwnerStillUsesThem(CipherSuite suite) {
        CipherPool pool = new CipherPool(8);
        byte[] oldSecret = secret(suite, 1);
        byte[] newSecret = secret(suite, 2);
        CipherPool.Lease firstLease = pool.lease();
        PacketProtection former = PacketProtection.create(suite, Version.V1, oldSecret, firstLease);
        protect(former, 0);
        firstLease.release();
        CipherPool.Lease secondLease = pool.lease();
        PacketProtection recycled = PacketProtection.create(suite, Version.V1, newSecret, secondLease);
        assertEquals(0, pool.idle(suite.aeadTransformation()), "the new keys took the former ones' ciphers");
        PacketProtection reader = PacketProtection.create(suite, Version.V1, newSecret);
        for (long packetNumber = 0; packetNumber < 6; packetNumber++) {
            protect(former, packetNumber + 1);
            ByteBuffer packet = protect(recycled, packetNumber);
            assertArrayEquals(payload(packetNumber), open(reader, packet, packetNumber), "packet " + packetNumber);
        }
    }

    private static byte[] secret(CipherSuite suite, int fill) {
        byte[] secret = new byte[suite.hash().length()];
        Arrays.fill(secret, (byte) fill);
        return secret;
    }

    private static byte[] payload(long packetNumber) {
        byte[] payload = new byte[40];
        Arrays.fill(payload, (byte) (packetNumber * 7 + 3));
        return payload;
    }

    /** A short-header packet: first byte, 8-byte DCID, 1-byte packet number, 40 payload bytes, tag. */
    private static ByteBuffer protect(PacketProtection keys, long packetNumber) {
        ByteBuffer buffer = ByteBuffer.allocate(1 + 8 + 1 + 40 + 16);
        buffer.put(0, (byte) 0x40);
        buffer.put(9, (byte) packetNumber);
        buffer.put(10, payload(packetNumber));
        assertEquals(buffer.capacity(), keys.protect(buffer, 0, 9, 1, 50, packetNumber));
        return buffer;
    }

    private static byte[] open(PacketProtection keys, ByteBuffer packet, long packetNumber) {
        long header = keys.removeHeaderProtection(packet, 0, 9, packet.capacity());
        assertEquals(1, PacketProtection.packetNumberLength(header));
        assertEquals(packetNumber, PacketProtection.truncatedPacketNumber(header));
        int payloadEnd = keys.open(packet, 0, 10, packet.capacity(), packetNumber);
        assertEquals(50, payloadEnd, "authenticated");
        byte[] payload = new byte[40];
        packet.get(10, payload);
        return payload;
    }
}
