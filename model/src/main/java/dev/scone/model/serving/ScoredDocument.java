package dev.scone.model.serving;

/**
 * The score of one whole document.
 *
 * @param tokenLogProbs natural-log probability of every token after the first (n - 1 values)
 * @param logLikelihood their sum
 * @param matchedPositions positions whose input came from an f-gram
 * @param meanMatchLength mean f-gram length over matched positions, 0 when none matched
 */
public record ScoredDocument(
        float[] tokenLogProbs, double logLikelihood, int matchedPositions, double meanMatchLength) {

    /** Tokens predicted: all but the first. */
    public int predictedTokens() {
        return tokenLogProbs.length;
    }

    /** exp(-logLikelihood / predicted tokens); 1 for a one-token document (nothing predicted). */
    public double perplexity() {
        return tokenLogProbs.length == 0 ? 1.0 : Math.exp(-logLikelihood / tokenLogProbs.length);
    }
}
