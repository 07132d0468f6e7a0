package dev.jquic.core.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The paged store under stream send and receive buffers: a short stream allocates a small first
 * page, not a full one, and the first page's growth keeps every byte (and every view handed out
 * before it grew) intact.
 */
class PagedBytesTest {

    @Test
    void aShortStreamHoldsASmallFirstPageThatGrowsToTheFullSize() {
        PagedBytes bytes = new PagedBytes(16 * 1024);
        bytes.write(0, ByteBuffer.wrap(SendBufferTest.pattern(64)));
        assertEquals(128, bytes.allocatedBytes(), "a 64-byte request: a 128-byte page, not 16 KiB");
        bytes.write(64, ByteBuffer.wrap(SendBufferTest.pattern(1000)));
        assertEquals(2048, bytes.allocatedBytes());
        bytes.write(1064, ByteBuffer.wrap(SendBufferTest.pattern(20_000)));
        assertEquals(2 * 16 * 1024, bytes.allocatedBytes(), "full pages once the data passes one page");
        ByteBuffer all = ByteBuffer.allocate(21_064);
        bytes.read(0, all, 21_064);
        all.flip();
        byte[] expected = new byte[21_064];
        System.arraycopy(SendBufferTest.pattern(64), 0, expected, 0, 64);
        System.arraycopy(SendBufferTest.pattern(1000), 0, expected, 64, 1000);
        System.arraycopy(SendBufferTest.pattern(20_000), 0, expected, 1064, 20_000);
        assertArrayEquals(expected, bytesOf(all));
    }

    @Test
    void onlyFullPagesAreKeptAsSpares() {
        PagedBytes bytes = new PagedBytes(1024);
        bytes.write(0, ByteBuffer.wrap(SendBufferTest.pattern(100)));
        bytes.releaseAll(100);
        assertEquals(0, bytes.sparePages(), "a small first page is not worth keeping");
        bytes.write(1024, ByteBuffer.wrap(SendBufferTest.pattern(1024)));
        bytes.releaseAll(2048);
        assertEquals(1, bytes.sparePages());
    }

    @Property(tries = 300)
    void piecesInAnyOrderReadBackExactlyAndEarlierViewsStayValid(
            @ForAll @Size(max = 5000) byte[] stream,
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 2048) int pageSize) {
        Random random = new Random(seed);
        List<int[]> pieces = new ArrayList<>();
        for (int offset = 0; offset < stream.length; ) {
            int length = Math.min(stream.length - offset, 1 + random.nextInt(700));
            pieces.add(new int[] {offset, length});
            offset += length;
        }
        Collections.shuffle(pieces, random);
        PagedBytes bytes = new PagedBytes(pageSize);
        List<int[]> viewed = new ArrayList<>();
        List<ByteBuffer> views = new ArrayList<>();
        for (int[] piece : pieces) {
            bytes.write(piece[0], ByteBuffer.wrap(stream, piece[0], piece[1]));
            // A view of what was just written, taken before later writes grow the page.
            ByteBuffer view = bytes.slice(piece[0], piece[1]);
            viewed.add(new int[] {piece[0], view.remaining()});
            views.add(view);
        }
        for (int i = 0; i < views.size(); i++) {
            byte[] expected = java.util.Arrays.copyOfRange(stream, viewed.get(i)[0], viewed.get(i)[0] + viewed.get(i)[1]);
            assertArrayEquals(expected, bytesOf(views.get(i)), "view at " + viewed.get(i)[0]);
        }
        ByteBuffer all = ByteBuffer.allocate(stream.length);
        bytes.read(0, all, stream.length);
        all.flip();
        assertArrayEquals(stream, bytesOf(all));
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
