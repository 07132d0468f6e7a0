package dev.jquic.core.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.codec.TransportError;
import dev.jquic.core.codec.WireReader;
import dev.jquic.core.frame.CryptoFrame;
import dev.jquic.core.frame.Frame;
import dev.jquic.core.frame.FrameDecoder;
import dev.jquic.core.types.EncryptionLevel;
import dev.jquic.core.types.PacketType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9000 §7.5, §19.6; RFC 9001 §4.1.3, §4.9: the CRYPTO streams of a connection. */
class CryptoStreamsTest {
    private static final EncryptionLevel INITIAL = EncryptionLevel.INITIAL;
    private static final EncryptionLevel HANDSHAKE = EncryptionLevel.HANDSHAKE;
    private static final EncryptionLevel ONE_RTT = EncryptionLevel.ONE_RTT;

    static byte[] pattern(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }

    /** Encodes {@code frame} into a fresh buffer and decodes it as the peer would. */
    static CryptoFrame encodeAndDecode(CryptoFrame frame, PacketType packetType) throws QuicProtocolException {
        ByteBuffer wire = ByteBuffer.allocate(frame.encodedLength());
        frame.encode(wire);
        assertFalse(wire.hasRemaining(), "encodedLength matches the bytes written");
        wire.flip();
        Frame decoded = FrameDecoder.decode(new WireReader(wire, TransportError.FRAME_ENCODING_ERROR), packetType);
        return (CryptoFrame) decoded;
    }

    static CryptoFrame frame(long offset, byte[] source, int from, int length) {
        return new CryptoFrame(offset, ByteBuffer.wrap(source, from, length));
    }

    static List<CryptoFrame> drain(CryptoStreams streams, EncryptionLevel level, int maxFrameBytes) {
        List<CryptoFrame> frames = new ArrayList<>();
        CryptoFrame frame;
        while ((frame = streams.nextFrame(level, maxFrameBytes)) != null) {
            assertTrue(frame.encodedLength() <= maxFrameBytes, "frame fits " + maxFrameBytes);
            assertTrue(frame.length() > 0);
            frames.add(frame);
        }
        assertFalse(streams.hasDataToSend(level));
        return frames;
    }

    @Test
    void framesCarryQueuedBytesInOrderAndFitTheirSize() throws QuicProtocolException {
        CryptoStreams sender = new CryptoStreams();
        byte[] clientHello = pattern(1500, 1);
        sender.queue(INITIAL, ByteBuffer.wrap(clientHello));
        assertTrue(sender.hasDataToSend(INITIAL));
        assertFalse(sender.hasDataToSend(HANDSHAKE));
        List<CryptoFrame> frames = drain(sender, INITIAL, 600);
        assertEquals(3, frames.size());
        long expectedOffset = 0;
        CryptoStreams receiver = new CryptoStreams();
        for (CryptoFrame frame : frames) {
            assertEquals(expectedOffset, frame.offset());
            expectedOffset += frame.length();
            receiver.receive(INITIAL, encodeAndDecode(frame, PacketType.INITIAL));
        }
        assertEquals(clientHello.length, expectedOffset);
        RecordingTlsSession tls = new RecordingTlsSession();
        assertEquals(clientHello.length, receiver.deliverTo(tls, INITIAL));
        assertArrayEquals(clientHello, tls.received(INITIAL));
    }

    @Test
    void frameUsesAllRoomAvailableAndNoMore() {
        CryptoStreams sender = new CryptoStreams();
        sender.queue(INITIAL, ByteBuffer.wrap(pattern(1000, 2)));
        // Offset 0 (1 byte) + type (1) + length 2 bytes: 100 - 4 = 96 data bytes.
        CryptoFrame first = sender.nextFrame(INITIAL, 100);
        assertEquals(96, first.length());
        assertEquals(100, first.encodedLength());
        // Length below 64 fits one byte: 40 - 1 - 2 (offset 96 needs 2 bytes) - 1 = 36.
        CryptoFrame second = sender.nextFrame(INITIAL, 40);
        assertTrue(second.encodedLength() <= 40);
        assertEquals(36, second.length());
    }

