package dev.keel.storage.writer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The rows of one batch that are not yet resolved, as slices of the batch still to write. The
 * front slice is the one being attempted; a slice the database rejects is split in place, so
 * whatever happens, {@link #unresolved()} is exactly what still needs a home.
 *
 * @param <T> the row type
 */
public final class PendingRows<T> {

    private record Slice(int from, int to) {
        int size() {
            return to - from;
        }
    }

    private final List<T> rows;
    private final Deque<Slice> slices = new ArrayDeque<>();

    public PendingRows(List<T> rows) {
        this.rows = rows;
        if (!rows.isEmpty()) {
            slices.add(new Slice(0, rows.size()));
        }
    }

    boolean isEmpty() {
        return slices.isEmpty();
    }

    /** The slice to attempt next. */
    List<T> next() {
        Slice slice = slices.getFirst();
        return rows.subList(slice.from(), slice.to());
    }

    /** The front slice is resolved. */
    void resolved() {
        slices.removeFirst();
    }

    /**
     * The front slice holds a bad row: split it around {@code hint} (its index in the slice, if
     * the database named one) into the rows before, the suspect, and the rows after; without a
     * hint, in halves. A wrong hint costs one extra insert, never a wrong result.
     */
    void split(int hint) {
        Slice slice = slices.removeFirst();
        List<Slice> parts = new ArrayList<>(3);
        if (hint > 0 && hint < slice.size()) {
            int at = slice.from() + hint;
            parts.add(new Slice(slice.from(), at));
            parts.add(new Slice(at, at + 1));
            if (at + 1 < slice.to()) {
                parts.add(new Slice(at + 1, slice.to()));
            }
        } else if (hint == 0) {
            parts.add(new Slice(slice.from(), slice.from() + 1));
            parts.add(new Slice(slice.from() + 1, slice.to()));
        } else {
            int middle = slice.from() + slice.size() / 2;
            parts.add(new Slice(slice.from(), middle));
            parts.add(new Slice(middle, slice.to()));
        }
        for (Slice part : parts.reversed()) {
            slices.addFirst(part);
        }
    }

    /** Every row not yet stored or dead-lettered, in batch order. */
    public List<T> unresolved() {
        List<T> left = new ArrayList<>();
        slices.stream().sorted(java.util.Comparator.comparingInt(Slice::from))
                .forEach(slice -> left.addAll(rows.subList(slice.from(), slice.to())));
        return left;
    }

    public int size() {
        return slices.stream().mapToInt(Slice::size).sum();
    }
}
