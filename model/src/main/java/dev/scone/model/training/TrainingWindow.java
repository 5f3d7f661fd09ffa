package dev.scone.model.training;

/**
 * One training example: up to C consecutive tokens of a document and, per position, the length of
 * the longest f-gram ending there that lies inside the window (0 for none). The window predicts its
 * tokens 1..n-1.
 *
 * @param tokens the window's token ids
 * @param matchLengths same length as {@code tokens}; null when the model has no f-grams
 */
public record TrainingWindow(int[] tokens, int[] matchLengths) {

    /** Next-token predictions this window trains on. */
    public int predictions() {
        return tokens.length - 1;
    }
}
