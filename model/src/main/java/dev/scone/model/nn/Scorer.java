package dev.scone.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores token sequences with a SCONE model: per-token log-probabilities, log-likelihood and
 * perplexity. Sequences of a batch may differ in length; each is scored exactly as if alone.
 *
 * <p>Like a DJL {@code Predictor}: one instance per thread, not thread-safe, close when done.
 * Several scorers may share one model.
 */
public final class Scorer implements AutoCloseable {

    private final SconeModel model;
    private final NDManager manager;

    public Scorer(SconeModel model) {
        this.model = model;
        this.manager = model.newManager();
    }

    /**
     * Scores sequences whose matched positions carry precomputed f-gram vectors (the serving path:
     * vectors come from the f-gram table).
     *
     * @throws IllegalArgumentException if an input breaks the model's limits
     */
    public ScoreBatch score(List<SequenceInput> inputs) {
        int[][] tokens = tokensOf(inputs);
        return score(tokens, owner -> model.inputEmbeddings(owner, inputs));
    }

    /** Scores {@code tokens}, looking every position up in {@code lookup}. */
    public ScoreBatch score(int[][] tokens, FgramLookup lookup) {
        List<SequenceInput> inputs = new ArrayList<>(tokens.length);
        for (int[] sequence : tokens) {
            inputs.add(SequenceInput.lookup(sequence, lookup));
        }
        return score(inputs);
    }

    /**
     * Scores with A_F embedding the matched f-grams on the fly (the training path), for evaluating
     * a model that still holds A_F.
     *
     * @param matchLengths per position the longest f-gram length ending there, or 0
     */
    public ScoreBatch scoreWithFgramEncoder(int[][] tokens, int[][] matchLengths) {
        return score(tokens, owner -> model.inputEmbeddings(owner, tokens, matchLengths, false));
    }

    private interface Embedder {
        NDArray embed(NDManager owner);
    }

    private ScoreBatch score(int[][] tokens, Embedder embedder) {
        int width = 0;
        for (int[] sequence : tokens) {
            width = Math.max(width, sequence.length);
        }
        float[] flat = null;
        try (InferenceMode ignored = InferenceMode.enter();
                NDManager owner = manager.newSubManager()) {
            NDArray embeds = embedder.embed(owner);
            if (width > 1) {
                flat = model.nextTokenLogProbs(embeds, tokens, false).toFloatArray();
            }
        }
        return collect(tokens, width, flat);
    }

    private static ScoreBatch collect(int[][] tokens, int width, float[] flat) {
        float[][] logProbs = new float[tokens.length][];
        double[] logLikelihoods = new double[tokens.length];
        double[] perplexities = new double[tokens.length];
        for (int b = 0; b < tokens.length; b++) {
            int predictions = tokens[b].length - 1;
            logProbs[b] = new float[predictions];
            double sum = 0;
            for (int i = 0; i < predictions; i++) {
                logProbs[b][i] = flat[b * (width - 1) + i];
                sum += logProbs[b][i];
            }
            logLikelihoods[b] = sum;
            perplexities[b] = predictions == 0 ? Double.NaN : Math.exp(-sum / predictions);
        }
        return new ScoreBatch(logProbs, logLikelihoods, perplexities);
    }

    private static int[][] tokensOf(List<SequenceInput> inputs) {
        int[][] tokens = new int[inputs.size()][];
        for (int b = 0; b < tokens.length; b++) {
            tokens[b] = inputs.get(b).tokens();
        }
        return tokens;
    }

    @Override
    public void close() {
        manager.close();
    }
}
