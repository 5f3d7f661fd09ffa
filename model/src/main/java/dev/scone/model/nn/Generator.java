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
 * otherwise. Prompts of any length are answered and output may run past the context: {@link
 * GenerationWindow} says which tokens the decoder reads.
 *
 * <p>Like a DJL {@code Predictor}: one instance per thread, not thread-safe, close when done.
 * Several generators may share one model.
 */
public final class Generator implements AutoCloseable {

    private final SconeModel model;
    private final FgramLookup lookup;
    private final GenerationWindow window;
    private final NDManager manager;

    /**
     * A generator with the default {@link GenerationWindow} for the model's context.
     *
     * @param lookup the precomputed f-gram table to look positions up in, or null to use the token
     *     embedding everywhere (a baseline model)
     * @throws IllegalArgumentException if the lookup's vectors are not as wide as the model
     */
    public Generator(SconeModel model, FgramLookup lookup) {
        this(model, lookup, GenerationWindow.of(model.config().contextLength()));
    }

    /**
     * A generator that trims prompts and slides past the context as {@code window} says.
     *
     * @throws IllegalArgumentException if the lookup's vectors are not as wide as the model, or the
     *     window is not for the model's context
     */
    public Generator(SconeModel model, FgramLookup lookup, GenerationWindow window) {
        if (lookup != null && lookup.dimension() != model.config().d()) {
            throw new IllegalArgumentException(
                    "The f-gram table holds vectors of width "
                            + lookup.dimension()
                            + " but the model width is "
                            + model.config().d()
                            + ".");
        }
        if (window.context() != model.config().contextLength()) {
            throw new IllegalArgumentException(
                    "A window for a context of "
                            + window.context()
                            + " tokens does not fit the model's context of "
                            + model.config().contextLength()
                            + ".");
        }
        this.model = model;
        this.lookup = lookup;
        this.window = window;
        this.manager = model.newManager();
    }

    /** How this generator trims prompts and slides past the context. */
    public GenerationWindow window() {
        return window;
    }

    /**
     * Generates up to {@code params.maxNewTokens()} tokens after {@code prompt}, stopping early
     * only at the stop token. A prompt longer than the window's room is read from its most recent
     * tokens ({@link GenerationWindow#promptTokensDropped}); output that fills the context slides
     * the window and rebuilds the KV cache from the tokens it keeps.
     *
     * @return the new token ids only
     * @throws IllegalArgumentException if the prompt is empty or holds ids outside the vocabulary
     */
    public int[] generate(int[] prompt, GenerationParams params) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("A prompt needs at least one token.");
        }
        int budget = params.maxNewTokens();
        if (budget == 0) {
            return new int[0];
        }
        int[] history = Arrays.copyOf(prompt, Math.addExact(prompt.length, budget));
        int start = window.promptTokensDropped(prompt.length, budget);
        int length = prompt.length;
        TokenSampler sampler = new TokenSampler(params);
        try (InferenceMode ignored = InferenceMode.enter();
                NDManager sequence = manager.newSubManager()) {
            KvCache cache = model.newKvCache(sequence);
            try {
                float[] logits = step(cache, inputs(history, start, length));
                while (true) {
                    int next = sampler.next(logits);
                    history[length++] = next;
                    if (length - prompt.length == budget || next == params.stopToken()) {
                        break;
                    }
                    int slid = window.start(start, length);
                    if (slid == start) {
                        logits = step(cache, inputs(history, length - 1, length));
                    } else {
                        // Positions are part of every cached key: rebuild from the kept tokens.
                        start = slid;
                        cache.close();
                        cache = model.newKvCache(sequence);
                        logits = step(cache, inputs(history, start, length));
                    }
                }
            } finally {
                cache.close();
            }
        }
        return Arrays.copyOfRange(history, prompt.length, length);
    }

    /**
     * Reference decoding without the KV cache: reruns the whole window through the model for every
     * new token, trimming the prompt and sliding exactly as {@link #generate} does. Same tokens as
     * {@link #generate}, several times slower; it exists to check and to measure what the cache
     * saves.
     */
    public int[] generateByRecomputing(int[] prompt, GenerationParams params) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("A prompt needs at least one token.");
        }
        int budget = params.maxNewTokens();
        int[] history = Arrays.copyOf(prompt, Math.addExact(prompt.length, budget));
        int start = window.promptTokensDropped(prompt.length, budget);
        TokenSampler sampler = new TokenSampler(params);
        int length = prompt.length;
        while (length - prompt.length < budget) {
            start = window.start(start, length);
            float[] last;
            try (InferenceMode ignored = InferenceMode.enter();
                    NDManager step = manager.newSubManager()) {
                NDArray embeds =
                        model.inputEmbeddings(step, List.of(inputs(history, start, length)));
                NDArray logits = model.logits(embeds, false);
                last = logits.get(0, length - start - 1).toFloatArray();
            }
            int next = sampler.next(last);
            history[length++] = next;
            if (next == params.stopToken()) {
                break;
            }
        }
        return Arrays.copyOfRange(history, prompt.length, length);
    }

    /**
     * Inputs for positions {@code from..to-1} of {@code tokens}, each looked up on its own over the
     * whole history, so a match may reach back before {@code from}.
     */
    private SequenceInput inputs(int[] tokens, int from, int to) {
        int count = to - from;
        int[] ids = Arrays.copyOfRange(tokens, from, to);
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
        return new SequenceInput(ids, lengths, vectors);
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
