package dev.scone.model.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.scone.model.corpus.CorpusDocuments;
import dev.scone.model.progress.ProgressReporter;
import dev.scone.model.serving.ScoredDocument;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import dev.scone.model.training.TinyCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PerplexityEvaluationTest {

    @RegisterExtension static final TrainedModels MODELS = new TrainedModels();

    private static List<int[]> tokenized(Path corpus) throws IOException {
        List<int[]> documents = new ArrayList<>();
        for (String text : CorpusDocuments.read(corpus)) {
            documents.add(Gpt2Tokenizer.get().encode(text));
        }
        return documents;
    }

    @Test
    void everyModelIsScoredOnTheSameTokensOfEveryCorpus() throws IOException {
        Path heldOut = TinyCorpus.write(MODELS.root.resolve("held-out.txt"), 20, 11L);
        long expectedTokens = 0;
        for (int[] document : tokenized(heldOut)) {
            expectedTokens += document.length - 1;
        }

        EvaluationReport report;
        try (ServedModel scone = MODELS.open(MODELS.scone);
                ServedModel baseline = MODELS.open(MODELS.baseline)) {
            report =
                    PerplexityEvaluation.evaluate(
                            List.of(scone, baseline),
                            List.of(MODELS.corpus, heldOut),
                            ProgressReporter.silent());

            double logLikelihood = 0;
            try (DocumentScorer scorer = new DocumentScorer(scone)) {
                for (ScoredDocument scored : scorer.scoreTokens(tokenized(heldOut))) {
                    logLikelihood += scored.logLikelihood();
                }
            }
            assertThat(report.result("scone", "held-out").perplexity())
                    .isCloseTo(Math.exp(-logLikelihood / expectedTokens), within(1e-6));
        }

        assertThat(report.corpora()).containsExactly("train", "held-out");
        assertThat(report.models())
                .extracting(ModelSummary::name)
                .containsExactly("scone", "baseline");
        for (String model : List.of("scone", "baseline")) {
            assertThat(report.result(model, "held-out").tokens()).isEqualTo(expectedTokens);
            // Far below the uniform guess over the tiny vocabulary: the models learned the corpus.
            assertThat(report.result(model, "train").perplexity())
                    .isLessThan(TinyCorpus.VOCAB_SIZE / 10.0);
        }
        assertThat(report.models().get(0).fgrams()).isPositive();
        assertThat(report.models().get(1).fgrams()).isZero();
    }

    @Test
    void corporaAreNamedAfterTheirFilesAndNamesMustDiffer() throws IOException {
        assertThat(PerplexityEvaluation.corpusName(Path.of("var/corpora/test/brown-a.txt")))
                .isEqualTo("brown-a");
        Path other = Files.createDirectories(MODELS.root.resolve("other"));
        Path twin = TinyCorpus.write(other.resolve("train.txt"), 3, 1L);
        try (ServedModel baseline = MODELS.open(MODELS.baseline)) {
            assertThatThrownBy(
                            () ->
                                    PerplexityEvaluation.evaluate(
                                            List.of(baseline),
                                            List.of(MODELS.corpus, twin),
                                            ProgressReporter.silent()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "Two corpus files are named train; each corpus needs its own name.");
        }
    }
}
