package dev.keel.storage.writer;

import java.util.AbstractList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The rows of one batch that are not yet resolved: slices still to write (the front one is being
 * attempted), and rows set aside as rejected, waiting to be written as dead letters. A slice the
 * database rejects is split in place or loses the rows named as bad, so whatever happens,
 * {@link #unresolved()} is exactly what still needs a home.
 *
 * @param <T> the row type
 */
public final class PendingRows<T> {

    /** A row set aside as rejected, with the reason. */
    public record Rejected<T>(T row, String reason) {}

    private final List<T> rows;
    /** Each slice is the indexes (into {@link #rows}) of its rows, in batch order. */
    private final Deque<int[]> slices = new ArrayDeque<>();
    private final List<Integer> rejectedIndexes = new ArrayList<>();
    private final List<String> rejectedReasons = new ArrayList<>();

    public PendingRows(List<T> rows) {
        this.rows = rows;
        if (!rows.isEmpty()) {
            slices.add(IntStream.range(0, rows.size()).toArray());
        }
    }

    /** No slice is left to write (rows set aside may still wait to become dead letters). */
    boolean isEmpty() {
        return slices.isEmpty();
    }

    /** The slice to attempt next. */
    List<T> next() {
        int[] slice = slices.getFirst();
        return new AbstractList<>() {
            @Override
            public T get(int index) {
                return rows.get(slice[index]);
            }

            @Override
            public int size() {
                return slice.length;
            }
        };
    }

    /** The front slice is written. */
    void resolved() {
        slices.removeFirst();
    }

    /**
     * The front slice holds a bad row it cannot name: split it around {@code hint} (an index in
     * the slice, if there is one) into the rows before, the suspect, and the rows after; without
     * a hint, in halves. A wrong hint costs one extra insert, never a wrong result.
     */
    void split(int hint) {
        int[] slice = slices.removeFirst();
        List<int[]> parts = new ArrayList<>(3);
        if (hint >= 0 && hint < slice.length) {
            if (hint > 0) {
                parts.add(Arrays.copyOfRange(slice, 0, hint));
            }
            parts.add(Arrays.copyOfRange(slice, hint, hint + 1));
            if (hint + 1 < slice.length) {
                parts.add(Arrays.copyOfRange(slice, hint + 1, slice.length));
            }
        } else {
            int middle = slice.length / 2;
            parts.add(Arrays.copyOfRange(slice, 0, middle));
            parts.add(Arrays.copyOfRange(slice, middle, slice.length));
        }
        for (int[] part : parts.reversed()) {
            slices.addFirst(part);
        }
    }

    /**
     * Sets aside the rows at {@code positions} (indexes in the front slice) as rejected for
     * {@code reasons}; the rest of the slice stays in front, as one slice, to be written next.
     */
    void reject(List<Integer> positions, List<String> reasons) {
        int[] slice = slices.removeFirst();
        boolean[] out = new boolean[slice.length];
        for (int i = 0; i < positions.size(); i++) {
            int position = positions.get(i);
            out[position] = true;
            rejectedIndexes.add(slice[position]);
            rejectedReasons.add(reasons.get(i));
        }
        int[] rest = IntStream.range(0, slice.length).filter(i -> !out[i]).map(i -> slice[i]).toArray();
        if (rest.length > 0) {
            slices.addFirst(rest);
        }
    }

    /** The rows set aside as rejected, waiting to be written as dead letters. */
    List<Rejected<T>> rejected() {
        List<Rejected<T>> rejected = new ArrayList<>(rejectedIndexes.size());
        for (int i = 0; i < rejectedIndexes.size(); i++) {
            rejected.add(new Rejected<>(rows.get(rejectedIndexes.get(i)), rejectedReasons.get(i)));
        }
        return rejected;
    }

    /** The rejected rows are kept as dead letters (or counted lost): nothing of them is pending any more. */
    void rejectedResolved() {
        rejectedIndexes.clear();
        rejectedReasons.clear();
    }

    /** Every row not yet stored or dead-lettered (rejected rows included), in batch order. */
    public List<T> unresolved() {
        int[] all = IntStream.concat(slices.stream().flatMapToInt(Arrays::stream),
                rejectedIndexes.stream().mapToInt(Integer::intValue)).sorted().toArray();
        List<T> left = new ArrayList<>(all.length);
        for (int index : all) {
            left.add(rows.get(index));
        }
        return left;
    }

    public int size() {
        return slices.stream().mapToInt(slice -> slice.length).sum() + rejectedIndexes.size();
    }
}
