package dev.scone.model.serving;

/**
 * How a document longer than the model's context C is cut for scoring. Window w covers tokens
 * [w(C-1), w(C-1) + C): consecutive windows share one token, the last of one being the first of the
 * next. A window's first token is context only, so every token but the document's first is
 * predicted exactly once, each with at least one token of context and at most C - 1.
 *
 * <p>F-gram matches are computed on the whole document before it is cut: a position's input vector
 * depends only on the tokens before it, so a window's first positions keep matches that reach back
 * across the cut.
 */
public final class ContextWindows {

    private ContextWindows() {}

    /** Start positions of the windows of a document of {@code length} tokens. */
    public static int[] starts(int length, int contextLength) {
        if (contextLength < 2) {
            throw new IllegalArgumentException(
                    "A context of " + contextLength + " tokens cannot predict anything.");
        }
        if (length < 2) {
            return new int[0];
        }
        int stride = contextLength - 1;
        int count = (length - 2) / stride + 1;
        int[] starts = new int[count];
        for (int w = 0; w < count; w++) {
            starts[w] = w * stride;
        }
        return starts;
    }

    /** End (exclusive) of the window starting at {@code start}. */
    public static int end(int start, int length, int contextLength) {
        return Math.min(length, start + contextLength);
    }
}
