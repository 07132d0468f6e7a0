package dev.jquic.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.types.Version;
import java.nio.ByteBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Round trips, tampering and hostile input for {@link PacketProtection}, all three suites. */
class PacketProtectionPropertyTest {
    private static final long MAX_PACKET_NUMBER = (1L << 62) - 1;

    @Provide
    Arbitrary<Version> versions() {
        return Arbitraries.of(Version.V1, Version.V2);
    }

    @Provide
    Arbitrary<byte[]> secrets48() {
        return Arbitraries.bytes().array(byte[].class).ofSize(48);
    }

    static PacketProtection protection(CipherSuite suite, Version version, byte[] secret48) {
        byte[] secret = new byte[suite.hash().length()];
        System.arraycopy(secret48, 0, secret, 0, secret.length);
        return PacketProtection.create(suite, version, secret);
    }

    /** A packet: header of {@code headerLength} bytes ending with the packet number, then payload. */
    record Packet(ByteBuffer buffer, int packetStart, int packetNumberOffset, int packetNumberLength, int payloadEnd,
            byte[] plaintext) {
        static Packet build(boolean direct, boolean longHeader, int packetStart, int headerLength,
                int packetNumberLength, long packetNumber, byte[] payload) {
            int packetNumberOffset = packetStart + headerLength - packetNumberLength;
            int payloadEnd = packetStart + headerLength + payload.length;
            int capacity = payloadEnd + CipherSuite.TAG_LENGTH + 2;
            ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
            for (int i = packetStart; i < packetNumberOffset; i++) {
                buffer.put(i, (byte) (i * 31 + 7));
            }
            int firstByte = (longHeader ? 0xc0 : 0x40) | (packetNumberLength - 1);
            buffer.put(packetStart, (byte) firstByte);
            for (int i = 0; i < packetNumberLength; i++) {
                buffer.put(packetNumberOffset + i, (byte) (packetNumber >>> (8 * (packetNumberLength - 1 - i))));
            }
            buffer.put(packetStart + headerLength, payload);
            byte[] plaintext = new byte[payloadEnd - packetStart];
            buffer.get(packetStart, plaintext);
            return new Packet(buffer, packetStart, packetNumberOffset, packetNumberLength, payloadEnd, plaintext);
        }

        int packetEnd() {
            return payloadEnd + CipherSuite.TAG_LENGTH;
        }

        byte[] content(int from, int to) {
            byte[] copy = new byte[to - from];
            buffer.get(from, copy);
            return copy;
        }
    }

    @Property(tries = 300)
    void protectThenUnprotectRestoresThePacket(@ForAll CipherSuite suite, @ForAll("versions") Version version,
            @ForAll("secrets48") byte[] secret, @ForAll boolean direct, @ForAll boolean longHeader,
            @ForAll @IntRange(min = 0, max = 9) int packetStart, @ForAll @IntRange(min = 1, max = 4) int packetNumberLength,
            @ForAll @IntRange(min = 5, max = 60) int headerLength, @ForAll @LongRange(min = 0, max = MAX_PACKET_NUMBER) long packetNumber,
            @ForAll @Size(min = 4, max = 1300) byte[] payload) {
        PacketProtection sender = protection(suite, version, secret);
        PacketProtection receiver = protection(suite, version, secret);
        Packet packet = Packet.build(direct, longHeader, packetStart, headerLength, packetNumberLength, packetNumber, payload);

        int end = sender.protect(packet.buffer(), packetStart, packet.packetNumberOffset(), packetNumberLength,
                packet.payloadEnd(), packetNumber);
        assertEquals(packet.packetEnd(), end);

        long headerResult = receiver.removeHeaderProtection(packet.buffer(), packetStart, packet.packetNumberOffset(), end);
        assertEquals(packetNumberLength, PacketProtection.packetNumberLength(headerResult));
        assertEquals(packetNumber & ((1L << (8 * packetNumberLength)) - 1), PacketProtection.truncatedPacketNumber(headerResult));
        int plaintextEnd = receiver.open(packet.buffer(), packetStart, packet.packetNumberOffset() + packetNumberLength,
                end, packetNumber);
        assertEquals(packet.payloadEnd(), plaintextEnd);
        assertArrayEquals(packet.plaintext(), packet.content(packetStart, plaintextEnd));
    }

