package dev.scone.model.nn;

/**
 * Scores of a batch of sequences. For a sequence of n tokens, {@code tokenLogProbs[b]} has n - 1
 * entries: entry i is the natural-log probability of token i + 1 given tokens 0..i (the first token
 * has no context and is not scored).
 *
 * @param tokenLogProbs per sequence, the log-probability of each token after the first
 * @param logLikelihoods per sequence, the sum of its token log-probabilities
 * @param perplexities per sequence, exp(-logLikelihood / (n - 1)); NaN for a single token
 */
public record ScoreBatch(float[][] tokenLogProbs, double[] logLikelihoods, double[] perplexities) {

    /** Number of sequences scored. */
    public int size() {
        return tokenLogProbs.length;
    }
}
