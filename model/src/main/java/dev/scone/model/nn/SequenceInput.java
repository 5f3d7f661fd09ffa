package dev.scone.model.nn;

import dev.scone.model.matching.LongestMatcher;
import java.util.Arrays;
import java.util.Objects;

/**
 * One token sequence with its per-position SCONE inputs from a precomputed table: where {@code
 * matchLengths[i] > 0} position i reads {@code fgramVectors[i]} (the longest f-gram ending at i)
 * instead of the token embedding T(tokens[i]); elsewhere {@code fgramVectors[i]} is null.
 *
 * @param tokens token ids
 * @param matchLengths per position, the matched f-gram length (2..K) or 0, counted in the whole
 *     sequence (a continuation of a cached prefix may match tokens before its first position)
 * @param fgramVectors per position, the f-gram's vector or null
 */
public record SequenceInput(int[] tokens, int[] matchLengths, float[][] fgramVectors) {

    /** Checks that the three arrays line up and that vectors appear exactly at matches. */
    public SequenceInput {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(matchLengths, "matchLengths");
        Objects.requireNonNull(fgramVectors, "fgramVectors");
        if (matchLengths.length != tokens.length || fgramVectors.length != tokens.length) {
            throw new IllegalArgumentException(
                    "A sequence of "
                            + tokens.length
                            + " tokens needs as many match lengths and vectors, not "
                            + matchLengths.length
                            + " and "
                            + fgramVectors.length
                            + ".");
        }
        for (int i = 0; i < tokens.length; i++) {
            if ((matchLengths[i] > 0) != (fgramVectors[i] != null)) {
                throw new IllegalArgumentException(
                        "Position "
                                + i
                                + " has match length "
                                + matchLengths[i]
                                + " but "
                                + (fgramVectors[i] == null ? "no" : "a")
                                + " vector; a vector belongs exactly to each matched position.");
            }
        }
    }

    /** A sequence that uses the token embedding at every position. */
    public static SequenceInput tokensOnly(int[] tokens) {
        return new SequenceInput(tokens, new int[tokens.length], new float[tokens.length][]);
    }

    /** Looks up every position of {@code tokens} in {@code lookup}. */
    public static SequenceInput lookup(int[] tokens, FgramLookup lookup) {
        int[] lengths = new int[tokens.length];
        float[][] vectors = new float[tokens.length][];
        float[] buffer = new float[lookup.dimension()];
        for (int i = 0; i < tokens.length; i++) {
            int length = lookup.longestMatch(tokens, i, buffer);
            if (length > 0) {
                lengths[i] = length;
                vectors[i] = buffer.clone();
            }
        }
        return new SequenceInput(tokens, lengths, vectors);
    }

    /** Number of positions that read an f-gram vector. */
    public int matchedPositions() {
        return LongestMatcher.matchedPositions(matchLengths);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SequenceInput that
                && Arrays.equals(tokens, that.tokens)
                && Arrays.equals(matchLengths, that.matchLengths)
                && Arrays.deepEquals(fgramVectors, that.fgramVectors);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(tokens) + Arrays.hashCode(matchLengths))
                + Arrays.deepHashCode(fgramVectors);
    }

    @Override
    public String toString() {
        return "SequenceInput{tokens="
                + tokens.length
                + ", matchedPositions="
                + matchedPositions()
                + "}";
    }
}
