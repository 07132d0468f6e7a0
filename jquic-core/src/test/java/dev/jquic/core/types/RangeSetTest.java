package dev.jquic.core.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** RangeSet against a TreeSet reference model, plus the cap and the fast paths. */
class RangeSetTest {

    record Operation(int kind, long start, long length) {
    }

    @Provide
    Arbitrary<List<Operation>> operations() {
        Arbitrary<Operation> operation = Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.longs().between(0, 200),
                Arbitraries.longs().between(0, 12)).as(Operation::new);
        return operation.list().ofMaxSize(80);
    }

    @Property(tries = 500)
    void behavesLikeASetOfValues(@ForAll("operations") List<Operation> operations,
            @ForAll @IntRange(min = 1, max = 12) int maxRanges) {
        RangeSet set = new RangeSet(maxRanges);
        TreeSet<Long> model = new TreeSet<>();
        for (Operation operation : operations) {
            long start = operation.start();
            long end = start + operation.length();
            TreeSet<Long> candidate = new TreeSet<>(model);
            switch (operation.kind()) {
                case 0, 1 -> {
                    for (long value = start; value < end; value++) {
                        candidate.add(value);
                    }
                    boolean added = set.add(start, end);
                    assertEquals(rangesOf(candidate).size() <= maxRanges, added, () -> "add " + start + ".." + end);
                }
                case 2 -> {
                    for (long value = start; value < end; value++) {
                        candidate.remove(value);
                    }
                    boolean removed = set.remove(start, end);
                    assertEquals(rangesOf(candidate).size() <= maxRanges, removed, () -> "remove " + start + ".." + end);
                }
                default -> {
                    candidate.headSet(start).clear();
                    set.removeBelow(start);
                }
            }
            if (rangesOf(candidate).size() <= maxRanges) {
                model = candidate;
            }
            assertMatches(model, set);
        }
    }

    private static void assertMatches(TreeSet<Long> model, RangeSet set) {
        List<long[]> expected = rangesOf(model);
        assertEquals(expected.size(), set.rangeCount(), set::toString);
        assertTrue(set.rangeCount() <= set.maxRanges());
        List<RangeSet.Range> ascending = new ArrayList<>();
        set.forEach(ascending::add);
        List<RangeSet.Range> descending = new ArrayList<>();
        set.descending().forEach(descending::add);
        for (int i = 0; i < expected.size(); i++) {
            RangeSet.Range range = new RangeSet.Range(expected.get(i)[0], expected.get(i)[1]);
            assertEquals(range, ascending.get(i));
            assertEquals(range, descending.get(expected.size() - 1 - i));
            assertEquals(range.start(), set.rangeStart(i));
            assertEquals(range.end(), set.rangeEnd(i));
        }
        assertEquals(model.isEmpty(), set.isEmpty());
        if (!model.isEmpty()) {
            assertEquals(model.first(), set.first());
            assertEquals(model.last(), set.last());
        }
        for (long value = 0; value < 220; value++) {
            assertEquals(model.contains(value), set.contains(value), "contains " + value);
            long end = value;
            while (model.contains(end)) {
                end++;
            }
            assertEquals(end, set.endOfRangeContaining(value));
            assertEquals(model.contains(value) && model.contains(value + 1), set.containsAll(value, value + 2));
        }
    }

    private static List<long[]> rangesOf(TreeSet<Long> values) {
        List<long[]> ranges = new ArrayList<>();
        for (long value : values) {
            if (!ranges.isEmpty() && ranges.get(ranges.size() - 1)[1] == value) {
                ranges.get(ranges.size() - 1)[1] = value + 1;
            } else {
                ranges.add(new long[] {value, value + 1});
            }
        }
        return ranges;
    }

    @Test
    void appendingPacketNumbersInOrderKeepsOneRange() {
        RangeSet set = new RangeSet(4);
        for (long packetNumber = 0; packetNumber < 10_000; packetNumber++) {
            assertTrue(set.add(packetNumber));
        }
        assertEquals(1, set.rangeCount());
        assertEquals(0, set.first());
        assertEquals(9_999, set.last());
    }

    @Test
    void capRefusesANewRangeAndLeavesTheSetUnchanged() {
        RangeSet set = new RangeSet(2);
        assertTrue(set.add(0));
        assertTrue(set.add(10));
        assertFalse(set.add(20));
        assertFalse(set.add(5));
        assertEquals("[0..0, 10..10]", set.toString());
        // Extending or merging needs no new range, so it still works at the cap.
        assertTrue(set.addClosed(1, 9));
        assertEquals("[0..10]", set.toString());
        assertTrue(set.add(20));
        // Splitting [0..10] would need a third range.
        assertFalse(set.remove(4, 5));
        assertEquals("[0..10, 20..20]", set.toString());
        assertTrue(set.remove(0, 5));
        assertEquals("[5..10, 20..20]", set.toString());
    }

    @Test
    void emptySetHasNoFirstOrLast() {
        RangeSet set = new RangeSet(1);
        assertThrows(NoSuchElementException.class, set::first);
        assertThrows(NoSuchElementException.class, set::last);
        assertThrows(IllegalArgumentException.class, () -> set.add(-1));
        assertThrows(IllegalArgumentException.class, () -> set.add(5, 4));
        assertThrows(IllegalArgumentException.class, () -> new RangeSet(0));
        assertFalse(set.iterator().hasNext());
    }

    @Test
    void removeFirstRangeDropsTheOldest() {
        RangeSet set = new RangeSet(8);
        set.add(1, 3);
        set.add(5, 7);
        set.removeFirstRange();
        assertEquals("[5..6]", set.toString());
    }
}
