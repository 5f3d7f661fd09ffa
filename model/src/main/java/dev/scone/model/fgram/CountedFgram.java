package dev.scone.model.fgram;

import java.util.Arrays;

/**
 * An f-gram (2..{@link FgramKey#MAX_LENGTH} token ids) with its corpus count: the unit that
 * counting produces and that ranking and suffix closure work on.
 *
 * <p>The gram array is owned by the record and must not be modified after construction.
 */
public record CountedFgram(int[] gram, long count) {

    /** Shortest f-gram: single tokens keep their ordinary embedding. */
    public static final int MIN_LENGTH = 2;

    /**
     * @throws IllegalArgumentException if the gram is not 2..{@link FgramKey#MAX_LENGTH} valid ids
     *     or the count is negative
     */
    public CountedFgram {
        checkGram(gram);
        checkCount(gram, count);
    }

    /**
     * Checks that {@code count} can be the corpus count of {@code gram}.
     *
     * @throws IllegalArgumentException if it is negative
     */
    public static void checkCount(int[] gram, long count) {
        if (count < 0) {
            throw new IllegalArgumentException(
                    "The count of f-gram "
                            + Arrays.toString(gram)
                            + " is negative: "
                            + count
                            + ".");
        }
    }

    /** Length of the gram. */
    public int length() {
        return gram.length;
    }

    /**
     * Checks that {@code gram} is an f-gram: 2..{@link FgramKey#MAX_LENGTH} token ids a key can
     * hold.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static void checkGram(int[] gram) {
        FgramKey.validate(gram);
        if (gram.length < MIN_LENGTH) {
            throw new IllegalArgumentException(
                    "An f-gram has at least "
                            + MIN_LENGTH
                            + " tokens, not "
                            + gram.length
                            + ": "
                            + Arrays.toString(gram)
                            + ".");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CountedFgram that
                && count == that.count
                && Arrays.equals(gram, that.gram);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(gram) + Long.hashCode(count);
    }

    @Override
    public String toString() {
        return Arrays.toString(gram) + "x" + count;
    }
}
