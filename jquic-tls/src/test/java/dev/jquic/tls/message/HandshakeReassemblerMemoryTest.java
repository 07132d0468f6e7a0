package dev.jquic.tls.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The reassembler allocates its buffer when bytes arrive and gives it back once empty, so that
 * the levels a finished handshake has left, and an idle 1-RTT level, keep none (issue 7).
 */
class HandshakeReassemblerMemoryTest {

    @Test
    void noBufferBeforeBytesNoneAfterReleaseAndKeptWhileAPartialMessageWaits() throws QuicProtocolException {
        byte[] hello = RfcVectorTest.rfc9001ClientHello();
        HandshakeReassembler reassembler = new HandshakeReassembler();
        assertEquals(0, reassembler.capacity());

        reassembler.feed(ByteBuffer.wrap(hello, 0, 100));
        assertTrue(reassembler.capacity() >= 100);
        reassembler.releaseMemoryIfEmpty();
        assertEquals(100, reassembler.bufferedBytes(), "a partial message is kept");
        assertTrue(reassembler.capacity() >= 100);

        reassembler.feed(ByteBuffer.wrap(hello, 100, hello.length - 100));
        assertArrayEquals(hello, reassembler.poll().raw());
        reassembler.releaseMemoryIfEmpty();
        assertEquals(0, reassembler.capacity());
        assertNull(reassembler.poll());

        reassembler.feed(ByteBuffer.wrap(hello));
        assertArrayEquals(hello, reassembler.poll().raw());
    }
}
