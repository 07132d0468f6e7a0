package dev.jquic.core.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jquic.core.codec.QuicProtocolException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@code releaseMemoryIfEmpty}: a send buffer or receive assembler that holds no byte gives back
 * its pages, the spare ones too (an idle connection's CRYPTO streams keep none), and goes on
 * working at the right offsets; while bytes are held it keeps them.
 */
class IdleBufferMemoryTest {

    @Test
    void aSendBufferKeepsItsPagesWhileBytesAreUnacknowledgedAndFreesThemWhenEmpty() {
        SendBuffer buffer = new SendBuffer(1 << 20, 16, 64);
        byte[] data = SendBufferTest.pattern(150);
        buffer.write(ByteBuffer.wrap(data));
        StreamChunk first = buffer.nextChunk(64, Long.MAX_VALUE);
        StreamChunk second = buffer.nextChunk(64, Long.MAX_VALUE);
        StreamChunk third = buffer.nextChunk(64, Long.MAX_VALUE);
        assertEquals(3, buffer.heldPages());
        buffer.onAcked(first.offset(), first.length(), false);
        buffer.releaseMemoryIfEmpty();
        assertEquals(2 + 1, buffer.heldPages(), "two pages in use, one spare: nothing freed while bytes are held");
        buffer.onAcked(third.offset(), third.length(), false);
        buffer.onAcked(second.offset(), second.length(), false);
        assertEquals(1 + 2, buffer.heldPages(), "empty: the partly used page and two spares stay for reuse");
        buffer.releaseMemoryIfEmpty();
        assertEquals(0, buffer.heldPages());

        byte[] more = SendBufferTest.pattern(30);
        buffer.write(ByteBuffer.wrap(more));
        StreamChunk next = buffer.nextChunk(100, Long.MAX_VALUE);
        assertEquals(150, next.offset());
        assertArrayEquals(more, SendBufferTest.bytesOf(next));
        assertEquals(1, buffer.heldPages());
    }

    @Test
    void aStreamThatCarriedLessThanOnePageKeepsNoneOnceEmpty() throws QuicProtocolException {
        SendBuffer sender = new SendBuffer(1 << 20, 16, 1024);
        byte[] request = SendBufferTest.pattern(64);
        sender.write(ByteBuffer.wrap(request));
        StreamChunk chunk = sender.nextChunk(1200, Long.MAX_VALUE);
        assertEquals(1, sender.heldPages());
        sender.onAcked(chunk.offset(), chunk.length(), false);
        assertEquals(0, sender.heldPages(), "64 bytes acknowledged on an open stream: no 1 KiB page kept");
        sender.write(ByteBuffer.wrap(request));
        assertEquals(64, sender.nextChunk(1200, Long.MAX_VALUE).offset());

        ReceiveAssembler receiver = new ReceiveAssembler(new ReceiveWindow(1 << 20, 1 << 20), 8, 1024);
        receiver.receive(0, ByteBuffer.wrap(request), false);
        assertEquals(1, receiver.heldPages());
        assertEquals(64, receiver.read(ByteBuffer.allocate(100)));
        assertEquals(0, receiver.heldPages(), "64 bytes read on an open stream: no 1 KiB page kept");

        // Beyond one page a streaming transfer keeps its pages for reuse (no allocation per read).
        byte[] bulk = SendBufferTest.pattern(3000);
        receiver.receive(64, ByteBuffer.wrap(bulk), false);
        ByteBuffer sink = ByteBuffer.allocate(3000);
        assertEquals(3000, receiver.read(sink));
        assertTrue(receiver.heldPages() > 0);
        assertArrayEquals(bulk, sink.array());
    }

    @Test
    void aReceiveAssemblerKeepsOutOfOrderBytesAndFreesItsPagesOnceAllIsRead() throws QuicProtocolException {
        ReceiveAssembler assembler = new ReceiveAssembler(new ReceiveWindow(1000, 1000), 8, 16);
        byte[] data = SendBufferTest.pattern(100);
        assembler.receive(0, ByteBuffer.wrap(data, 0, 40), false);
        assembler.receive(60, ByteBuffer.wrap(data, 60, 40), false);
        ByteBuffer read = ByteBuffer.allocate(100);
        assertEquals(40, assembler.read(read));
        int held = assembler.heldPages();
        assertEquals(5 + 2, held, "pages from offset 32 to 112 in use (bytes 32..40 read), two spare");
        assembler.releaseMemoryIfEmpty();
        assertEquals(held, assembler.heldPages(), "bytes 60..100 are held out of order: nothing freed");

        assembler.receive(40, ByteBuffer.wrap(data, 40, 20), false);
        assertEquals(60, assembler.read(read));
        assembler.releaseMemoryIfEmpty();
        assertEquals(0, assembler.heldPages());
        assertArrayEquals(data, Arrays.copyOf(read.array(), read.position()));

        assembler.receive(100, ByteBuffer.wrap(data, 0, 10), false);
        ByteBuffer later = ByteBuffer.allocate(10);
        assertEquals(10, assembler.read(later));
        assertArrayEquals(Arrays.copyOf(data, 10), later.array());
    }
}
