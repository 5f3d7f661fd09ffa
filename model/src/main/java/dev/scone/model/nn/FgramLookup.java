package dev.scone.model.nn;

/**
 * Finds the input vector of a position from a precomputed f-gram table: the longest f-gram that
 * ends at that position and its stored embedding. Used at inference, where the table F replaces
 * A_F, and by generation, where every new token needs its own lookup before the next step.
 *
 * <p>Implementations adapt the f-gram matcher and table stores; they need not be thread-safe as
 * long as each {@link Generator} or {@link Scorer} gets its own.
 */
public interface FgramLookup {

    /** Width of the stored vectors; must equal the model's {@code d}. */
    int dimension();

    /**
     * Looks up the longest f-gram (length 2..K) ending at {@code tokens[end]}, reading only {@code
     * tokens[0..end]}.
     *
     * @param out receives the f-gram's vector in {@code out[0 .. dimension())} on a match
     * @return the matched length, or 0 when no f-gram ends there (the position then uses T)
     */
    int longestMatch(int[] tokens, int end, float[] out);
}