    @Test
    void tooSmallSpaceYieldsNoFrame() {
        CryptoStreams sender = new CryptoStreams();
        sender.queue(HANDSHAKE, ByteBuffer.wrap(pattern(10, 3)));
        assertNull(sender.nextFrame(HANDSHAKE, 3)); // type + offset + length leave no data byte
        assertNull(sender.nextFrame(HANDSHAKE, 0));
        CryptoFrame frame = sender.nextFrame(HANDSHAKE, 4);
        assertNotNull(frame);
        assertEquals(1, frame.length());
        assertEquals(4, frame.encodedLength());
    }

    @Test
    void queueConsumesTheWholeSourceAndLevelsAreIndependent() {
        CryptoStreams sender = new CryptoStreams();
        ByteBuffer source = ByteBuffer.wrap(pattern(100, 4));
        sender.queue(HANDSHAKE, source);
        assertFalse(source.hasRemaining());
        assertEquals(100, sender.unackedBytes(HANDSHAKE));
        assertEquals(0, sender.unackedBytes(INITIAL));
        assertNull(sender.nextFrame(INITIAL, 1200));
        assertNull(sender.nextFrame(ONE_RTT, 1200));
        assertEquals(0, sender.nextFrame(HANDSHAKE, 1200).offset());
    }

    @Test
    void lostRangesAreResentBeforeNewDataAndOnlyThose() {
        CryptoStreams sender = new CryptoStreams();
        byte[] data = pattern(1000, 5);
        sender.queue(HANDSHAKE, ByteBuffer.wrap(data, 0, 600));
        List<CryptoFrame> sent = drain(sender, HANDSHAKE, 204); // about 200 data bytes each
        assertEquals(4, sent.size());
        sender.queue(HANDSHAKE, ByteBuffer.wrap(data, 600, 400));
        sender.onFrameAcked(HANDSHAKE, sent.get(0));
        sender.onFrameLost(HANDSHAKE, sent.get(1));
        sender.onFrameAcked(HANDSHAKE, sent.get(2));
        sender.onFrameAcked(HANDSHAKE, sent.get(3));

        CryptoFrame lost = sent.get(1);
        CryptoFrame resent = sender.nextFrame(HANDSHAKE, 1200);
        assertEquals(lost.offset(), resent.offset());
        assertEquals(lost.length(), resent.length());
        int lostStart = (int) lost.offset();
        assertArrayEquals(java.util.Arrays.copyOfRange(data, lostStart, lostStart + lost.length()), bytes(resent));
        CryptoFrame fresh = sender.nextFrame(HANDSHAKE, 1200);
        assertEquals(600, fresh.offset(), "after the lost range, new data; acked ranges are not resent");
        assertEquals(400, fresh.length());
        assertNull(sender.nextFrame(HANDSHAKE, 1200));
    }

    @Test
    void lossOfAPartlyAcknowledgedRangeResendsOnlyTheUnacknowledgedPart() {
        CryptoStreams sender = new CryptoStreams();
        sender.queue(INITIAL, ByteBuffer.wrap(pattern(300, 6)));
        CryptoFrame whole = sender.nextFrame(INITIAL, 1200);
        assertEquals(300, whole.length());
        sender.onAcked(INITIAL, 100, 100); // a retransmission of the middle was acknowledged
        sender.onFrameLost(INITIAL, whole);
        CryptoFrame first = sender.nextFrame(INITIAL, 1200);
        CryptoFrame second = sender.nextFrame(INITIAL, 1200);
        assertEquals(0, first.offset());
        assertEquals(100, first.length());
        assertEquals(200, second.offset());
        assertEquals(100, second.length());
        assertNull(sender.nextFrame(INITIAL, 1200));
    }

