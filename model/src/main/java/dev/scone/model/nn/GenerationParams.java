package dev.scone.model.nn;

/**
 * How to pick new tokens.
 *
 * @param maxNewTokens most tokens to generate; output may run past the model's context (see {@link
 *     GenerationWindow})
 * @param temperature 0 for greedy decoding (always the most likely token), otherwise the softmax
 *     temperature for sampling
 * @param topK sample only among the k most likely tokens; 0 for no limit
 * @param seed seed of the sampling random numbers: the same seed gives the same tokens
 * @param stopToken a token that ends generation once produced (it is included), or -1 for none
 */
public record GenerationParams(
        int maxNewTokens, float temperature, int topK, long seed, int stopToken) {

    /** Validates the ranges. */
    public GenerationParams {
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException(
                    "maxNewTokens must be 0 or more, not " + maxNewTokens + ".");
        }
        if (!(temperature >= 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException(
                    "temperature must be 0 (greedy) or a positive number, not "
                            + temperature
                            + ".");
        }
        if (topK < 0) {
            throw new IllegalArgumentException(
                    "topK must be 0 (no limit) or more, not " + topK + ".");
        }
    }

    /** Greedy decoding of up to {@code maxNewTokens} tokens. */
    public static GenerationParams greedy(int maxNewTokens) {
        return new GenerationParams(maxNewTokens, 0f, 0, 0L, -1);
    }

    /** Sampling at {@code temperature} among the {@code topK} most likely tokens. */
    public static GenerationParams sampling(
            int maxNewTokens, float temperature, int topK, long seed) {
        return new GenerationParams(maxNewTokens, temperature, topK, seed, -1);
    }

    /** Whether tokens are picked by argmax rather than sampled. */
    public boolean isGreedy() {
        return temperature == 0f;
    }
}
