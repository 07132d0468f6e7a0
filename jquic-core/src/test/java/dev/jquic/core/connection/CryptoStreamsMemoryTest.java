package dev.jquic.core.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import dev.jquic.core.frame.CryptoFrame;
import dev.jquic.core.types.EncryptionLevel;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The memory an idle connection's CRYPTO streams keep (issue 7: an idle connection holds at most
 * 32 KiB): none for a discarded level (RFC 9001 §4.9), no page for an idle 1-RTT level, no
 * delivery scratch once the handshake level is gone.
 */
class CryptoStreamsMemoryTest {
    private static final EncryptionLevel INITIAL = EncryptionLevel.INITIAL;
    private static final EncryptionLevel HANDSHAKE = EncryptionLevel.HANDSHAKE;
    private static final EncryptionLevel ONE_RTT = EncryptionLevel.ONE_RTT;

    @Test
    void aDiscardedLevelKeepsNoBufferAndRemembersItsDeliveredOffset() throws QuicProtocolException {
        CryptoStreams streams = new CryptoStreams();
        byte[] data = CryptoStreamsTest.pattern(3000, 3);
        streams.queue(INITIAL, ByteBuffer.wrap(data, 0, 1500));
        assertNotNull(streams.nextFrame(INITIAL, 1200));
        streams.receive(INITIAL, CryptoStreamsTest.frame(0, data, 0, 700));
        streams.receive(INITIAL, CryptoStreamsTest.frame(900, data, 900, 100)); // a gap: held out of order
        assertEquals(700, streams.readInto(INITIAL, ByteBuffer.allocate(1000)));
        assertTrue(streams.heldPages(INITIAL) > 0);

        streams.discard(INITIAL);
        assertFalse(streams.holdsBuffers(INITIAL));
        assertEquals(0, streams.heldPages(INITIAL));
        assertEquals(700, streams.deliveredOffset(INITIAL));
        assertTrue(streams.holdsBuffers(HANDSHAKE));
    }

    @Test
    void theOneRttLevelFreesItsPagesOnceEverythingSentIsAcknowledgedAndWorksOnAfterwards() {
        CryptoStreams streams = new CryptoStreams();
        byte[] ticket = CryptoStreamsTest.pattern(250, 5);
        streams.queue(ONE_RTT, ByteBuffer.wrap(ticket));
        CryptoFrame first = streams.nextFrame(ONE_RTT, 1200);
        assertNotNull(first);
        assertEquals(1, streams.heldPages(ONE_RTT));
        streams.onFrameAcked(ONE_RTT, first);
        assertEquals(0, streams.heldPages(ONE_RTT), "acknowledged: the partly used page is gone");
        assertEquals(0, streams.unackedBytes(ONE_RTT));

        // A later ticket continues the stream at the right offset.
        byte[] second = CryptoStreamsTest.pattern(100, 6);
        streams.queue(ONE_RTT, ByteBuffer.wrap(second));
        CryptoFrame next = streams.nextFrame(ONE_RTT, 1200);
        assertEquals(250, next.offset());
        byte[] carried = new byte[next.length()];
        next.data().duplicate().get(carried);
        assertArrayEquals(second, carried);
        streams.onFrameAcked(ONE_RTT, next);
        assertEquals(0, streams.heldPages(ONE_RTT));
    }

    @Test
    void theOneRttLevelKeepsItsPageWhileBytesAreUnacknowledged() {
        CryptoStreams streams = new CryptoStreams();
        byte[] tickets = CryptoStreamsTest.pattern(400, 7);
        streams.queue(ONE_RTT, ByteBuffer.wrap(tickets));
        CryptoFrame first = streams.nextFrame(ONE_RTT, 200);
        CryptoFrame second = streams.nextFrame(ONE_RTT, 1200);
        streams.onFrameAcked(ONE_RTT, second); // out of order: the first is still in flight
        assertEquals(1, streams.heldPages(ONE_RTT));
        streams.onFrameLost(ONE_RTT, first);
        CryptoFrame resent = streams.nextFrame(ONE_RTT, 1200);
        assertEquals(0, resent.offset());
        byte[] carried = new byte[resent.length()];
        resent.data().duplicate().get(carried);
        assertArrayEquals(java.util.Arrays.copyOf(tickets, carried.length), carried);
        streams.onFrameAcked(ONE_RTT, resent);
        assertEquals(0, streams.heldPages(ONE_RTT));
    }

    @Test
    void receivedOneRttBytesFreeTheirPageOnceDeliveredAndTheScratchGoesAfterTheHandshake()
            throws QuicProtocolException {
        CryptoStreams streams = new CryptoStreams();
        RecordingTlsSession tls = new RecordingTlsSession();
        byte[] data = CryptoStreamsTest.pattern(600, 9);
        streams.receive(INITIAL, CryptoStreamsTest.frame(0, data, 0, 100));
        streams.deliverTo(tls, INITIAL);
        assertTrue(streams.holdsDeliveryScratch(), "kept while the handshake runs");

        streams.discard(INITIAL);
        streams.discard(HANDSHAKE);
        assertFalse(streams.holdsDeliveryScratch());
        tls.setReadLevel(ONE_RTT);
        streams.receive(ONE_RTT, CryptoStreamsTest.frame(300, data, 300, 300)); // out of order
        streams.deliverTo(tls, ONE_RTT);
        assertEquals(1, streams.heldPages(ONE_RTT), "a gap: the page is kept");
        streams.receive(ONE_RTT, CryptoStreamsTest.frame(0, data, 0, 300));
        assertEquals(600, streams.deliverTo(tls, ONE_RTT));
        assertArrayEquals(data, tls.received(ONE_RTT));
        assertEquals(0, streams.heldPages(ONE_RTT));
        assertFalse(streams.holdsDeliveryScratch());
        // And more bytes later still arrive in order.
        byte[] more = CryptoStreamsTest.pattern(50, 10);
        streams.receive(ONE_RTT, CryptoStreamsTest.frame(600, more, 0, 50));
        assertEquals(50, streams.deliverTo(tls, ONE_RTT));
        assertNull(streams.nextFrame(ONE_RTT, 1200));
    }
}
