package dev.scone.model.nn;

/**
 * A batch of token sequences checked against a model and padded on the right to the longest one.
 * Padding reads token 0; causal attention keeps it from influencing real positions and losses skip
 * it.
 */
final class TokenBatch {

    final int[][] tokens;
    final int size;
    final int width;
    final int[] lengths;

    /** Token ids, row-major (size x width), padded with 0. */
    final long[] paddedIds;

    private TokenBatch(int[][] tokens, int width) {
        this.tokens = tokens;
        this.size = tokens.length;
        this.width = width;
        this.lengths = new int[size];
        this.paddedIds = new long[size * width];
        for (int b = 0; b < size; b++) {
            lengths[b] = tokens[b].length;
            for (int i = 0; i < tokens[b].length; i++) {
                paddedIds[b * width + i] = tokens[b][i];
            }
        }
    }

    /**
     * Validates and pads {@code tokens}.
     *
     * @throws IllegalArgumentException if the batch is empty, a sequence is empty or longer than
     *     the context, or a token id is outside the vocabulary
     */
    static TokenBatch of(int[][] tokens, SconeConfig config) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("A batch needs at least one sequence.");
        }
        int width = 0;
        for (int b = 0; b < tokens.length; b++) {
            int[] sequence = tokens[b];
            if (sequence.length == 0) {
                throw new IllegalArgumentException("Sequence " + b + " of the batch is empty.");
            }
            if (sequence.length > config.contextLength()) {
                throw new IllegalArgumentException(
                        "Sequence "
                                + b
                                + " has "
                                + sequence.length
                                + " tokens, more than the model's context of "
                                + config.contextLength()
                                + ".");
            }
            for (int i = 0; i < sequence.length; i++) {
                if (sequence[i] < 0 || sequence[i] >= config.vocabSize()) {
                    throw new IllegalArgumentException(
                            "Token id "
                                    + sequence[i]
                                    + " at position "
                                    + i
                                    + " of sequence "
                                    + b
                                    + " is outside the vocabulary of "
                                    + config.vocabSize()
                                    + " tokens.");
                }
            }
            width = Math.max(width, sequence.length);
        }
        return new TokenBatch(tokens, width);
    }

    /**
     * Checks per-position match lengths against the matching rule: 0 (no match) or an f-gram of
     * 2..K tokens that fits before the position, so position 0 never matches.
     *
     * @throws IllegalArgumentException naming the first position that breaks the rule
     */
    void checkMatchLengths(int[][] matchLengths, int maxFgramLength) {
        if (matchLengths.length != size) {
            throw new IllegalArgumentException(
                    "The batch has "
                            + size
                            + " sequences but "
                            + matchLengths.length
                            + " rows of match lengths.");
        }
        for (int b = 0; b < size; b++) {
            checkMatchLengths(b, matchLengths[b], maxFgramLength);
        }
    }

    /** {@link #checkMatchLengths(int[][], int)} for sequence {@code b} alone. */
    void checkMatchLengths(int b, int[] matchLengths, int maxFgramLength) {
        if (matchLengths.length != lengths[b]) {
            throw new IllegalArgumentException(
                    "Sequence "
                            + b
                            + " has "
                            + lengths[b]
                            + " tokens but "
                            + matchLengths.length
                            + " match lengths.");
        }
        for (int i = 0; i < lengths[b]; i++) {
            int length = matchLengths[i];
            if (length != 0 && (length < 2 || length > maxFgramLength || length > i + 1)) {
                throw new IllegalArgumentException(
                        "Match length "
                                + length
                                + " at position "
                                + i
                                + " of sequence "
                                + b
                                + " must be 0 or an f-gram length from 2 to "
                                + maxFgramLength
                                + " that fits in the "
                                + (i + 1)
                                + " tokens up to it.");
            }
        }
    }

    /** Number of next-token predictions the batch holds: one per token after the first. */
    long predictions() {
        long count = 0;
        for (int length : lengths) {
            count += length - 1;
        }
        return count;
    }
}
