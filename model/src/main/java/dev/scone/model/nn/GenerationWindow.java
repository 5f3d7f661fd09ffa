package dev.scone.model.nn;

/**
 * Which tokens the decoder reads while it generates, for a model whose context is C tokens. Learned
 * absolute positions are baked into every cached key and value, so a KV cache cannot simply drop
 * its oldest entries; the window moves in jumps instead.
 *
 * <ul>
 *   <li><b>Prompt.</b> A prompt keeps its most recent tokens that fit beside the requested new
 *       tokens: C minus the new tokens, but never less than half the context (so a request for more
 *       new tokens than that still reads a real prompt, and generation slides past it). The tokens
 *       before are dropped; {@link #promptTokensDropped} says how many.
 *   <li><b>Sliding.</b> When prompt plus output would pass C, the window keeps the newest {@link
 *       #keep()} tokens, the cache is rebuilt from them (positions 0.. again), and decoding goes on
 *       one token per step until the window is full once more. {@code keep = C} slides by one token
 *       at every step (exact, a full forward pass per token); the default, three quarters of C,
 *       rebuilds once every C / 4 + 1 tokens.
 * </ul>
 *
 * F-gram lookups still see the whole history: a position at the window's start keeps a match that
 * reaches back across the cut, as in scoring's {@code ContextWindows}.
 *
 * @param context C, the model's context length
 * @param keep tokens a slide keeps, 1..C
 */
public record GenerationWindow(int context, int keep) {

    /** Checks that the window fits the context. */
    public GenerationWindow {
        if (context < 1) {
            throw new IllegalArgumentException(
                    "A context needs at least one token, not " + context);
        }
        if (keep < 1 || keep > context) {
            throw new IllegalArgumentException(
                    "A slide keeps 1.." + context + " tokens, not " + keep + ".");
        }
    }

    /** The default window for a context of {@code context} tokens: slides keep 3/4 of it. */
    public static GenerationWindow of(int context) {
        return new GenerationWindow(context, Math.max(1, context - context / 4));
    }

    /** Most prompt tokens that are read when {@code maxNewTokens} are asked for. */
    public int promptRoom(int maxNewTokens) {
        int half = Math.max(1, (context + 1) / 2);
        return Math.max(half, context - Math.max(0, maxNewTokens));
    }

    /** How many of a prompt's first tokens are not read when {@code maxNewTokens} are asked for. */
    public int promptTokensDropped(int promptLength, int maxNewTokens) {
        return Math.max(0, promptLength - promptRoom(maxNewTokens));
    }

    /**
     * Where the window starts once the history holds {@code length} tokens, given that it started
     * at {@code start}: unchanged while the window {@code [start, length)} fits the context,
     * otherwise {@code length - keep} (a slide).
     */
    public int start(int start, int length) {
        return length - start > context ? length - keep : start;
    }
}
