package dev.scone.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.scone.model.nn.GenerationParams;
import dev.scone.model.nn.Generator;
import dev.scone.model.nn.SconeModel;
import dev.scone.model.nn.SconeModelIO;
import dev.scone.model.nn.SequenceInput;
import dev.scone.model.serving.ScoredDocument;
import dev.scone.model.serving.TableLookup;
import dev.scone.model.serving.WindowedScorer;
import dev.scone.model.table.FgramTable;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import dev.scone.schemas.Document;
import dev.scone.schemas.Result;
import dev.scone.schemas.Task;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the service must answer, computed without Flink: scores from {@link WindowedScorer} and
 * continuations from {@link Generator}, both with the table looked up directly ({@link
 * TableLookup}), as the service's keyed state and replica must also see it.
 */
final class OfflineResults implements AutoCloseable {

    private final SconeModel model;
    private final TableLookup lookup;

    OfflineResults(Path modelDir, FgramTable table) throws IOException {
        this.model = SconeModelIO.load(modelDir);
        this.lookup = new TableLookup(table, model.config().maxFgramLength());
    }

    /**
     * Checks that {@code results} holds exactly one result per document and that each equals the
     * offline answer.
     */
    void assertExactlyOneCorrectResultEach(
            List<Document> documents, Map<String, List<Result>> results) {
        assertThat(results.keySet())
                .as("ids with a result")
                .containsExactlyInAnyOrderElementsOf(
                        documents.stream().map(Document::getId).toList());
        assertThat(results.entrySet())
                .as("results per document id")
                .allSatisfy(entry -> assertThat(entry.getValue()).as(entry.getKey()).hasSize(1));

        List<Document> scored = new ArrayList<>();
        List<SequenceInput> inputs = new ArrayList<>();
        for (Document document : documents) {
            Result result = results.get(document.getId()).get(0);
            int[] tokens = Gpt2Tokenizer.get().encode(document.getText());
            assertThat(result.getTokens())
                    .as("tokens of %s", document.getId())
                    .isEqualTo(tokens.length);
            if (document.getTask() == Task.GENERATE) {
                assertGenerated(document, tokens, result);
            } else {
                scored.add(document);
                inputs.add(SequenceInput.lookup(tokens, lookup));
            }
        }
        List<ScoredDocument> expected;
        try (WindowedScorer scorer = new WindowedScorer(model, 8)) {
            expected = scorer.score(inputs);
        }
        for (int i = 0; i < scored.size(); i++) {
            assertScored(
                    scored.get(i).getId(),
                    expected.get(i),
                    results.get(scored.get(i).getId()).get(0));
        }
    }

    private void assertGenerated(Document document, int[] prompt, Result result) {
        int[] expected;
        try (Generator generator = new Generator(model, lookup)) {
            expected =
                    generator.generate(
                            prompt,
                            new GenerationParams(
                                    document.getMaxNewTokens(),
                                    document.getTemperature(),
                                    document.getTopK(),
                                    document.getSeed(),
                                    -1));
        }
        assertThat(result.getGeneratedTokens())
                .as("tokens generated for %s", document.getId())
                .containsExactly(java.util.Arrays.stream(expected).boxed().toArray(Integer[]::new));
    }

    private static void assertScored(String id, ScoredDocument offline, Result result) {
        assertThat(result.getMatchedPositions())
                .as("matched positions of %s", id)
                .isEqualTo(offline.matchedPositions());
        assertThat(result.getMeanMatchLength())
                .as("mean match length of %s", id)
                .isCloseTo(offline.meanMatchLength(), within(1e-9));
        assertThat(result.getLogLikelihood())
                .as("log-likelihood of %s", id)
                .isCloseTo(
                        offline.logLikelihood(),
                        within(1e-3 * Math.max(1, Math.abs(offline.logLikelihood()))));
        assertThat(result.getPerplexity())
                .as("perplexity of %s", id)
                .isCloseTo(offline.perplexity(), within(1e-3 * offline.perplexity()));
    }

    @Override
    public void close() {
        model.close();
    }
}
