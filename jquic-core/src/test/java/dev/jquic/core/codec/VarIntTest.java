package dev.jquic.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VarIntTest {

    /** RFC 9000 Appendix A.1: sample variable-length integer decodings. */
    @ParameterizedTest
    @CsvSource({
        "c2197c5eff14e88c, 151288809941952652",
        "9d7f3e7d, 494878333",
        "7bbd, 15293",
        "25, 37",
        "4025, 37",
    })
    void decodesRfc9000AppendixA1Samples(String hex, long expected) throws QuicProtocolException {
        ByteBuffer in = ByteBuffer.wrap(HexFormat.of().parseHex(hex));
        WireReader reader = new WireReader(in, TransportError.FRAME_ENCODING_ERROR);
        assertEquals(expected, reader.readVarInt());
        assertFalse(reader.hasRemaining());
    }

    /** The shortest encodings of the §A.1 values are the RFC's bytes (except the padded 0x4025). */
    @ParameterizedTest
    @CsvSource({
        "c2197c5eff14e88c, 151288809941952652",
        "9d7f3e7d, 494878333",
        "7bbd, 15293",
        "25, 37",
    })
    void encodesRfc9000AppendixA1Samples(String hex, long value) {
        ByteBuffer out = ByteBuffer.allocate(8);
        VarInt.write(out, value);
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        assertEquals(hex, HexFormat.of().formatHex(bytes));
    }

    @Test
    void writesAFixedLengthEncoding() {
        ByteBuffer out = ByteBuffer.allocate(2);
        VarInt.write(out, 37, 2);
        assertEquals("4025", HexFormat.of().formatHex(out.array()));
    }

    @Test
    void rejectsValuesAbove2To62Minus1OnEncode() {
        ByteBuffer out = ByteBuffer.allocate(8);
        assertThrows(IllegalArgumentException.class, () -> VarInt.write(out, VarInt.MAX_VALUE + 1));
        assertThrows(IllegalArgumentException.class, () -> VarInt.write(out, -1));
        assertThrows(IllegalArgumentException.class, () -> VarInt.write(out, Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> VarInt.write(out, 64, 1));
        assertEquals(0, out.position(), "nothing written on rejection");
    }

    @Test
    void boundariesUseTheRightLength() {
        assertEquals(1, VarInt.encodedLength(63));
        assertEquals(2, VarInt.encodedLength(64));
        assertEquals(2, VarInt.encodedLength(16_383));
        assertEquals(4, VarInt.encodedLength(16_384));
        assertEquals(4, VarInt.encodedLength(1_073_741_823));
        assertEquals(8, VarInt.encodedLength(1_073_741_824));
        assertEquals(8, VarInt.encodedLength(VarInt.MAX_VALUE));
    }

    @Test
    void truncatedVarIntRaisesTheReadersErrorCode() {
        byte[] full = HexFormat.of().parseHex("c2197c5eff14e88c");
        for (int cut = 0; cut < full.length; cut++) {
            WireReader reader = new WireReader(ByteBuffer.wrap(full, 0, cut), TransportError.TRANSPORT_PARAMETER_ERROR);
            QuicProtocolException e = assertThrows(QuicProtocolException.class, reader::readVarInt);
            assertEquals(TransportError.TRANSPORT_PARAMETER_ERROR.code(), e.errorCode());
        }
    }

    @Property
    void roundTrips(@ForAll @LongRange(min = 0, max = (1L << 62) - 1) long value) throws QuicProtocolException {
        ByteBuffer out = ByteBuffer.allocate(8);
        VarInt.write(out, value);
        assertEquals(VarInt.encodedLength(value), out.position());
        out.flip();
        WireReader reader = new WireReader(out, TransportError.FRAME_ENCODING_ERROR);
        assertEquals(value, reader.readVarInt());
        assertFalse(reader.hasRemaining());
    }
}