    @Test
    void acknowledgementsFreeTheBuffer() {
        CryptoStreams sender = new CryptoStreams();
        sender.queue(INITIAL, ByteBuffer.wrap(pattern(500, 7)));
        List<CryptoFrame> sent = drain(sender, INITIAL, 254);
        assertTrue(sent.size() >= 2);
        assertEquals(500, sender.unackedBytes(INITIAL));
        for (int i = 1; i < sent.size(); i++) {
            sender.onFrameAcked(INITIAL, sent.get(i));
        }
        assertEquals(500, sender.unackedBytes(INITIAL), "a hole at the front keeps everything");
        sender.onFrameAcked(INITIAL, sent.get(0));
        assertEquals(0, sender.unackedBytes(INITIAL));
        sender.onFrameLost(INITIAL, sent.get(0)); // late loss report of acknowledged data
        assertFalse(sender.hasDataToSend(INITIAL));
    }

    @Test
    void outOfOrderDuplicateAndOverlappingFramesReassemble() throws QuicProtocolException {
        byte[] data = pattern(1000, 8);
        CryptoStreams receiver = new CryptoStreams();
        assertEquals(0, receiver.receive(HANDSHAKE, frame(500, data, 500, 300)));
        assertEquals(0, receiver.receive(HANDSHAKE, frame(400, data, 400, 200))); // overlap
        assertEquals(0, receiver.receive(HANDSHAKE, frame(500, data, 500, 300))); // duplicate
        assertEquals(800, receiver.receive(HANDSHAKE, frame(0, data, 0, 450)));
        assertEquals(800, receiver.readableBytes(HANDSHAKE));
        assertEquals(200, receiver.receive(HANDSHAKE, frame(700, data, 700, 300)));
        assertEquals(0, receiver.receive(HANDSHAKE, frame(0, data, 0, 1000)));

        ByteBuffer out = ByteBuffer.allocate(2000);
        assertEquals(1000, receiver.readInto(HANDSHAKE, out));
        assertArrayEquals(data, java.util.Arrays.copyOf(out.array(), out.position()));
        assertEquals(1000, receiver.deliveredOffset(HANDSHAKE));
        assertEquals(0, receiver.receive(HANDSHAKE, frame(100, data, 100, 50)), "already delivered: dropped");
        assertEquals(0, receiver.readInto(HANDSHAKE, out));
    }

    @Test
    void deliveryIsHeldBackForLevelsTheTlsDoesNotReadYet() throws QuicProtocolException {
        byte[] serverHello = pattern(90, 9);
        byte[] encryptedExtensions = pattern(2000, 10);
        CryptoStreams receiver = new CryptoStreams();
        // The Handshake packet overtakes the Initial one.
        receiver.receive(HANDSHAKE, frame(0, encryptedExtensions, 0, encryptedExtensions.length));
        RecordingTlsSession tls = new RecordingTlsSession();
        assertEquals(0, receiver.deliverTo(tls, INITIAL));
        assertTrue(tls.callLevels().isEmpty(), "nothing passed early");
        assertEquals(encryptedExtensions.length, receiver.readableBytes(HANDSHAKE));

        receiver.receive(INITIAL, frame(0, serverHello, 0, serverHello.length));
        assertEquals(serverHello.length, receiver.deliverTo(tls, INITIAL));
        assertArrayEquals(serverHello, tls.received(INITIAL));
        assertEquals(0, tls.received(HANDSHAKE).length);

        tls.setReadLevel(HANDSHAKE); // the TLS installed the handshake keys
        assertEquals(encryptedExtensions.length, receiver.deliverTo(tls, HANDSHAKE));
        assertArrayEquals(encryptedExtensions, tls.received(HANDSHAKE));
        assertTrue(tls.callLevels().stream().allMatch(level -> level != ONE_RTT));
        assertEquals(0, receiver.deliverTo(tls, HANDSHAKE));
    }

    @Test
    void dataAtAnEarlierLevelIsStillPassedSoTheTlsCanRejectIt() throws QuicProtocolException {
        CryptoStreams receiver = new CryptoStreams();
        RecordingTlsSession tls = new RecordingTlsSession();
        tls.setReadLevel(HANDSHAKE);
        receiver.receive(INITIAL, frame(0, pattern(10, 11), 0, 10));
        QuicProtocolException error = assertThrows(QuicProtocolException.class,
                () -> receiver.deliverTo(tls, HANDSHAKE));
        assertEquals(TransportError.cryptoError(10), error.errorCode());
    }

