package dev.scone.model.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationReportTest {

    private static final ModelSummary SCONE = new ModelSummary("scone", "scone-v1", 10, 5, 100, 99);
    private static final ModelSummary BASELINE =
            new ModelSummary("baseline", "baseline-v1", 10, 0, 0, 99);

    /** Log-likelihoods chosen so perplexities are e^2, e^3, e^2.5 and e^3.5. */
    private static EvaluationReport report() {
        return new EvaluationReport(
                List.of(SCONE, BASELINE),
                List.of("brown-a", "fortunes"),
                Map.of(
                        "scone",
                        Map.of(
                                "brown-a", new CorpusPerplexity(100, -200),
                                "fortunes", new CorpusPerplexity(50, -150)),
                        "baseline",
                        Map.of(
                                "brown-a", new CorpusPerplexity(100, -250),
                                "fortunes", new CorpusPerplexity(50, -175))));
    }

    @Test
    void jsonIsOneObjectOfModelsCorporaTokensAndPerplexity() throws IOException {
        JsonNode root = new ObjectMapper().readTree(report().toJson());

        assertThat(root.fieldNames()).toIterable().containsExactly("models");
        JsonNode models = root.get("models");
        assertThat(models.fieldNames()).toIterable().containsExactly("scone", "baseline");
        JsonNode entry = models.get("scone").get("fortunes");
        assertThat(entry.fieldNames()).toIterable().containsExactly("tokens", "perplexity");
        assertThat(entry.get("tokens").asLong()).isEqualTo(50);
        assertThat(entry.get("perplexity").asDouble()).isCloseTo(Math.exp(3), within(1e-9));
        assertThat(models.get("baseline").get("brown-a").get("perplexity").asDouble())
                .isCloseTo(Math.exp(2.5), within(1e-9));
        assertThat(report().toJson()).doesNotContain("\n");
    }

    @Test
    void markdownHasARowPerCorpusAndTheMeanOverCorpora() {
        String markdown = report().toMarkdown();

        assertThat(markdown).contains("| corpus | tokens | scone | baseline |");
        assertThat(markdown)
                .contains(
                        String.format(
                                "| brown-a | 100 | %.2f | %.2f |", Math.exp(2), Math.exp(2.5)));
        assertThat(markdown)
                .contains(
                        String.format(
                                "| **mean over corpora** | | **%.2f** |",
                                (Math.exp(2) + Math.exp(3)) / 2));
        assertThat(markdown).contains("| scone | scone-v1 | 10 | 5 | 100 | 99 |");
    }

    @Test
    void csvHasARowPerModelAndCorpus() {
        List<String> lines = report().toCsv().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo("model,corpus,tokens,log_likelihood,perplexity");
        assertThat(lines.get(1)).startsWith("scone,brown-a,100,-200.000000,7.389");
    }

    @Test
    void allFormatsAreWritten(@TempDir Path dir) throws IOException {
        List<Path> files = report().writeTo(dir);

        assertThat(files)
                .extracting(path -> path.getFileName().toString())
                .containsExactly(
                        "perplexity.md", "perplexity.csv", "perplexity.json", "perplexity.png");
        byte[] png = Files.readAllBytes(dir.resolve(EvaluationReport.CHART_FILE));
        assertThat(png[1]).isEqualTo((byte) 'P');
        assertThat(png[2]).isEqualTo((byte) 'N');
        assertThat(png[3]).isEqualTo((byte) 'G');
    }

    @Test
    void aMissingScoreIsRefused() {
        assertThatThrownBy(
                        () ->
                                new EvaluationReport(
                                        List.of(SCONE),
                                        List.of("brown-a"),
                                        Map.of("scone", Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Model scone has no score on corpus brown-a.");
    }
}
