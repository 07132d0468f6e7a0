package dev.jquic.core.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class PacketNumbersTest {
    private static final long MAX = PacketNumbers.MAX_PACKET_NUMBER;

    /** RFC 9000 Appendix A.2: 29,519 unacknowledged packets need 16 bits. */
    @Test
    void appendixA2SixteenBitExample() {
        assertEquals(2, PacketNumbers.encodedLength(0xac5c02L, 0xabe8b3L));
        assertEquals(0x5c02L, PacketNumbers.truncate(0xac5c02L, 2));
    }

    /** RFC 9000 Appendix A.2: 65,611 unacknowledged packets need 18 bits, so 24. */
    @Test
    void appendixA2TwentyFourBitExample() {
        assertEquals(3, PacketNumbers.encodedLength(0xace8feL, 0xabe8b3L));
    }

    /** RFC 9000 Appendix A.3: 0x9b32 in 16 bits after 0xa82f30ea decodes as 0xa82f9b32. */
    @Test
    void appendixA3Example() {
        assertEquals(0xa82f9b32L, PacketNumbers.decode(0xa82f30eaL, 0x9b32L, 2));
    }

    @Test
    void withoutAcknowledgmentTheWholeNumberIsEncoded() {
        assertEquals(1, PacketNumbers.encodedLength(0, PacketNumbers.NONE));
        assertEquals(1, PacketNumbers.encodedLength(126, PacketNumbers.NONE));
        assertEquals(2, PacketNumbers.encodedLength(127, PacketNumbers.NONE));
        assertEquals(4, PacketNumbers.encodedLength(0x7fff_fffeL, PacketNumbers.NONE));
        assertThrows(IllegalArgumentException.class,
                () -> PacketNumbers.encodedLength(0x7fff_ffffL, PacketNumbers.NONE));
    }

    @Test
    void rangeOfExactlyAPowerOfTwoNeedsOneMoreBit() {
        // 128 unacknowledged numbers: 2^8 = 256 is not more than twice 128.
        assertEquals(2, PacketNumbers.encodedLength(228, 100));
        assertEquals(1, PacketNumbers.encodedLength(227, 100));
    }

    @Test
    void rejectsInvalidEncoderArguments() {
        assertThrows(IllegalArgumentException.class, () -> PacketNumbers.encodedLength(5, 5));
        assertThrows(IllegalArgumentException.class, () -> PacketNumbers.encodedLength(-1, PacketNumbers.NONE));
        assertThrows(IllegalArgumentException.class, () -> PacketNumbers.encodedLength(MAX + 1, MAX));
        assertThrows(IllegalArgumentException.class, () -> PacketNumbers.encodedLength(1L << 40, 0));
        assertThrows(IllegalArgumentException.class, () -> PacketNumbers.truncate(1, 5));
    }

    @Test
    void decodesNearZeroWithoutGoingNegative() {
        // Expected 0; 0xff in 8 bits is above expected + 128 but cannot wrap below 0.
        assertEquals(0xffL, PacketNumbers.decode(PacketNumbers.NONE, 0xff, 1));
        assertEquals(0L, PacketNumbers.decode(PacketNumbers.NONE, 0x00, 1));
        assertEquals(0x1ffL, PacketNumbers.decode(0x1f0, 0xff, 1));
        assertEquals(0xfeL, PacketNumbers.decode(0x100, 0xfe, 1));
    }

    @Test
    void decodesNear2To62WithoutExceedingTheMaximum() {
        // Expected 2^62-1: a value at the lower edge of the window must not be moved above 2^62.
        assertEquals(MAX - 255, PacketNumbers.decode(MAX - 1, (MAX - 255) & 0xff, 1));
        assertEquals(MAX, PacketNumbers.decode(MAX - 1, MAX & 0xff, 1));
        assertEquals(MAX, PacketNumbers.decode(MAX - 200, MAX & 0xffff_ffffL, 4));
    }

    @Test
    void writesAndReadsTheTruncatedBytes() {
        ByteBuffer out = ByteBuffer.allocate(4);
        PacketNumbers.write(out, 0xa82f9b32L, 3);
        assertEquals("2f9b32", HexFormat.of().formatHex(out.array(), 0, 3));
        assertEquals(0x2f9b32L, PacketNumbers.read(out, 0, 3));
    }

    /** Any packet number within the window around the next expected one is recovered. */
    @Property
    void decodeRecoversEveryNumberInsideTheWindow(
            @ForAll @LongRange(min = -1, max = MAX - 1) long largestReceived,
            @ForAll @IntRange(min = 1, max = 4) int length,
            @ForAll long offsetSeed) {
        long halfWindow = 1L << (8 * length - 1);
        // offset in (-halfWindow, halfWindow]
        long offset = Math.floorMod(offsetSeed, 2 * halfWindow) - halfWindow + 1;
        long packetNumber = largestReceived + 1 + offset;
        Assume.that(packetNumber >= 0 && packetNumber <= MAX);
        long truncated = PacketNumbers.truncate(packetNumber, length);
        assertEquals(packetNumber, PacketNumbers.decode(largestReceived, truncated, length));
    }

    /**
     * The length chosen by the encoder lets a receiver that has seen anything from the largest
     * acknowledged packet up to the one before recover the packet number.
     */
    @Property
    void encodeThenDecodeRecoversThePacketNumber(
            @ForAll @LongRange(min = 0, max = MAX) long packetNumber,
            @ForAll @LongRange(min = 1, max = 1L << 30) long unacknowledged,
            @ForAll @LongRange(min = 1, max = 1L << 30) long receivedSeed) {
        long largestAcknowledged = Math.max(PacketNumbers.NONE, packetNumber - unacknowledged);
        Assume.that(largestAcknowledged != PacketNumbers.NONE || packetNumber < 1L << 30);
        int length = PacketNumbers.encodedLength(packetNumber, largestAcknowledged);
        long receivedBehind = 1 + (receivedSeed - 1) % (packetNumber - largestAcknowledged);
        long largestReceived = packetNumber - receivedBehind;
        long truncated = PacketNumbers.truncate(packetNumber, length);
        assertEquals(packetNumber, PacketNumbers.decode(largestReceived, truncated, length));
    }

    @Property
    void writeThenReadGivesTheTruncatedNumber(
            @ForAll @LongRange(min = 0, max = MAX) long packetNumber, @ForAll @IntRange(min = 1, max = 4) int length) {
        ByteBuffer out = ByteBuffer.allocate(4);
        PacketNumbers.write(out, packetNumber, length);
        assertEquals(length, out.position());
        assertEquals(PacketNumbers.truncate(packetNumber, length), PacketNumbers.read(out, 0, length));
    }
}