    @Test
    void bufferCapRaisesCryptoBufferExceeded() throws QuicProtocolException {
        CryptoBufferLimits limits = new CryptoBufferLimits(4096, 8192, 4096, 8);
        CryptoStreams receiver = new CryptoStreams(limits);
        byte[] data = pattern(10000, 12);
        // Exactly at the cap is accepted (RFC 9000 §7.5: at least 4096 bytes MUST be buffered).
        assertEquals(0, receiver.receive(INITIAL, frame(1, data, 1, 4095)));
        QuicProtocolException error = assertThrows(QuicProtocolException.class,
                () -> receiver.receive(INITIAL, frame(4000, data, 4000, 97)));
        assertEquals(TransportError.CRYPTO_BUFFER_EXCEEDED.code(), error.errorCode());
        // Far beyond the cap with a tiny frame is rejected too.
        error = assertThrows(QuicProtocolException.class,
                () -> receiver.receive(HANDSHAKE, frame(1_000_000, data, 0, 1)));
        assertEquals(TransportError.CRYPTO_BUFFER_EXCEEDED.code(), error.errorCode());
        assertEquals(0, receiver.receive(HANDSHAKE, frame(8191, data, 0, 1)));
        // An empty frame buffers nothing, wherever it points.
        assertEquals(0, receiver.receive(HANDSHAKE, frame(1_000_000, data, 0, 0)));
    }

    @Test
    void capSlidesAsBytesAreDeliveredButHeldBackBytesCount() throws QuicProtocolException {
        CryptoBufferLimits limits = new CryptoBufferLimits(4096, 4096, 4096, 8);
        CryptoStreams receiver = new CryptoStreams(limits);
        byte[] data = pattern(12000, 13);
        RecordingTlsSession tls = new RecordingTlsSession();
        receiver.receive(INITIAL, frame(0, data, 0, 4096));
        // Contiguous but not delivered yet: still buffered, so the cap still applies.
        assertThrows(QuicProtocolException.class, () -> receiver.receive(INITIAL, frame(4096, data, 4096, 1)));
        assertEquals(4096, receiver.deliverTo(tls, INITIAL));
        assertEquals(4096, receiver.receive(INITIAL, frame(4096, data, 4096, 4096)));
        assertEquals(4096, receiver.deliverTo(tls, INITIAL));
        assertEquals(0, receiver.receive(INITIAL, frame(9000, data, 9000, 3000)));
        assertEquals(808 + 3000, receiver.receive(INITIAL, frame(8192, data, 8192, 808)));
        assertEquals(3808, receiver.deliverTo(tls, INITIAL));
        assertArrayEquals(data, tls.received(INITIAL));
    }

    @Test
    void postHandshakeFloodIsBounded() throws QuicProtocolException {
        CryptoStreams receiver = new CryptoStreams(); // default 1-RTT cap is 16 KiB
        RecordingTlsSession tls = new RecordingTlsSession();
        tls.setReadLevel(ONE_RTT);
        byte[] ticket = pattern(1000, 14);
        long offset = 0;
        // Tickets the TLS consumes keep flowing...
        for (int i = 0; i < 100; i++) {
            receiver.receive(ONE_RTT, frame(offset, ticket, 0, ticket.length));
            offset += ticket.length;
            receiver.deliverTo(tls, ONE_RTT);
        }
        assertEquals(100_000, tls.received(ONE_RTT).length);
        // ...but a peer leaving a hole and sending beyond the cap is stopped.
        long hole = offset + 1;
        for (int i = 0; i < 16; i++) {
            receiver.receive(ONE_RTT, frame(hole + i * 1000L, ticket, 0, ticket.length));
        }
        long start = hole + 16_000; // would end 17001 bytes past the delivered offset
        QuicProtocolException error = assertThrows(QuicProtocolException.class,
                () -> receiver.receive(ONE_RTT, frame(start, ticket, 0, ticket.length)));
        assertEquals(TransportError.CRYPTO_BUFFER_EXCEEDED.code(), error.errorCode());
        assertEquals(16 * 1024, CryptoBufferLimits.DEFAULT.oneRttBufferBytes());
    }

