package dev.scone.model.fgram;

import java.util.function.IntBinaryOperator;

/**
 * Sorts row numbers by a comparison over rows, without boxing: vocabularies hold millions of rows
 * kept in primitive arrays, where an {@code Integer[]} sort would double the memory.
 */
final class IndexSort {

    private IndexSort() {}

    /** Row numbers 0..size-1 ordered by {@code compare}; a stable merge sort. */
    static int[] sortedRows(int size, IntBinaryOperator compare) {
        int[] rows = new int[size];
        for (int i = 0; i < size; i++) {
            rows[i] = i;
        }
        int[] buffer = new int[size];
        for (int width = 1; width < size; width *= 2) {
            for (int left = 0; left < size; left += 2 * width) {
                int middle = Math.min(left + width, size);
                int right = Math.min(left + 2 * width, size);
                merge(rows, buffer, left, middle, right, compare);
            }
            int[] swap = rows;
            rows = buffer;
            buffer = swap;
        }
        return rows;
    }

    private static void merge(
            int[] from, int[] to, int left, int middle, int right, IntBinaryOperator compare) {
        int i = left;
        int j = middle;
        for (int k = left; k < right; k++) {
            if (i < middle && (j >= right || compare.applyAsInt(from[i], from[j]) <= 0)) {
                to[k] = from[i++];
            } else {
                to[k] = from[j++];
            }
        }
    }
}
