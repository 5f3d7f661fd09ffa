package dev.scone.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.Arrays;
import java.util.List;

/**
 * Generates tokens after a prompt with a KV cache: the prompt runs once, then each step feeds only
 * the newest token. Before a generated token becomes the next input it gets its own longest-match
 * lookup, exactly like a prompt position, so it reads its f-gram's vector when one ends there and T
 * otherwise.
 *
 * <p>Like a DJL {@code Predictor}: one instance per thread, not thread-safe, close when done.
 * Several generators may share one model.
 */
public final class Generator implements AutoCloseable {

    private final SconeModel model;
    private final FgramLookup lookup;
    private final NDManager manager;

    /**
     * @param lookup the precomputed f-gram table to look positions up in, or null to use the token
     *     embedding everywhere (a baseline model)
     * @throws IllegalArgumentException if the lookup's vectors are not as wide as the model
     */
    public Generator(SconeModel model, FgramLookup lookup) {
        if (lookup != null && lookup.dimension() != model.config().d()) {
            throw new IllegalArgumentException(
                    "The f-gram table holds vectors of width "
                            + lookup.dimension()
                            + " but the model width is "
                            + model.config().d()
                            + ".");
        }
        this.model = model;
        this.lookup = lookup;
        this.manager = model.newManager();
    }

    /**
     * Generates up to {@code params.maxNewTokens()} tokens after {@code prompt}, stopping early at
     * the stop token or when prompt plus output fill the model's context.
     *
     * @return the new token ids only
     * @throws IllegalArgumentException if the prompt is empty, longer than the context, or holds
     *     ids outside the vocabulary
     */
    public int[] generate(int[] prompt, GenerationParams params) {
        int context = model.config().contextLength();
        if (prompt.length == 0) {
            throw new IllegalArgumentException("A prompt needs at least one token.");
        }
        if (prompt.length > context) {
            throw new IllegalArgumentException(
                    "The prompt has "
                            + prompt.length
                            + " tokens, more than the model's context of "
                            + context
                            + ".");
        }
        int budget = Math.min(params.maxNewTokens(), context - prompt.length);
        int[] history = Arrays.copyOf(prompt, prompt.length + budget);
        int produced = 0;
        if (budget == 0) {
            return new int[0];
        }
        TokenSampler sampler = new TokenSampler(params);
        try (InferenceMode ignored = InferenceMode.enter();
                NDManager sequence = manager.newSubManager();
                KvCache cache = model.newKvCache(sequence)) {
            float[] logits = step(cache, inputs(prompt, 0, prompt.length));
            while (true) {
                int next = sampler.next(logits);
                history[prompt.length + produced++] = next;
                if (produced == budget || next == params.stopToken()) {
                    break;
                }
                int length = prompt.length + produced;
                logits = step(cache, inputs(history, length - 1, length));
            }
        }
        return Arrays.copyOfRange(history, prompt.length, prompt.length + produced);
    }

    /** Inputs for positions {@code from..to-1} of {@code tokens}, each looked up on its own. */
    /**
     * Reference decoding without the KV cache: reruns the whole sequence through the model for
     * every new token. Same tokens as {@link #generate}, several times slower; it exists to check
     * and to measure what the cache saves.
     */
    public int[] generateByRecomputing(int[] prompt, GenerationParams params) {
        int context = model.config().contextLength();
        int budget = Math.max(0, Math.min(params.maxNewTokens(), context - prompt.length));
        int[] history = Arrays.copyOf(prompt, prompt.length + budget);
        TokenSampler sampler = new TokenSampler(params);
        int produced = 0;
        while (produced < budget) {
            int length = prompt.length + produced;
            float[] last;
            try (InferenceMode ignored = InferenceMode.enter();
                    NDManager step = manager.newSubManager()) {
                NDArray embeds = model.inputEmbeddings(step, List.of(inputs(history, 0, length)));
                NDArray logits = model.logits(embeds, false);
                last = logits.get(0, length - 1).toFloatArray();
            }
            int next = sampler.next(last);
            history[length] = next;
            produced++;
            if (next == params.stopToken()) {
                break;
            }
        }
        return Arrays.copyOfRange(history, prompt.length, prompt.length + produced);
    }

    private SequenceInput inputs(int[] tokens, int from, int to) {
        int count = to - from;
        int[] window = Arrays.copyOfRange(tokens, from, to);
        int[] lengths = new int[count];
        float[][] vectors = new float[count][];
        if (lookup != null) {
            float[] buffer = new float[lookup.dimension()];
            for (int i = from; i < to; i++) {
                int length = lookup.longestMatch(tokens, i, buffer);
                if (length > 0) {
                    lengths[i - from] = length;
                    vectors[i - from] = buffer.clone();
                }
            }
        }
        return new SequenceInput(window, lengths, vectors);
    }

    /** Runs the new positions through the model and returns the last position's logits. */
    private float[] step(KvCache cache, SequenceInput input) {
        try (NDManager step = manager.newSubManager()) {
            NDArray embeds = model.inputEmbeddings(step, List.of(input));
            NDArray logits = model.logits(embeds, cache);
            long last = logits.getShape().get(1) - 1;
            return logits.get(new NDIndex("0, " + last)).toFloatArray();
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
