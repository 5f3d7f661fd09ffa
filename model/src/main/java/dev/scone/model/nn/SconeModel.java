package dev.scone.model.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import dev.scone.model.fgram.FgramIndex;
import dev.scone.model.fgram.FgramKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A SCONE language model: token embedding T, the f-gram model A_F (absent in a baseline or in an
 * inference-only model) and a GPT-style decoder that reads one input vector per position.
 *
 * <p>The input vector of position i is T(t_i), unless an f-gram (length 2..K) ends at i: then it is
 * the embedding of the longest such f-gram, which <em>replaces</em> T(t_i) (never added to it).
 * During training that embedding is A_F's output over the f-gram's tokens embedded with T, so the
 * loss trains T through A_F too; at inference it comes from a precomputed table.
 *
 * <p>Arrays returned by the methods taking an {@link NDManager} belong to that manager (use {@link
 * #newManager()} and close it). Forward passes record gradients when run inside a DJL {@code
 * GradientCollector} (as {@link SconeTrainer} does); {@link Scorer} and {@link Generator} switch
 * recording off. The weights may be shared by several threads for inference; training must own the
 * model.
 *
 * <p>Tensor names, as in {@code model.safetensors} (shapes for width d, vocabulary V, context C,
 * feed-forward width h = {@link SconeConfig#ffnHidden()}; linear weights are out x in, as in
 * PyTorch):
 *
 * <ul>
 *   <li>{@code tok_emb.weight} V x d: T
 *   <li>{@code pos_emb.weight} C x d: decoder positions
 *   <li>{@code blocks.<i>.ln1.weight|bias} d; {@code blocks.<i>.attn.qkv.weight} 3d x d (query,
 *       key, value rows), {@code .bias} 3d; {@code blocks.<i>.attn.proj.weight} d x d, {@code
 *       .bias} d; {@code blocks.<i>.ln2.weight|bias} d; {@code blocks.<i>.mlp.fc.weight} h x d,
 *       {@code .bias} h; {@code blocks.<i>.mlp.proj.weight} d x h, {@code .bias} d
 *   <li>{@code ln_f.weight|bias} d
 *   <li>{@code lm_head.weight} V x d: the output projection, not tied to T; absent when the
 *       configuration ties it to T ({@link SconeConfig#tiedOutputEmbedding()}, as GPT-2 does)
 *   <li>{@code fgram.pos_emb.weight} K x d, {@code fgram.blocks.<i>.*}, {@code fgram.ln_f.*}: A_F
 * </ul>
 */
public final class SconeModel implements AutoCloseable {

    private static final int FGRAM_CHUNK = 1024;

    private final SconeConfig config;
    private final NDManager manager;
    private final ParameterStore parameterStore;
    private final SconeNetwork network;
    private final Map<String, Parameter> namedParameters;

    private SconeModel(SconeConfig config, NDManager manager, SconeNetwork network) {
        this.config = config;
        this.manager = manager;
        this.network = network;
        this.parameterStore = new ParameterStore(manager, false);
        this.namedParameters = Collections.unmodifiableMap(network.namedParameters());
    }

    /**
     * Sets how many threads PyTorch's CPU kernels use, for the whole process: threads that start
     * computing after the call take it (a thread keeps the count it first computed with). Several
     * models scoring side by side on a few cores run faster with fewer threads each than with every
     * one of them spreading over all cores.
     *
     * @throws IllegalArgumentException if {@code threads} is below 1
     */
    public static void setCpuThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException(
                    "PyTorch needs at least one CPU thread, not " + threads + ".");
        }
        Engines.get();
        JniUtils.setNumThreads(threads);
    }

    /** The GPU when the engine sees one, otherwise the CPU. */
    public static Device preferredDevice() {
        return Engines.get().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    /** A freshly initialised model on the preferred device, seeded by {@code config.seed()}. */
    public static SconeModel create(SconeConfig config) {
        return create(config, preferredDevice());
    }

    /** A freshly initialised model on {@code device}, seeded by {@code config.seed()}. */
    public static SconeModel create(SconeConfig config, Device device) {
        return create(config, device, true);
    }

    /**
     * A freshly initialised model; without A_F when {@code withFgramEncoder} is false, as for an
     * inference-only model whose f-gram embeddings come from a table.
     */
    static SconeModel create(SconeConfig config, Device device, boolean withFgramEncoder) {
        Engine engine = Engines.get();
        NDManager manager = engine.newBaseManager(device);
        try {
            SconeNetwork network = new SconeNetwork(config, withFgramEncoder);
            engine.setRandomSeed((int) config.seed());
            network.initialize(manager, DataType.FLOAT32, new Shape(1, 1, config.d()));
            return new SconeModel(config, manager, network);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public SconeConfig config() {
        return config;
    }

    public Device device() {
        return manager.getDevice();
    }

    /** Whether this model holds A_F and can therefore embed f-grams itself. */
    public boolean hasFgramEncoder() {
        return network.hasFgramEncoder();
    }

    /** The whole network as a DJL block mapping {@code inputs_embeds} to logits. */
    public Block block() {
        return network;
    }

    /** A manager on the model's device for one unit of work; the caller closes it. */
    public NDManager newManager() {
        return manager.newSubManager();
    }

    /** An empty KV cache for one sequence, living in {@code owner}. */
    public KvCache newKvCache(NDManager owner) {
        return new KvCache(owner, network.decoderLayers(), config.contextLength());
    }

    /** Every parameter under its documented name, in a stable order (see the class comment). */
    public Map<String, Parameter> namedParameters() {
        return namedParameters;
    }

    /** Total number of weights, A_F included. */
    public long parameterCount() {
        long count = 0;
        for (Parameter parameter : namedParameters.values()) {
            count += parameter.getArray().size();
        }
        return count;
    }

    ParameterStore parameterStore() {
        return parameterStore;
    }

    /**
     * The decoder's input vectors on the training path: T(t_i) where {@code matchLengths[b][i]} is
     * 0, else A_F's embedding of the f-gram {@code t[i-len+1 .. i]}. Each distinct f-gram of the
     * batch passes through A_F once, padded to the longest. A baseline model ignores match lengths.
     *
     * @param tokens token sequences (may differ in length; shorter ones are padded)
     * @param matchLengths per position the longest f-gram length ending there, or 0; null means no
     *     matches
     * @return (batch, longest sequence, d)
     * @throws IllegalArgumentException if tokens or match lengths break the model's limits
     * @throws IllegalStateException if positions match but this model has no A_F
     */
    public NDArray inputEmbeddings(
            NDManager owner, int[][] tokens, int[][] matchLengths, boolean training) {
        TokenBatch batch = TokenBatch.of(tokens, config);
        if (matchLengths == null || !config.hasFgramEncoder()) {
            return assemble(owner, batch, null, null, training);
        }
        batch.checkMatchLengths(matchLengths, config.maxFgramLength());
        if (!network.hasFgramEncoder() && anyMatch(matchLengths)) {
            throw new IllegalStateException(
                    "This model was loaded without its f-gram model A_F; give it precomputed"
                            + " f-gram vectors instead of match lengths.");
        }
        FgramIndex distinct = new FgramIndex(64);
        List<int[]> fgrams = new ArrayList<>();
        int[] rows = new int[batch.paddedIds.length];
        Arrays.fill(rows, -1);
        for (int b = 0; b < batch.size; b++) {
            for (int i = 0; i < batch.lengths[b]; i++) {
                int length = matchLengths[b][i];
                if (length == 0) {
                    continue;
                }
                int from = i - length + 1;
                int row =
                        distinct.add(
                                FgramKey.lo(tokens[b], from, length),
                                FgramKey.hi(tokens[b], from, length));
                if (row == fgrams.size()) {
                    fgrams.add(Arrays.copyOfRange(tokens[b], from, i + 1));
                }
                rows[b * batch.width + i] = row;
            }
        }
        if (fgrams.isEmpty()) {
            return assemble(owner, batch, null, null, training);
        }
        NDArray fgramVectors = encodeFgrams(owner, fgrams, training);
        return assemble(owner, batch, fgramVectors, rows, training);
    }

    /**
     * The decoder's input vectors on the inference path: T(t_i), or the given precomputed f-gram
     * vector where a position matched. The inputs may continue a cached sequence, so match lengths
     * are not checked against positions here; the vectors decide.
     *
     * @return (batch, longest sequence, d)
     * @throws IllegalArgumentException if a vector's width is not d, or tokens break the limits
     */
    public NDArray inputEmbeddings(NDManager owner, List<SequenceInput> inputs) {
        int[][] tokens = new int[inputs.size()][];
        int matched = 0;
        for (int b = 0; b < tokens.length; b++) {
            tokens[b] = inputs.get(b).tokens();
            matched += inputs.get(b).matchedPositions();
        }
        TokenBatch batch = TokenBatch.of(tokens, config);
        if (matched == 0) {
            return assemble(owner, batch, null, null, false);
        }
        int width = config.d();
        float[] vectors = new float[matched * width];
        int[] rows = new int[batch.paddedIds.length];
        Arrays.fill(rows, -1);
        int next = 0;
        for (int b = 0; b < tokens.length; b++) {
            SequenceInput input = inputs.get(b);
            for (int i = 0; i < tokens[b].length; i++) {
                float[] vector = input.fgramVectors()[i];
                if (vector == null) {
                    continue;
                }
                if (vector.length != width) {
                    throw new IllegalArgumentException(
                            "The f-gram vector at position "
                                    + i
                                    + " of sequence "
                                    + b
                                    + " has "
                                    + vector.length
                                    + " values but the model width is "
                                    + width
                                    + ".");
                }
                System.arraycopy(vector, 0, vectors, next * width, width);
                rows[b * batch.width + i] = next++;
            }
        }
        NDArray replacements = owner.create(vectors, new Shape(matched, width));
        return assemble(owner, batch, replacements, rows, false);
    }

    private static boolean anyMatch(int[][] matchLengths) {
        for (int[] row : matchLengths) {
            for (int length : row) {
                if (length > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A_F over {@code fgrams}, one row each. */
    private NDArray encodeFgrams(NDManager owner, List<int[]> fgrams, boolean training) {
        int longest = 0;
        for (int[] fgram : fgrams) {
            longest = Math.max(longest, fgram.length);
        }
        long[] padded = new long[fgrams.size() * longest];
        int[] lengths = new int[fgrams.size()];
        for (int n = 0; n < fgrams.size(); n++) {
            int[] fgram = fgrams.get(n);
            lengths[n] = fgram.length;
            for (int k = 0; k < fgram.length; k++) {
                padded[n * longest + k] = fgram[k];
            }
        }
        NDArray ids = owner.create(padded, new Shape(fgrams.size(), longest));
        return network.encodeFgrams(parameterStore, ids, lengths, training);
    }

    /**
     * Gathers one vector per position from T's rows for the batch followed by the replacement rows,
     * so a matched position takes its f-gram vector instead of (not on top of) T(t_i) and gradients
     * reach both T and A_F.
     */
    private NDArray assemble(
            NDManager owner,
            TokenBatch batch,
            NDArray replacements,
            int[] replacementRows,
            boolean training) {
        NDArray ids = owner.create(batch.paddedIds);
        NDArray vectors = network.embedTokens(parameterStore, ids, training);
        if (replacements != null) {
            long positions = batch.paddedIds.length;
            long[] source = new long[(int) positions];
            for (int p = 0; p < positions; p++) {
                source[p] = replacementRows[p] >= 0 ? positions + replacementRows[p] : p;
            }
            NDArray candidates = vectors.concat(replacements, 0);
            NDArray index = owner.create(source);
            vectors =
                    index.getNDArrayInternal()
                            .embedding(index, candidates, SparseFormat.DENSE)
                            .singletonOrThrow();
        }
        return vectors.reshape(batch.size, batch.width, config.d());
    }

    /** Logits (batch, tokens, V) for input vectors (batch, tokens, d), from position 0. */
    public NDArray logits(NDArray inputsEmbeds, boolean training) {
        return network.decode(parameterStore, inputsEmbeds, null, training);
    }

    /**
     * Logits for input vectors that continue the sequence in {@code cache}, which is extended; for
     * incremental decoding. Positions continue from {@code cache.length()}.
     */
    public NDArray logits(NDArray inputsEmbeds, KvCache cache) {
        return network.decode(parameterStore, inputsEmbeds, cache, false);
    }

    /**
     * Log-probabilities of each next token: entry (b, i) is log p(t_{i+1} | t_0..t_i) for sequence
     * b; entries past a sequence's end are 0. Only the positions that predict a token are projected
     * onto the vocabulary.
     *
     * @param inputsEmbeds (batch, width, d) input vectors for {@code tokens}, width at least 2
     * @param tokens the sequences the input vectors stand for
     * @return (batch, width - 1)
     */
    public NDArray nextTokenLogProbs(NDArray inputsEmbeds, int[][] tokens, boolean training) {
        return nextTokenLogProbs(inputsEmbeds, TokenBatch.of(tokens, config), training);
    }

    private NDArray nextTokenLogProbs(NDArray inputsEmbeds, TokenBatch batch, boolean training) {
        int width = batch.width;
        if (width < 2) {
            throw new IllegalArgumentException(
                    "Next-token log-probabilities need a sequence of at least two tokens.");
        }
        NDManager owner = inputsEmbeds.getManager();
        long[] targets = new long[batch.size * (width - 1)];
        float[] valid = new float[targets.length];
        for (int b = 0; b < batch.size; b++) {
            for (int i = 0; i + 1 < width; i++) {
                targets[b * (width - 1) + i] = batch.paddedIds[b * width + i + 1];
                valid[b * (width - 1) + i] = i + 1 < batch.lengths[b] ? 1f : 0f;
            }
        }
        NDArray hidden = network.hidden(parameterStore, inputsEmbeds, null, training);
        NDArray predicting = hidden.get(new NDIndex(":, 0:" + (width - 1)));
        NDArray picked =
                network.project(parameterStore, predicting, training)
                        .logSoftmax(2)
                        .gather(owner.create(targets, new Shape(batch.size, width - 1, 1)), 2)
                        .reshape(batch.size, width - 1);
        return picked.mul(owner.create(valid, new Shape(batch.size, width - 1)));
    }

    /**
     * Mean next-token cross-entropy over every real prediction of the batch, on the training path
     * (A_F embeds the matched f-grams).
     *
     * @return a scalar
     * @throws IllegalArgumentException if the batch holds no prediction (all sequences of one
     *     token) or breaks the model's limits
     */
    public NDArray loss(NDManager owner, int[][] tokens, int[][] matchLengths, boolean training) {
        TokenBatch batch = TokenBatch.of(tokens, config);
        long predictions = batch.predictions();
        if (predictions == 0) {
            throw new IllegalArgumentException(
                    "A training batch needs a sequence of at least two tokens.");
        }
        NDArray embeds = inputEmbeddings(owner, tokens, matchLengths, training);
        NDArray logProbs = nextTokenLogProbs(embeds, batch, training);
        return logProbs.sum().neg().div(predictions);
    }

    /**
     * {@link #loss} without gradients or dropout, read back as a number: the mean next-token
     * cross-entropy of the batch, for measuring a validation loss while training.
     */
    public float evaluationLoss(int[][] tokens, int[][] matchLengths) {
        try (InferenceMode ignored = InferenceMode.enter();
                NDManager owner = newManager()) {
            return loss(owner, tokens, matchLengths, false).getFloat();
        }
    }

    /**
     * A_F's embeddings of {@code fgrams}, as stored in the precomputed table F.
     *
     * @param fgrams token ids, 2..K each
     * @return one vector of d values per f-gram
     * @throws IllegalStateException if this model has no A_F
     * @throws IllegalArgumentException if an f-gram's length or ids are out of range
     */
    public float[][] fgramEmbeddings(int[][] fgrams) {
        if (!network.hasFgramEncoder()) {
            throw new IllegalStateException(
                    "This model has no f-gram model A_F, so it cannot embed f-grams itself.");
        }
        for (int[] fgram : fgrams) {
            checkFgram(fgram);
        }
        float[][] embeddings = new float[fgrams.length][];
        int width = config.d();
        try (InferenceMode ignored = InferenceMode.enter()) {
            for (int start = 0; start < fgrams.length; start += FGRAM_CHUNK) {
                int end = Math.min(fgrams.length, start + FGRAM_CHUNK);
                try (NDManager owner = newManager()) {
                    List<int[]> chunk = List.of(fgrams).subList(start, end);
                    float[] flat = encodeFgrams(owner, chunk, false).toFloatArray();
                    for (int n = start; n < end; n++) {
                        embeddings[n] = new float[width];
                        System.arraycopy(flat, (n - start) * width, embeddings[n], 0, width);
                    }
                }
            }
        }
        return embeddings;
    }

    private void checkFgram(int[] fgram) {
        if (fgram.length < 2 || fgram.length > config.maxFgramLength()) {
            throw new IllegalArgumentException(
                    "An f-gram has 2 to "
                            + config.maxFgramLength()
                            + " tokens, not "
                            + fgram.length
                            + ".");
        }
        for (int token : fgram) {
            if (token < 0 || token >= config.vocabSize()) {
                throw new IllegalArgumentException(
                        "Token id "
                                + token
                                + " of an f-gram is outside the vocabulary of "
                                + config.vocabSize()
                                + " tokens.");
            }
        }
    }

    /** Frees the weights; arrays from managers this model handed out are freed with them. */
    @Override
    public void close() {
        manager.close();
    }
}