    @Test
    void fragmentationBeyondTheRangeCapIsAnError() throws QuicProtocolException {
        CryptoStreams receiver = new CryptoStreams(new CryptoBufferLimits(4096, 4096, 4096, 4));
        byte[] data = pattern(100, 15);
        for (int i = 0; i < 4; i++) {
            receiver.receive(INITIAL, frame(1 + i * 10L, data, 0, 1));
        }
        QuicProtocolException error = assertThrows(QuicProtocolException.class,
                () -> receiver.receive(INITIAL, frame(90, data, 0, 1)));
        assertEquals(TransportError.PROTOCOL_VIOLATION.code(), error.errorCode());
    }

    @Test
    void discardDropsDataAndIgnoresLaterFrames() throws QuicProtocolException {
        CryptoStreams streams = new CryptoStreams();
        byte[] data = pattern(3000, 16);
        streams.queue(INITIAL, ByteBuffer.wrap(data, 0, 500));
        CryptoFrame sent = streams.nextFrame(INITIAL, 300);
        streams.receive(INITIAL, frame(0, data, 0, 100));
        streams.receive(INITIAL, frame(200, data, 200, 100));

        streams.discard(INITIAL);
        assertTrue(streams.isDiscarded(INITIAL));
        assertFalse(streams.isDiscarded(HANDSHAKE));
        assertFalse(streams.hasDataToSend(INITIAL));
        assertNull(streams.nextFrame(INITIAL, 1200));
        assertEquals(0, streams.unackedBytes(INITIAL));
        assertEquals(0, streams.readableBytes(INITIAL));
        streams.onFrameLost(INITIAL, sent); // no effect
        streams.onFrameAcked(INITIAL, sent);
        assertFalse(streams.hasDataToSend(INITIAL));
        // Later frames are ignored, even ones far beyond the cap (RFC 9001 §4.9).
        assertEquals(0, streams.receive(INITIAL, frame(100, data, 100, 100)));
        assertEquals(0, streams.receive(INITIAL, frame(1_000_000, data, 0, 3000)));
        RecordingTlsSession tls = new RecordingTlsSession();
        tls.setReadLevel(HANDSHAKE);
        assertEquals(0, streams.deliverTo(tls, HANDSHAKE));
        assertTrue(tls.callLevels().isEmpty());
        assertEquals(0, streams.readInto(INITIAL, ByteBuffer.allocate(100)));
        assertThrows(IllegalStateException.class, () -> streams.queue(INITIAL, ByteBuffer.allocate(1)));
        // The other levels go on.
        streams.queue(HANDSHAKE, ByteBuffer.wrap(data, 0, 10));
        assertTrue(streams.hasDataToSend(HANDSHAKE));
    }

    @Test
    void zeroRttCarriesNoCrypto() {
        CryptoStreams streams = new CryptoStreams();
        QuicProtocolException error = assertThrows(QuicProtocolException.class,
                () -> streams.receive(EncryptionLevel.ZERO_RTT, frame(0, new byte[1], 0, 1)));
        assertEquals(TransportError.PROTOCOL_VIOLATION.code(), error.errorCode());
        assertThrows(IllegalArgumentException.class,
                () -> streams.queue(EncryptionLevel.ZERO_RTT, ByteBuffer.allocate(1)));
        assertThrows(IllegalArgumentException.class,
                () -> streams.nextFrame(EncryptionLevel.ZERO_RTT, 100));
        assertThrows(IllegalArgumentException.class,
                () -> streams.deliverTo(new RecordingTlsSession(), EncryptionLevel.ZERO_RTT));
    }

    @Test
    void limitsBelowTheRfcMinimumAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CryptoBufferLimits(4095, 4096, 4096, 1));
        assertThrows(IllegalArgumentException.class, () -> new CryptoBufferLimits(4096, 4095, 4096, 1));
        assertThrows(IllegalArgumentException.class, () -> new CryptoBufferLimits(4096, 4096, 4095, 1));
        assertThrows(IllegalArgumentException.class, () -> new CryptoBufferLimits(4096, 4096, 4096, 0));
    }

    static byte[] bytes(CryptoFrame frame) {
        ByteBuffer view = frame.data().duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }
}
