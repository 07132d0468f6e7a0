package dev.jquic.core.stream;

import java.nio.ByteBuffer;

/**
 * Bytes of one stream addressed by absolute stream offset, held in fixed-size pages so that
 * data can be freed from the front and handed out as slices without copying. Pages are allocated
 * when first written and dropped (kept for reuse, up to a few) once everything below an offset
 * is released. Pages between written ones may be missing; reads must only touch written bytes.
 * The first page starts small and grows (by copying) while the buffer holds less than a page, so
 * that short streams do not pay for a full page.
 *
 * <p>Not thread-safe: confined to the connection's owner thread.
 */
final class PagedBytes {
    private static final int SPARE_PAGES = 2;
    /**
     * The first page of a buffer starts this small and doubles as writes need, up to the page
     * size: a request or reply of 64 bytes on a stream of its own (the W3 workload) allocated and
     * zeroed a 16 KiB page on each side and direction, which put {@code write} first in both
     * peers' JFR execution samples (issue 7).
     */
    private static final int FIRST_PAGE_START = 128;

    private final int pageSize;
    /** Circular array of pages; slot (head + i) % length covers [baseOffset + i*pageSize, ...). */
    private byte[][] pages = new byte[4][];
    private int head;
    /** Number of page slots in use (some may be null). */
    private int slots;
    /** Offset of the first byte of page slot 0; a multiple of pageSize. */
    private long baseOffset;
    private final byte[][] spare = new byte[SPARE_PAGES][];
    private int spareCount;

    PagedBytes(int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be positive: " + pageSize);
        }
        this.pageSize = pageSize;
    }

    int pageSize() {
        return pageSize;
    }

    /** Copies all of {@code source}'s remaining bytes to {@code offset}; the source's position advances. */
    void write(long offset, ByteBuffer source) {
        if (offset < baseOffset) {
            throw new IllegalArgumentException("write below released offset: " + offset + " < " + baseOffset);
        }
        while (source.hasRemaining()) {
            long slot = (offset - baseOffset) / pageSize;
            int within = (int) ((offset - baseOffset) % pageSize);
            int length = Math.min(pageSize - within, source.remaining());
            byte[] page = pageForWrite(slot, within + length);
            source.get(page, within, length);
            offset += length;
        }
    }

    /**
     * A read-only view whose remaining bytes are up to {@code maxLength} bytes at {@code offset},
     * stopping at the end of its page; the bytes must have been written.
     */
    ByteBuffer slice(long offset, int maxLength) {
        long slot = (offset - baseOffset) / pageSize;
        int within = (int) ((offset - baseOffset) % pageSize);
        byte[] page = existingPage(slot);
        int length = Math.min(page.length - within, maxLength);
        // The view's remaining bytes are the data (its position is not 0): no slice(), one object
        // less per STREAM frame sent (ConnectionTransferBenchmark).
        return ByteBuffer.wrap(page, within, length).asReadOnlyBuffer();
    }

    /** Copies {@code length} written bytes at {@code offset} into {@code destination}. */
    void read(long offset, ByteBuffer destination, int length) {
        while (length > 0) {
            long slot = (offset - baseOffset) / pageSize;
            int within = (int) ((offset - baseOffset) % pageSize);
            byte[] page = existingPage(slot);
            int chunk = Math.min(pageSize - within, length);
            destination.put(page, within, chunk);
            offset += chunk;
            length -= chunk;
        }
    }

    /** Frees every page that lies wholly below {@code offset}. */
    void releaseBelow(long offset) {
        while (slots > 0 && baseOffset + pageSize <= offset) {
            byte[] page = pages[head];
            pages[head] = null;
            if (page != null && page.length == pageSize && spareCount < SPARE_PAGES) {
                spare[spareCount++] = page;
            }
            head = (head + 1) % pages.length;
            slots--;
            baseOffset += pageSize;
        }
        if (slots == 0 && offset > baseOffset) {
            baseOffset = offset - offset % pageSize;
        }
    }

    /** Frees everything; later writes must be at or above {@code offset}. */
    void releaseAll(long offset) {
        releaseBelow(Long.MAX_VALUE - pageSize);
        baseOffset = offset - offset % pageSize;
    }

    /**
     * Frees everything, the spare pages kept for reuse too: for a buffer that stays empty for a
     * long time (an idle connection's CRYPTO stream). Later writes must be at or above
     * {@code offset}; they allocate pages again.
     */
    void freeAll(long offset) {
        releaseAll(offset);
        java.util.Arrays.fill(spare, null);
        spareCount = 0;
    }

    /** Pages held for reuse after being released (for tests and memory accounting). */
    int sparePages() {
        return spareCount;
    }

    /** Bytes held by the allocated pages, spares not counted (for tests and memory accounting). */
    long allocatedBytes() {
        long bytes = 0;
        for (int i = 0; i < slots; i++) {
            byte[] page = pages[(head + i) % pages.length];
            bytes += page == null ? 0 : page.length;
        }
        return bytes;
    }

    /** Number of pages currently allocated (for tests and memory accounting). */
    int allocatedPages() {
        int allocated = 0;
        for (int i = 0; i < slots; i++) {
            if (pages[(head + i) % pages.length] != null) {
                allocated++;
            }
        }
        return allocated;
    }

    /** The page of {@code slot}, allocated or grown so that it holds its first {@code end} bytes. */
    private byte[] pageForWrite(long slot, int end) {
        if (slot >= slots) {
            ensureSlots((int) slot + 1);
        }
        int index = (int) ((head + slot) % pages.length);
        byte[] page = pages[index];
        if (page == null) {
            if (spareCount > 0) {
                page = spare[--spareCount];
                spare[spareCount] = null;
            } else if (baseOffset == 0 && slot == 0) {
                page = new byte[firstPageLength(0, end)];
            } else {
                page = new byte[pageSize];
            }
            pages[index] = page;
        } else if (page.length < end) {
            // A copy, not a change in place: views handed out by slice() keep the old array,
            // whose bytes stay valid.
            page = java.util.Arrays.copyOf(page, firstPageLength(page.length, end));
            pages[index] = page;
        }
        return page;
    }

    /** The length a small first page of {@code current} bytes grows to so that it holds {@code end}. */
    private int firstPageLength(int current, int end) {
        long length = Math.max(FIRST_PAGE_START, 2L * current);
        while (length < end) {
            length *= 2;
        }
        return (int) Math.min(length, pageSize);
    }

    private byte[] existingPage(long slot) {
        if (slot < 0 || slot >= slots) {
            throw new IllegalStateException("page slot " + slot + " not written");
        }
        byte[] page = pages[(int) ((head + slot) % pages.length)];
        if (page == null) {
            throw new IllegalStateException("page slot " + slot + " not written");
        }
        return page;
    }

    private void ensureSlots(int needed) {
        if (needed > pages.length) {
            int capacity = pages.length;
            while (capacity < needed) {
                capacity *= 2;
            }
            byte[][] larger = new byte[capacity][];
            for (int i = 0; i < slots; i++) {
                larger[i] = pages[(head + i) % pages.length];
            }
            pages = larger;
            head = 0;
        }
        slots = needed;
    }
}
