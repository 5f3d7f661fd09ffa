package dev.scone.model.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.model.matching.LongestMatcher;
import dev.scone.model.nn.SconeConfig;
import dev.scone.model.nn.ScoreBatch;
import dev.scone.model.nn.Scorer;
import dev.scone.model.serving.WindowedScorer;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import dev.scone.model.training.TinyCorpus;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DocumentScorerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension static final TrainedModels MODELS = new TrainedModels();

    /** Several documents joined into one, longer than the tiny models' context of 16. */
    private static String longDocument() {
        return String.join("", TinyCorpus.documents(6, 8L));
    }

    @Test
    void aScoreLineHasTheServiceResultFields() throws IOException {
        String text = longDocument();
        try (ServedModel served = MODELS.open(MODELS.scone);
                DocumentScorer scorer = new DocumentScorer(served, 4)) {
            DocumentScore score = scorer.score(List.of("doc-1"), List.of(text)).get(0);
            JsonNode line = JSON.readTree(score.toJson(false));
            JsonNode withLogProbs = JSON.readTree(score.toJson(true));

            assertThat(line.fieldNames())
                    .toIterable()
                    .containsExactly(
                            "id",
                            "tokens",
                            "logLikelihood",
                            "perplexity",
                            "matchedPositions",
                            "meanMatchLength");
            int tokens = Gpt2Tokenizer.get().encode(text).length;
            assertThat(tokens).isGreaterThan(served.card().config().contextLength());
            assertThat(line.get("id").asText()).isEqualTo("doc-1");
            assertThat(line.get("tokens").asInt()).isEqualTo(tokens);
            double logLikelihood = line.get("logLikelihood").asDouble();
            assertThat(line.get("perplexity").asDouble())
                    .isCloseTo(Math.exp(-logLikelihood / (tokens - 1)), within(1e-9));
            assertThat(line.get("matchedPositions").asInt())
                    .isEqualTo(served.inputs(Gpt2Tokenizer.get().encode(text)).matchedPositions())
                    .isPositive();
            assertThat(line.get("meanMatchLength").asDouble()).isBetween(2.0, 5.0);

            JsonNode logProbs = withLogProbs.get("tokenLogProbs");
            assertThat(logProbs).hasSize(tokens - 1);
            double sum = 0;
            for (JsonNode logProb : logProbs) {
                sum += logProb.asDouble();
            }
            assertThat(sum).isCloseTo(logLikelihood, within(1e-3));
        }
    }

    @Test
    void theTablePathScoresLikeTheTrainingPathUpToBf16() throws IOException {
        LongestMatcher matcher = LongestMatcher.of(MODELS.repository.vocabulary(MODELS.scone));
        int compared = 0;
        try (ServedModel served = MODELS.open(MODELS.scone);
                DocumentScorer scorer = new DocumentScorer(served);
                Scorer trainingPath = new Scorer(served.model())) {
            for (String text : TinyCorpus.documents(30, 9L)) {
                int[] tokens = Gpt2Tokenizer.get().encode(text);
                if (tokens.length > served.card().config().contextLength()) {
                    continue; // one window, so both paths see the same context
                }
                double throughTable = scorer.scoreTokens(List.of(tokens)).get(0).logLikelihood();
                ScoreBatch throughFgramEncoder =
                        trainingPath.scoreWithFgramEncoder(
                                new int[][] {tokens}, new int[][] {matcher.match(tokens)});
                // The table stores A_F's outputs in bf16 (8 bits of mantissa).
                assertThat(throughTable)
                        .isCloseTo(
                                throughFgramEncoder.logLikelihoods()[0],
                                within(0.01 * tokens.length));
                compared++;
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aBaselineScoresWithoutMatches() throws IOException {
        try (ServedModel served = MODELS.open(MODELS.baseline);
                DocumentScorer scorer = new DocumentScorer(served)) {
            DocumentScore score = scorer.score(List.of("b"), List.of(longDocument())).get(0);
            assertThat(score.scored().matchedPositions()).isZero();
            assertThat(score.scored().meanMatchLength()).isZero();
            assertThat(score.scored().perplexity()).isGreaterThan(1.0);
        }
    }

    @Test
    void batchesKeepTheLogitsSmall() {
        SconeConfig gpt2 = SconeConfig.of(128, 4, 4, 128, 2, 4);
        assertThat(WindowedScorer.windowsPerBatch(gpt2)).isEqualTo(1);
        SconeConfig tiny = TinyCorpus.config(1);
        int windows = WindowedScorer.windowsPerBatch(tiny);
        long logitsBytes = (long) windows * tiny.contextLength() * tiny.vocabSize() * Float.BYTES;
        assertThat(windows).isGreaterThan(1);
        assertThat(logitsBytes).isLessThanOrEqualTo(WindowedScorer.LOGITS_BUDGET_BYTES);
    }

    @Test
    void idsAndTextsMustPair() throws IOException {
        try (ServedModel served = MODELS.open(MODELS.baseline);
                DocumentScorer scorer = new DocumentScorer(served)) {
            assertThatThrownBy(() -> scorer.score(List.of("a", "b"), List.of("text")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
