package dev.scone.model.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scone.model.files.PngCharts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * Per-corpus perplexity of several models over the same tokens: as one JSON object, a Markdown
 * table (with the mean over corpora, the paper's summary figure, and the models' sizes), a CSV and
 * a bar chart.
 */
public final class EvaluationReport {

    public static final String MARKDOWN_FILE = "perplexity.md";
    public static final String CSV_FILE = "perplexity.csv";
    public static final String JSON_FILE = "perplexity.json";
    public static final String CHART_FILE = "perplexity.png";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ModelSummary> models;
    private final List<String> corpora;
    private final Map<String, Map<String, CorpusPerplexity>> results;

    /**
     * @param models the models, in report order
     * @param corpora the corpus names, in report order
     * @param results per model name, per corpus name, the score
     * @throws IllegalArgumentException if a model lacks a corpus's score
     */
    public EvaluationReport(
            List<ModelSummary> models,
            List<String> corpora,
            Map<String, Map<String, CorpusPerplexity>> results) {
        this.models = List.copyOf(models);
        this.corpora = List.copyOf(corpora);
        this.results = new LinkedHashMap<>();
        for (ModelSummary model : models) {
            Map<String, CorpusPerplexity> scores = results.get(model.name());
            Map<String, CorpusPerplexity> copy = new LinkedHashMap<>();
            for (String corpus : corpora) {
                CorpusPerplexity score = scores == null ? null : scores.get(corpus);
                if (score == null) {
                    throw new IllegalArgumentException(
                            "Model " + model.name() + " has no score on corpus " + corpus + ".");
                }
                copy.put(corpus, score);
            }
            this.results.put(model.name(), copy);
        }
    }

    public List<ModelSummary> models() {
        return models;
    }

    public List<String> corpora() {
        return corpora;
    }

    /** The score of {@code model} on {@code corpus}. */
    public CorpusPerplexity result(String model, String corpus) {
        Map<String, CorpusPerplexity> scores = results.get(model);
        if (scores == null || !scores.containsKey(corpus)) {
            throw new IllegalArgumentException(
                    "The report has no score of model " + model + " on corpus " + corpus + ".");
        }
        return scores.get(corpus);
    }

    /** Mean of the model's per-corpus perplexities, each corpus weighing the same. */
    public double meanPerplexity(String model) {
        double sum = 0;
        for (String corpus : corpora) {
            sum += result(model, corpus).perplexity();
        }
        return sum / corpora.size();
    }

    /**
     * One JSON object: {@code {"models":{NAME:{CORPUS:{"tokens":N,"perplexity":P}}}}}; a corpus
     * with nothing to predict has perplexity null.
     */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode byModel = root.putObject("models");
        for (ModelSummary model : models) {
            ObjectNode byCorpus = byModel.putObject(model.name());
            for (String corpus : corpora) {
                CorpusPerplexity score = result(model.name(), corpus);
                ObjectNode entry = byCorpus.putObject(corpus);
                entry.put("tokens", score.tokens());
                if (score.tokens() == 0) {
                    entry.putNull("perplexity");
                } else {
                    entry.put("perplexity", score.perplexity());
                }
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The report could not be written as JSON.", e);
        }
    }

    /** A Markdown table of perplexities (corpora down, models across) and one of the models. */
    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("| corpus | tokens |");
        for (ModelSummary model : models) {
            md.append(' ').append(model.name()).append(" |");
        }
        md.append("\n|---|---:|");
        md.append("---:|".repeat(models.size()));
        md.append('\n');
        for (String corpus : corpora) {
            md.append("| ").append(corpus).append(" | ");
            md.append(String.format(Locale.ROOT, "%,d", tokensOf(corpus))).append(" |");
            for (ModelSummary model : models) {
                md.append(' ')
                        .append(number(result(model.name(), corpus).perplexity()))
                        .append(" |");
            }
            md.append('\n');
        }
        md.append("| **mean over corpora** | |");
        for (ModelSummary model : models) {
            md.append(" **").append(number(meanPerplexity(model.name()))).append("** |");
        }
        md.append("\n\n");
        md.append("Token-level perplexity, exp(-sum log p / tokens); lower is better.\n\n");
        md.append("| model | version | non-embedding parameters | A_F parameters | f-grams |")
                .append(" inference FLOPs/token |\n");
        md.append("|---|---|---:|---:|---:|---:|\n");
        for (ModelSummary model : models) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %,d | %,d | %,d | %,d |%n",
                            model.name(),
                            model.modelVersion(),
                            model.nonEmbeddingParameters(),
                            model.fgramEncoderParameters(),
                            model.fgrams(),
                            model.inferenceFlopsPerToken()));
        }
        return md.toString();
    }

    /** One row per model and corpus: {@code model,corpus,tokens,log_likelihood,perplexity}. */
    public String toCsv() {
        StringBuilder csv = new StringBuilder("model,corpus,tokens,log_likelihood,perplexity\n");
        for (ModelSummary model : models) {
            for (String corpus : corpora) {
                CorpusPerplexity score = result(model.name(), corpus);
                csv.append(
                        String.format(
                                Locale.ROOT,
                                "%s,%s,%d,%.6f,%.6f%n",
                                model.name(),
                                corpus,
                                score.tokens(),
                                score.logLikelihood(),
                                score.perplexity()));
            }
        }
        return csv.toString();
    }

    /** A grouped bar chart: perplexity per corpus, one bar per model. */
    public void writeChart(Path png) throws IOException {
        PngCharts.headless();
        CategoryChart chart =
                new CategoryChartBuilder()
                        .width(Math.max(700, 90 * corpora.size() * Math.max(1, models.size())))
                        .height(520)
                        .title("Perplexity per corpus (lower is better)")
                        .xAxisTitle("corpus")
                        .yAxisTitle("perplexity")
                        .build();
        chart.getStyler().setXAxisLabelRotation(45);
        for (ModelSummary model : models) {
            List<Number> values = new ArrayList<>(corpora.size());
            for (String corpus : corpora) {
                double perplexity = result(model.name(), corpus).perplexity();
                values.add(Double.isNaN(perplexity) ? 0 : perplexity);
            }
            chart.addSeries(model.name(), corpora, values);
        }
        PngCharts.write(chart, png);
    }

    /**
     * Writes {@value #MARKDOWN_FILE}, {@value #CSV_FILE}, {@value #JSON_FILE} and {@value
     * #CHART_FILE} into {@code dir}.
     *
     * @return the files written
     */
    public List<Path> writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path markdown = dir.resolve(MARKDOWN_FILE);
        Path csv = dir.resolve(CSV_FILE);
        Path json = dir.resolve(JSON_FILE);
        Path chart = dir.resolve(CHART_FILE);
        Files.writeString(markdown, toMarkdown(), StandardCharsets.UTF_8);
        Files.writeString(csv, toCsv(), StandardCharsets.UTF_8);
        Files.writeString(json, toJson() + "\n", StandardCharsets.UTF_8);
        writeChart(chart);
        return List.of(markdown, csv, json, chart);
    }

    /** Tokens of a corpus; every model is scored on the same tokens, so the first one's count. */
    private long tokensOf(String corpus) {
        return models.isEmpty() ? 0 : result(models.get(0).name(), corpus).tokens();
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }
}
