package dev.scone.model.evaluation;

/**
 * A model's token-level score on one corpus.
 *
 * @param tokens tokens predicted: every token of every document but its first
 * @param logLikelihood sum of their natural-log probabilities
 */
public record CorpusPerplexity(long tokens, double logLikelihood) {

    /** exp(-logLikelihood / tokens); NaN when nothing was predicted. */
    public double perplexity() {
        return tokens == 0 ? Double.NaN : Math.exp(-logLikelihood / tokens);
    }

    /** Mean negative log-likelihood per token, in nats. */
    public double crossEntropy() {
        return tokens == 0 ? Double.NaN : -logLikelihood / tokens;
    }
}
