package dev.scone.model.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScorerTest extends TinyModelTest {

    /** log softmax of one row of logits, at {@code target}, in double precision. */
    private static double logProb(float[] logits, int row, int vocab, int target) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < vocab; v++) {
            max = Math.max(max, logits[row * vocab + v]);
        }
        double sum = 0;
        for (int v = 0; v < vocab; v++) {
            sum += Math.exp(logits[row * vocab + v] - max);
        }
        return logits[row * vocab + target] - max - Math.log(sum);
    }

    @Test
    void tokenLogProbsAreTheLogSoftmaxOfTheNextToken() {
        int[] tokens = {10, 20, 30, 40, 50};
        int vocab = model.config().vocabSize();
        float[] logits = TinyModels.logitsWithFgramEncoder(model, new int[][] {tokens}, null);
        ScoreBatch scores;
        try (Scorer scorer = new Scorer(model)) {
            scores = scorer.score(List.of(SequenceInput.tokensOnly(tokens)));
        }
        assertThat(scores.size()).isEqualTo(1);
        assertThat(scores.tokenLogProbs()[0]).hasSize(tokens.length - 1);
        double sum = 0;
        for (int i = 0; i + 1 < tokens.length; i++) {
            double expected = logProb(logits, i, vocab, tokens[i + 1]);
            assertThat((double) scores.tokenLogProbs()[0][i]).isCloseTo(expected, within(1e-4));
            sum += scores.tokenLogProbs()[0][i];
        }
        assertThat(scores.logLikelihoods()[0]).isCloseTo(sum, within(1e-9));
        assertThat(scores.perplexities()[0])
                .isCloseTo(Math.exp(-sum / (tokens.length - 1)), within(1e-6));
    }

    @Test
    void eachSequenceOfABatchScoresAsIfAlone() {
        Random random = new Random(11);
        int[][] tokens = {
            TinyModels.randomTokens(random, 9, 16),
            TinyModels.randomTokens(random, 3, 16),
            TinyModels.randomTokens(random, 1, 16)
        };
        TinyModels.EvenFgramLookup lookup = new TinyModels.EvenFgramLookup(model, true);
        try (Scorer scorer = new Scorer(model)) {
            ScoreBatch batch = scorer.score(tokens, lookup);
            for (int b = 0; b < tokens.length; b++) {
                ScoreBatch alone = scorer.score(new int[][] {tokens[b]}, lookup);
                assertThat(batch.tokenLogProbs()[b])
                        .containsExactly(alone.tokenLogProbs()[0], within(1e-5f));
            }
            assertThat(batch.tokenLogProbs()[2]).isEmpty();
            assertThat(batch.logLikelihoods()[2]).isZero();
            assertThat(batch.perplexities()[2]).isNaN();
        }
    }

    @Test
    void tableScoresMatchFgramModelScores() {
        Random random = new Random(5);
        int[][] tokens = {TinyModels.randomTokens(random, 16, 10)};
        TinyModels.EvenFgramLookup lookup = new TinyModels.EvenFgramLookup(model, false);
        int[][] matches = {lookup.matchLengths(tokens[0])};
        try (Scorer scorer = new Scorer(model)) {
            ScoreBatch viaTable = scorer.score(tokens, lookup);
            ScoreBatch viaFgramModel = scorer.scoreWithFgramEncoder(tokens, matches);
            assertThat(viaTable.tokenLogProbs()[0])
                    .containsExactly(viaFgramModel.tokenLogProbs()[0], within(1e-4f));
        }
    }

    @Test
    void scorersOnSeveralThreadsShareOneModel() throws Exception {
        int[][] tokens = {{3, 1, 4, 1, 5, 9, 2, 6}};
        ScoreBatch expected;
        try (Scorer scorer = new Scorer(model)) {
            expected = scorer.score(tokens, new TinyModels.EvenFgramLookup(model, false));
        }
        float[][] results = new float[2][];
        Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++) {
            int index = t;
            threads[t] =
                    new Thread(
                            () -> {
                                try (Scorer scorer = new Scorer(model)) {
                                    results[index] =
                                            scorer.score(
                                                            tokens,
                                                            new TinyModels.EvenFgramLookup(
                                                                    model, false))
                                                    .tokenLogProbs()[0];
                                }
                            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        for (float[] result : results) {
            assertThat(result).containsExactly(expected.tokenLogProbs()[0], within(1e-5f));
        }
    }
}