    @Property(tries = 300)
    void anyFlippedBitOrWrongPacketNumberFailsCleanly(@ForAll CipherSuite suite, @ForAll("versions") Version version,
            @ForAll("secrets48") byte[] secret, @ForAll boolean direct, @ForAll boolean longHeader,
            @ForAll @IntRange(min = 1, max = 4) int packetNumberLength, @ForAll @LongRange(min = 0, max = MAX_PACKET_NUMBER) long packetNumber,
            @ForAll @Size(min = 4, max = 200) byte[] payload, @ForAll @IntRange(min = 0, max = 100_000) int bitChoice) {
        PacketProtection sender = protection(suite, version, secret);
        PacketProtection receiver = protection(suite, version, secret);
        Packet packet = Packet.build(direct, longHeader, 0, 20, packetNumberLength, packetNumber, payload);
        int end = sender.protect(packet.buffer(), 0, packet.packetNumberOffset(), packetNumberLength,
                packet.payloadEnd(), packetNumber);
        byte[] protectedPacket = packet.content(0, end);
        ByteBuffer pristine = ByteBuffer.wrap(protectedPacket.clone());

        // A flipped bit in the header, ciphertext or tag.
        int bit = bitChoice % (end * 8);
        packet.buffer().put(bit / 8, (byte) (packet.buffer().get(bit / 8) ^ (1 << (bit % 8))));
        long headerResult = receiver.removeHeaderProtection(packet.buffer(), 0, packet.packetNumberOffset(), end);
        int payloadOffset = packet.packetNumberOffset() + PacketProtection.packetNumberLength(headerResult);
        assertEquals(PacketProtection.FAILED, receiver.open(packet.buffer(), 0, payloadOffset, end, packetNumber));
        assertEquals(1, receiver.authenticationFailureCount());

        // The untouched packet opened with a wrong packet number.
        long wrongPacketNumber = packetNumber == 0 ? 1 : packetNumber - 1;
        headerResult = receiver.removeHeaderProtection(pristine, 0, packet.packetNumberOffset(), end);
        payloadOffset = packet.packetNumberOffset() + PacketProtection.packetNumberLength(headerResult);
        assertEquals(PacketProtection.FAILED, receiver.open(pristine, 0, payloadOffset, end, wrongPacketNumber));
        assertEquals(2, receiver.authenticationFailureCount());
        // ...while an intact copy opens with the right one (the payload of a failed open is unspecified).
        ByteBuffer intact = ByteBuffer.wrap(protectedPacket.clone());
        receiver.removeHeaderProtection(intact, 0, packet.packetNumberOffset(), end);
        assertEquals(packet.payloadEnd(), receiver.open(intact, 0, payloadOffset, end, packetNumber));
    }

    @Property(tries = 200)
    void hostileBytesAndOffsetsNeverThrow(@ForAll CipherSuite suite, @ForAll("versions") Version version,
            @ForAll("secrets48") byte[] secret, @ForAll @Size(max = 120) byte[] bytes, @ForAll int packetStart,
            @ForAll int packetNumberOffset, @ForAll int packetEnd, @ForAll long packetNumber, @ForAll boolean direct) {
        PacketProtection receiver = protection(suite, version, secret);
        ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(bytes.length) : ByteBuffer.allocate(bytes.length);
        buffer.put(0, bytes);
        long headerResult = receiver.removeHeaderProtection(buffer, packetStart, packetNumberOffset, packetEnd);
        assertTrue(headerResult == PacketProtection.FAILED || PacketProtection.packetNumberLength(headerResult) <= 4);
        assertEquals(PacketProtection.FAILED, receiver.open(buffer, packetStart, packetNumberOffset, packetEnd, packetNumber));
        // The same with plausible offsets inside the buffer.
        int start = Math.floorMod(packetStart, bytes.length + 1);
        int end = start + Math.floorMod(packetEnd, bytes.length - start + 1);
        int offset = start + Math.floorMod(packetNumberOffset, end - start + 1);
        headerResult = receiver.removeHeaderProtection(buffer, start, offset, end);
        assertTrue(headerResult == PacketProtection.FAILED || end - offset >= 20);
        assertEquals(PacketProtection.FAILED, receiver.open(buffer, start, offset, end, Math.floorMod(packetNumber, 1L << 62)));
    }

    @Property(tries = 60)
    void everyTruncationFailsCleanly(@ForAll CipherSuite suite, @ForAll("versions") Version version,
            @ForAll("secrets48") byte[] secret, @ForAll @Size(min = 4, max = 40) byte[] payload, @ForAll boolean longHeader) {
        PacketProtection sender = protection(suite, version, secret);
        PacketProtection receiver = protection(suite, version, secret);
        Packet packet = Packet.build(false, longHeader, 0, 10, 2, 77, payload);
        int end = sender.protect(packet.buffer(), 0, packet.packetNumberOffset(), 2, packet.payloadEnd(), 77);
        byte[] protectedPacket = packet.content(0, end);
        for (int length = 0; length < end; length++) {
            ByteBuffer truncated = ByteBuffer.wrap(protectedPacket.clone(), 0, length).slice();
            long headerResult = receiver.removeHeaderProtection(truncated, 0, packet.packetNumberOffset(), length);
            if (length - packet.packetNumberOffset() < 20) {
                assertEquals(PacketProtection.FAILED, headerResult, "length " + length);
            }
            assertEquals(PacketProtection.FAILED, receiver.open(truncated, 0, packet.packetNumberOffset() + 2, length, 77));
        }
        ByteBuffer whole = ByteBuffer.wrap(protectedPacket.clone());
        receiver.removeHeaderProtection(whole, 0, packet.packetNumberOffset(), end);
        assertEquals(packet.payloadEnd(), receiver.open(whole, 0, packet.packetNumberOffset() + 2, end, 77));
    }

