package dev.jquic.core.types;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A set of non-negative {@code long} values held as disjoint, non-adjacent half-open ranges
 * {@code [start, end)} in ascending order, e.g. received packet numbers for ACK frames
 * (RFC 9000 §13.2, §19.3) or received/acknowledged stream offsets (RFC 9000 §2.2).
 *
 * <p>The ranges live in one sorted {@code long[]} of (start, end) pairs. Adding at or above the
 * highest value, the common case for packet numbers and in-order data, costs O(1); other
 * changes cost a binary search plus an array shift. {@link #rangeStart(int)} and
 * {@link #rangeEnd(int)} iterate without allocating (index 0 is the lowest range; walk the
 * indexes down for descending order); the {@link Iterable} views allocate one record per range.
 *
 * <p>The number of ranges is capped by the caller ({@link #maxRanges()}). An operation that
 * would need more ranges than the cap leaves the set unchanged and returns {@code false}, so a
 * peer cannot make the set grow without bound. An ACK generator at the cap can drop the oldest
 * range ({@link #removeFirstRange()}) and add again. Values must lie in {@code [0, Long.MAX_VALUE)};
 * passing others is a bug in our own code and throws {@link IllegalArgumentException}.
 *
 * <p>Not thread-safe: confined to the connection's owner thread.
 */
public final class RangeSet implements Iterable<RangeSet.Range> {

    /** One range {@code [start, end)} of a set: {@code start} is included, {@code end} is not. */
    public record Range(long start, long end) {
        /** The highest value in the range. */
        public long last() {
            return end - 1;
        }

        /** Number of values in the range. */
        public long length() {
            return end - start;
        }
    }

    private final int maxRanges;
    /** bounds[2i] = start of range i, bounds[2i+1] = its exclusive end. */
    private long[] bounds;
    private int count;

    /** An empty set holding at most {@code maxRanges} disjoint ranges. */
    public RangeSet(int maxRanges) {
        if (maxRanges < 1) {
            throw new IllegalArgumentException("maxRanges must be at least 1: " + maxRanges);
        }
        this.maxRanges = maxRanges;
        this.bounds = new long[2 * Math.min(maxRanges, 8)];
    }

    public int maxRanges() {
        return maxRanges;
    }

    /** Number of disjoint ranges. */
    public int rangeCount() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public void clear() {
        count = 0;
    }

    /** Start of the {@code index}-th range in ascending order (0 = lowest). */
    public long rangeStart(int index) {
        checkIndex(index);
        return bounds[2 * index];
    }

    /** Exclusive end of the {@code index}-th range in ascending order (0 = lowest). */
    public long rangeEnd(int index) {
        checkIndex(index);
        return bounds[2 * index + 1];
    }

    /** The lowest value in the set. */
    public long first() {
        requireNotEmpty();
        return bounds[0];
    }

    /** The highest value in the set. */
    public long last() {
        requireNotEmpty();
        return bounds[2 * count - 1] - 1;
    }

    /** Adds one value; {@code false} (set unchanged) if that would exceed the range cap. */
    public boolean add(long value) {
        checkValue(value);
        return add(value, value + 1);
    }

    /** Adds the closed range {@code [first, last]}; {@code false} (unchanged) if over the cap. */
    public boolean addClosed(long first, long last) {
        checkValue(last);
        return add(first, last + 1);
    }

    /**
     * Adds the half-open range {@code [start, end)}, merging with overlapping or adjacent ranges.
     * An empty range ({@code start == end}) changes nothing.
     *
     * @return {@code false}, leaving the set unchanged, if the result would exceed the cap
     */
    public boolean add(long start, long end) {
        checkRange(start, end);
        if (start == end) {
            return true;
        }
        if (count == 0 || start > bounds[2 * count - 1]) {
            // Fast path: a new range above everything.
            if (count == maxRanges) {
                return false;
            }
            ensureCapacity(count + 1);
            bounds[2 * count] = start;
            bounds[2 * count + 1] = end;
            count++;
            return true;
        }
        if (start >= bounds[2 * count - 2]) {
            // Fast path: overlaps or touches the highest range.
            if (end > bounds[2 * count - 1]) {
                bounds[2 * count - 1] = end;
            }
            return true;
        }
        // First range whose end >= start (it touches or lies after the new range).
        int first = firstEndAtLeast(start);
        // Ranges first..lastTouching-1 touch [start, end): their start <= end.
        int lastTouching = firstStartAbove(end);
        int merged = lastTouching - first;
        if (merged == 0) {
            // Insert a new range at position first.
            if (count == maxRanges) {
                return false;
            }
            ensureCapacity(count + 1);
            System.arraycopy(bounds, 2 * first, bounds, 2 * first + 2, 2 * (count - first));
            bounds[2 * first] = start;
            bounds[2 * first + 1] = end;
            count++;
            return true;
        }
        long newStart = Math.min(start, bounds[2 * first]);
        long newEnd = Math.max(end, bounds[2 * (lastTouching - 1) + 1]);
        bounds[2 * first] = newStart;
        bounds[2 * first + 1] = newEnd;
        int removed = merged - 1;
        if (removed > 0) {
            System.arraycopy(bounds, 2 * lastTouching, bounds, 2 * (first + 1), 2 * (count - lastTouching));
            count -= removed;
        }
        return true;
    }

    /**
     * Removes the half-open range {@code [start, end)}.
     *
     * @return {@code false}, leaving the set unchanged, if splitting a range would exceed the cap
     */
    public boolean remove(long start, long end) {
        checkRange(start, end);
        if (start == end || count == 0) {
            return true;
        }
        int first = firstEndAbove(start);
        int last = firstStartAtLeast(end); // ranges first..last-1 overlap [start, end)
        if (first >= last) {
            return true;
        }
        long keepLowStart = bounds[2 * first];
        long keepHighEnd = bounds[2 * (last - 1) + 1];
        boolean keepLow = keepLowStart < start;
        boolean keepHigh = keepHighEnd > end;
        int survivors = (keepLow ? 1 : 0) + (keepHigh ? 1 : 0);
        int newCount = count - (last - first) + survivors;
        if (newCount > maxRanges) {
            return false;
        }
        ensureCapacity(newCount);
        // Move the tail to its new position, then write the survivors.
        System.arraycopy(bounds, 2 * last, bounds, 2 * (first + survivors), 2 * (count - last));
        int at = first;
        if (keepLow) {
            bounds[2 * at] = keepLowStart;
            bounds[2 * at + 1] = start;
            at++;
        }
        if (keepHigh) {
            bounds[2 * at] = end;
            bounds[2 * at + 1] = keepHighEnd;
        }
        count = newCount;
        return true;
    }

    /** Removes every value below {@code value}; never needs more ranges, so never fails. */
    public void removeBelow(long value) {
        if (count == 0 || value <= bounds[0]) {
            return;
        }
        int first = firstEndAbove(value);
        if (first == count) {
            count = 0;
            return;
        }
        if (first > 0) {
            System.arraycopy(bounds, 2 * first, bounds, 0, 2 * (count - first));
            count -= first;
        }
        if (bounds[0] < value) {
            bounds[0] = value;
        }
    }

    /** Removes the lowest range (e.g. the oldest ACK range when trimming). */
    public void removeFirstRange() {
        requireNotEmpty();
        System.arraycopy(bounds, 2, bounds, 0, 2 * (count - 1));
        count--;
    }

    public boolean contains(long value) {
        if (count == 0 || value < bounds[0] || value >= bounds[2 * count - 1]) {
            return false;
        }
        int index = firstEndAbove(value);
        return index < count && bounds[2 * index] <= value;
    }

    /** Whether every value of {@code [start, end)} is in the set (true for an empty range). */
    public boolean containsAll(long start, long end) {
        checkRange(start, end);
        if (start == end) {
            return true;
        }
        int index = firstEndAbove(start);
        return index < count && bounds[2 * index] <= start && bounds[2 * index + 1] >= end;
    }

    /** Exclusive end of the range holding {@code value}, or {@code value} itself if absent. */
    public long endOfRangeContaining(long value) {
        if (count == 0) {
            return value;
        }
        int index = firstEndAbove(value);
        if (index < count && bounds[2 * index] <= value) {
            return bounds[2 * index + 1];
        }
        return value;
    }

    /** Ranges in ascending order. */
    @Override
    public Iterator<Range> iterator() {
        return new Iterator<>() {
            private int next = 0;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public Range next() {
                if (next >= count) {
                    throw new NoSuchElementException();
                }
                Range range = new Range(bounds[2 * next], bounds[2 * next + 1]);
                next++;
                return range;
            }
        };
    }

    /** Ranges in descending order (highest first), as an ACK frame lists them. */
    public Iterable<Range> descending() {
        return () -> new Iterator<>() {
            private int next = count - 1;

            @Override
            public boolean hasNext() {
                return next >= 0;
            }

            @Override
            public Range next() {
                if (next < 0) {
                    throw new NoSuchElementException();
                }
                Range range = new Range(bounds[2 * next], bounds[2 * next + 1]);
                next--;
                return range;
            }
        };
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(bounds[2 * i]).append("..").append(bounds[2 * i + 1] - 1);
        }
        return text.append(']').toString();
    }

    /** Index of the first range with end >= value (touching counts), or count. */
    private int firstEndAtLeast(long value) {
        int low = 0;
        int high = count;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (bounds[2 * middle + 1] >= value) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    /** Index of the first range with end > value, or count. */
    private int firstEndAbove(long value) {
        int low = 0;
        int high = count;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (bounds[2 * middle + 1] > value) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    /** Index of the first range with start > value, or count. */
    private int firstStartAbove(long value) {
        int low = 0;
        int high = count;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (bounds[2 * middle] > value) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    /** Index of the first range with start >= value, or count. */
    private int firstStartAtLeast(long value) {
        int low = 0;
        int high = count;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (bounds[2 * middle] >= value) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    private void ensureCapacity(int ranges) {
        if (2 * ranges > bounds.length) {
            int grown = Math.min(Math.max(ranges, 2 * (bounds.length / 2)), maxRanges);
            long[] larger = new long[2 * grown];
            System.arraycopy(bounds, 0, larger, 0, 2 * count);
            bounds = larger;
        }
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("range index " + index + " of " + count);
        }
    }

    private void requireNotEmpty() {
        if (count == 0) {
            throw new NoSuchElementException("empty RangeSet");
        }
    }

    private static void checkValue(long value) {
        if (value < 0 || value == Long.MAX_VALUE) {
            throw new IllegalArgumentException("value out of range 0..2^63-2: " + value);
        }
    }

    private static void checkRange(long start, long end) {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad range [" + start + ", " + end + ")");
        }
    }
}
