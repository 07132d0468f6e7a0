package dev.jquic.tls.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class HandshakeReassemblerTest {
    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static List<RawHandshakeMessage> drain(HandshakeReassembler reassembler) {
        List<RawHandshakeMessage> messages = new ArrayList<>();
        for (RawHandshakeMessage message = reassembler.poll(); message != null; message = reassembler.poll()) {
            messages.add(message);
        }
        return messages;
    }

    @Test
    void oneByteFragmentsYieldTheRfcClientHello() throws QuicProtocolException {
        byte[] hello = RfcVectorTest.rfc9001ClientHello();
        HandshakeReassembler reassembler = new HandshakeReassembler();
        for (int i = 0; i < hello.length; i++) {
            reassembler.feed(ByteBuffer.wrap(hello, i, 1));
            if (i < hello.length - 1) {
                assertNull(reassembler.poll());
                assertEquals(i + 1, reassembler.bufferedBytes());
            }
        }
        RawHandshakeMessage message = reassembler.poll();
        assertArrayEquals(hello, message.raw());
        assertEquals(HandshakeType.CLIENT_HELLO, message.type());
        assertEquals(hello.length - 4, message.body().remaining());
        assertEquals(0, reassembler.bufferedBytes());
        assertNull(reassembler.poll());
    }

    @Test
    void severalMessagesInOneFragment() throws QuicProtocolException {
        byte[] flight = concat(List.of(TestBytes.hex(RfcVectorTest.RFC8448_ENCRYPTED_EXTENSIONS),
                TestBytes.hex(RfcVectorTest.RFC8448_CERTIFICATE), TestBytes.hex(RfcVectorTest.RFC8448_CERTIFICATE_VERIFY),
                TestBytes.hex(RfcVectorTest.RFC8448_SERVER_FINISHED)));
        assertEquals(657, flight.length); // RFC 8448 §3: the server's encrypted flight payload is 657 octets
        HandshakeReassembler reassembler = new HandshakeReassembler();
        reassembler.feed(ByteBuffer.wrap(flight));
        List<RawHandshakeMessage> messages = drain(reassembler);
        assertEquals(List.of(HandshakeType.ENCRYPTED_EXTENSIONS, HandshakeType.CERTIFICATE,
                HandshakeType.CERTIFICATE_VERIFY, HandshakeType.FINISHED),
                messages.stream().map(RawHandshakeMessage::type).toList());
        assertArrayEquals(flight, concat(messages.stream().map(RawHandshakeMessage::raw).toList()));
    }

    @Provide
    Arbitrary<List<HandshakeMessage>> flights() {
        return MessageArbitraries.anyMessage().list().ofMinSize(1).ofMaxSize(5);
    }

    @Property(tries = 300)
    void randomSplitsYieldTheSameMessages(@ForAll("flights") List<HandshakeMessage> flight,
            @ForAll("cuts") List<Integer> cuts) throws QuicProtocolException {
        List<byte[]> encoded = flight.stream().map(HandshakeMessage::toByteArray).toList();
        byte[] stream = concat(encoded);
        HandshakeReassembler reassembler = new HandshakeReassembler();
        List<RawHandshakeMessage> received = new ArrayList<>();
        int position = 0;
        for (int cut : cuts) {
            int length = Math.min(cut, stream.length - position);
            reassembler.feed(ByteBuffer.wrap(stream, position, length));
            position += length;
            received.addAll(drain(reassembler));
        }
        reassembler.feed(ByteBuffer.wrap(stream, position, stream.length - position));
        received.addAll(drain(reassembler));
        assertEquals(encoded.size(), received.size());
        for (int i = 0; i < encoded.size(); i++) {
            assertArrayEquals(encoded.get(i), received.get(i).raw());
            int hashLength = flight.get(i) instanceof Finished finished ? finished.verifyData().length() : 32;
            assertEquals(flight.get(i), HandshakeMessageDecoder.decode(received.get(i), hashLength));
        }
        assertEquals(0, reassembler.bufferedBytes());
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, 40).list().ofMaxSize(30);
    }

    @Test
    void messageAtTheCapIsAcceptedAndOneByteMoreIsRejected() throws QuicProtocolException {
        HandshakeReassembler reassembler = new HandshakeReassembler(100);
        byte[] atCap = new byte[104];
        atCap[0] = 0x0f;
        atCap[3] = 100;
        reassembler.feed(ByteBuffer.wrap(atCap));
        assertEquals(104, reassembler.poll().length());

        HandshakeReassembler small = new HandshakeReassembler(100);
        small.feed(ByteBuffer.wrap(new byte[] {0x0b, 0x00}));
        QuicProtocolException e = assertThrows(QuicProtocolException.class,
                () -> small.feed(ByteBuffer.wrap(new byte[] {0x00, 101})));
        assertEquals(TransportError.CRYPTO_BUFFER_EXCEEDED.code(), e.errorCode());
    }

    @Test
    void defaultCapRejectsADeclaredSixteenMegabyteMessage() {
        HandshakeReassembler reassembler = new HandshakeReassembler();
        assertEquals(HandshakeReassembler.DEFAULT_MAX_MESSAGE_LENGTH, reassembler.maxMessageLength());
        QuicProtocolException e = assertThrows(QuicProtocolException.class,
                () -> reassembler.feed(ByteBuffer.wrap(new byte[] {0x0b, (byte) 0xff, (byte) 0xff, (byte) 0xff})));
        assertEquals(TransportError.CRYPTO_BUFFER_EXCEEDED.code(), e.errorCode());
    }

    @Test
    void capOnALaterMessageIsDetectedAsSoonAsItsHeaderArrives() throws QuicProtocolException {
        HandshakeReassembler reassembler = new HandshakeReassembler(10);
        reassembler.feed(ByteBuffer.wrap(new byte[] {0x14, 0, 0, 1, 7, 0x14, 0, 0}));
        QuicProtocolException e = assertThrows(QuicProtocolException.class,
                () -> reassembler.feed(ByteBuffer.wrap(new byte[] {11})));
        assertEquals(TransportError.CRYPTO_BUFFER_EXCEEDED.code(), e.errorCode());
    }

    @Test
    void completeMessagesMayWaitForPollingBeyondTheCap() throws QuicProtocolException {
        HandshakeReassembler reassembler = new HandshakeReassembler(10);
        byte[] message = {0x14, 0, 0, 10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        for (int i = 0; i < 5; i++) {
            reassembler.feed(ByteBuffer.wrap(message));
        }
        assertEquals(70, reassembler.bufferedBytes());
        assertEquals(5, drain(reassembler).size());
    }

    @Test
    void bufferCompactsAfterPolling() throws QuicProtocolException {
        HandshakeReassembler reassembler = new HandshakeReassembler(2000);
        byte[] message = new byte[304];
        message[0] = 0x0f;
        message[2] = 0x01;
        message[3] = 0x2c;
        for (int round = 0; round < 20; round++) {
            reassembler.feed(ByteBuffer.wrap(message, 0, 150));
            reassembler.feed(ByteBuffer.wrap(message, 150, 154));
            assertArrayEquals(message, reassembler.poll().raw());
        }
        assertEquals(0, reassembler.bufferedBytes());
    }
}