    /** A duplicated packet opened twice in a row: the JDK's nonce reuse checks must not fire. */
    @Property(tries = 30)
    void duplicatedPacketsOpenTwice(@ForAll CipherSuite suite, @ForAll("versions") Version version,
            @ForAll("secrets48") byte[] secret, @ForAll boolean direct) {
        PacketProtection sender = protection(suite, version, secret);
        PacketProtection receiver = protection(suite, version, secret);
        Packet packet = Packet.build(direct, false, 0, 9, 4, 1234, new byte[30]);
        int end = sender.protect(packet.buffer(), 0, packet.packetNumberOffset(), 4, packet.payloadEnd(), 1234);
        byte[] protectedPacket = packet.content(0, end);
        for (int copy = 0; copy < 3; copy++) {
            ByteBuffer buffer = ByteBuffer.wrap(protectedPacket.clone());
            long headerResult = receiver.removeHeaderProtection(buffer, 0, packet.packetNumberOffset(), end);
            assertEquals(4, PacketProtection.packetNumberLength(headerResult));
            assertEquals(packet.payloadEnd(), receiver.open(buffer, 0, packet.packetNumberOffset() + 4, end, 1234));
        }
        // The sender may also open what it sealed (same key and nonce as its last encryption).
        ByteBuffer buffer = ByteBuffer.wrap(protectedPacket.clone());
        sender.removeHeaderProtection(buffer, 0, packet.packetNumberOffset(), end);
        assertEquals(packet.payloadEnd(), sender.open(buffer, 0, packet.packetNumberOffset() + 4, end, 1234));
    }

    @Property(tries = 30)
    void sealingAPacketNumberAgainIsRefused(@ForAll CipherSuite suite, @ForAll("secrets48") byte[] secret) {
        PacketProtection sender = protection(suite, Version.V1, secret);
        ByteBuffer buffer = ByteBuffer.allocate(100);
        assertEquals(60, sender.seal(buffer, 0, 10, 44, 5));
        assertThrows(IllegalStateException.class, () -> sender.seal(buffer, 0, 10, 44, 5));
        assertEquals(60, sender.seal(buffer, 0, 10, 44, 7));
        assertThrows(IllegalStateException.class, () -> sender.seal(buffer, 0, 10, 44, 6));
        assertEquals(60, sender.seal(buffer, 0, 10, 44, MAX_PACKET_NUMBER));
        assertThrows(IllegalArgumentException.class, () -> sender.seal(buffer, 0, 10, 44, MAX_PACKET_NUMBER + 1));
        assertEquals(3, sender.protectedPacketCount());
    }

    @Property(tries = 100)
    void keyUpdateGenerationsInteroperate(@ForAll CipherSuite suite, @ForAll("versions") Version version,
            @ForAll("secrets48") byte[] secret, @ForAll @Size(min = 4, max = 100) byte[] payload) {
        PacketProtection sender = protection(suite, version, secret).nextGeneration();
        PacketProtection currentReceiver = protection(suite, version, secret);
        PacketProtection nextReceiver = currentReceiver.nextGeneration();
        Packet packet = Packet.build(false, false, 0, 9, 2, 9, payload);
        int end = sender.protect(packet.buffer(), 0, packet.packetNumberOffset(), 2, packet.payloadEnd(), 9);
        byte[] protectedPacket = packet.content(0, end);

        // The header protection key is unchanged, so the old keys still remove header protection.
        ByteBuffer old = ByteBuffer.wrap(protectedPacket.clone());
        assertEquals(2, PacketProtection.packetNumberLength(
                currentReceiver.removeHeaderProtection(old, 0, packet.packetNumberOffset(), end)));
        assertEquals(PacketProtection.FAILED, currentReceiver.open(old, 0, packet.packetNumberOffset() + 2, end, 9));

        ByteBuffer updated = ByteBuffer.wrap(protectedPacket.clone());
        nextReceiver.removeHeaderProtection(updated, 0, packet.packetNumberOffset(), end);
        assertEquals(packet.payloadEnd(), nextReceiver.open(updated, 0, packet.packetNumberOffset() + 2, end, 9));
        assertArrayEquals(packet.plaintext(), java.util.Arrays.copyOf(updated.array(), packet.payloadEnd()));
    }

    @Property(tries = 200)
    void chaCha20MaskMatchesAReferenceChaCha20Block(@ForAll("secrets48") byte[] secret,
            @ForAll @Size(value = 16) byte[] sample) {
        PacketProtection protection = protection(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, Version.V1, secret);
        byte[] mask = new byte[5];
        protection.headerProtectionMask(sample, mask);
        byte[] expected = ReferenceChaCha20.firstFiveKeystreamBytes(protection.headerProtectionKey(), sample);
        assertArrayEquals(expected, mask);
        // The same sample twice in a row (a duplicated packet) gives the same mask, no exception.
        byte[] again = new byte[5];
        protection.headerProtectionMask(ByteBuffer.wrap(sample), 0, again);
        assertArrayEquals(expected, again);
    }
}
