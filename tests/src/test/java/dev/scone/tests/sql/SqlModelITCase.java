package dev.scone.tests.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.scone.model.evaluation.DocumentScore;
import dev.scone.model.evaluation.DocumentScorer;
import dev.scone.model.evaluation.ServedModel;
import dev.scone.model.nn.GenerationParams;
import dev.scone.model.nn.Generator;
import dev.scone.model.progress.ProgressReporter;
import dev.scone.model.serving.ScoredDocument;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import dev.scone.tests.fixtures.InstalledModel;
import dev.scone.tests.fixtures.SampleTexts;
import dev.scone.tests.fixtures.TinySconeModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ML_PREDICT} with the scone provider on a MiniCluster at parallelism 2, over a bounded
 * table of documents: every row must equal offline scoring, generation must repeat itself for a
 * seed, and each mistake in a model's definition must fail planning with its own sentence.
 */
class SqlModelITCase {

    /** Small and untrained; a context of 24 tokens sends the long document through windows. */
    private static final TinySconeModel MODEL = SampleTexts.model("tiny-sql-1", 11L);

    private static final Map<String, String> DOCUMENTS = SampleTexts.documents();

    static {
        DOCUMENTS.put("quote", "It's 'quoted' for the first time; of the United States");
    }

    @TempDir static Path temp;

    private static InstalledModel installed;
    private static Path tableFile;
    private static StreamTableEnvironment tables;

    @BeforeAll
    static void setUp() throws Exception {
        installed = InstalledModel.install(MODEL, temp);
        tableFile = installed.tableFile();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        tables = StreamTableEnvironment.create(env);
        StringBuilder values = new StringBuilder();
        for (var document : DOCUMENTS.entrySet()) {
            values.append(values.length() == 0 ? "" : ", ")
                    .append("(")
                    .append(literal(document.getKey()))
                    .append(", ")
                    .append(literal(document.getValue()))
                    .append(")");
        }
        tables.executeSql(
                "CREATE TEMPORARY VIEW docs AS SELECT CAST(id AS STRING) AS id,"
                        + " CAST(body AS STRING) AS body FROM (VALUES "
                        + values
                        + ") AS t(id, body)");
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String with(String... options) {
        List<String> all = new ArrayList<>();
        all.add("'provider' = 'scone'");
        all.add("'model' = " + literal(installed.dir().toString()));
        for (int i = 0; i < options.length; i += 2) {
            all.add(literal(options[i]) + " = " + literal(options[i + 1]));
        }
        return " WITH (" + String.join(", ", all) + ")";
    }

    private static List<Row> query(String sql) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tables.executeSql(sql).collect()) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        }
        return rows;
    }

    @Test
    void scoresEveryRowAsOfflineScoringDoes() throws Exception {
        tables.executeSql(
                "CREATE MODEL scorer INPUT (body STRING) OUTPUT (tokens INT, log_likelihood"
                        + " DOUBLE, perplexity DOUBLE, matched_positions INT, mean_match_length"
                        + " DOUBLE, table_version STRING)"
                        + with("table", tableFile.toString(), "batch-size", "3"));
        List<Row> rows =
                query(
                        "SELECT id, tokens, log_likelihood, perplexity, matched_positions,"
                                + " mean_match_length, table_version FROM ML_PREDICT(TABLE docs,"
                                + " MODEL scorer, DESCRIPTOR(body))");

        Map<String, DocumentScore> offline = new HashMap<>();
        try (ServedModel served = installed.serve(tableFile);
                DocumentScorer scorer = new DocumentScorer(served)) {
            List<String> ids = new ArrayList<>(DOCUMENTS.keySet());
            List<DocumentScore> scores = scorer.score(ids, new ArrayList<>(DOCUMENTS.values()));
            for (int i = 0; i < ids.size(); i++) {
                offline.put(ids.get(i), scores.get(i));
            }
            assertThat(rows).hasSize(DOCUMENTS.size());
            for (Row row : rows) {
                String id = (String) row.getField("id");
                DocumentScore score = offline.get(id);
                assertThat(score).as("a row for a document of the table: %s", id).isNotNull();
                assertThat(row.getField("tokens")).as("tokens of %s", id).isEqualTo(score.tokens());
                ScoredDocument expected = score.scored();
                assertThat((Integer) row.getField("matched_positions"))
                        .as("matched positions of %s", id)
                        .isEqualTo(expected.matchedPositions());
                assertThat((Double) row.getField("mean_match_length"))
                        .as("mean match length of %s", id)
                        .isCloseTo(expected.meanMatchLength(), within(1e-9));
                double logLikelihood = expected.logLikelihood();
                assertThat((Double) row.getField("log_likelihood"))
                        .as("log-likelihood of %s", id)
                        .isCloseTo(
                                logLikelihood, within(1e-3 * Math.max(1, Math.abs(logLikelihood))));
                assertThat((Double) row.getField("perplexity"))
                        .as("perplexity of %s", id)
                        .isCloseTo(expected.perplexity(), within(1e-3 * expected.perplexity()));
                assertThat(row.getField("table_version")).isEqualTo(served.tableVersion());
            }
        }
        assertThat(
                        rows.stream()
                                .map(row -> (String) row.getField("id"))
                                .collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(DOCUMENTS.keySet());
    }

    @Test
    void generatesTheSameContinuationForASeed() throws Exception {
        tables.executeSql(
                "CREATE MODEL writer INPUT (prompt STRING) OUTPUT (generated_text STRING,"
                        + " generated_tokens INT, prompt_tokens_dropped INT, tokens INT)"
                        + with(
                                "task", "generate",
                                "table", tableFile.toString(),
                                "max-new-tokens", "6",
                                "temperature", "0.9",
                                "top-k", "20",
                                "seed", "7"));
        String sql =
                "SELECT id, generated_text, generated_tokens, prompt_tokens_dropped, tokens FROM"
                        + " ML_PREDICT("
                        + "(SELECT id, body AS prompt FROM docs), MODEL writer, DESCRIPTOR(prompt))";
        Map<String, String> first = generated(query(sql));
        Map<String, String> second = generated(query(sql));
        assertThat(first).containsOnlyKeys(DOCUMENTS.keySet()).isEqualTo(second);

        try (ServedModel served = installed.serve(tableFile);
                Generator generator = new Generator(served.model(), served.lookup())) {
            for (var document : DOCUMENTS.entrySet()) {
                int[] prompt = Gpt2Tokenizer.get().encode(document.getValue());
                int[] tokens =
                        generator.generate(prompt, new GenerationParams(6, 0.9f, 20, 7L, -1));
                assertThat(first.get(document.getKey()))
                        .as("continuation of %s", document.getKey())
                        .isEqualTo(Gpt2Tokenizer.get().decode(tokens));
            }
        }
    }

    private static Map<String, String> generated(List<Row> rows) {
        Map<String, String> texts = new HashMap<>();
        for (Row row : rows) {
            String text = (String) row.getField("generated_text");
            assertThat((Integer) row.getField("generated_tokens")).isBetween(1, 6);
            texts.put((String) row.getField("id"), text);
        }
        return texts;
    }

    /** Plans ML_PREDICT over model {@code name} and expects it to fail saying {@code message}. */
    private static void assertPlanningFails(String name, String model, String message) {
        assertPlanningFails(name, model, "TABLE docs", "body", message);
    }

    private static void assertPlanningFails(
            String name, String model, String input, String descriptor, String message) {
        tables.executeSql("CREATE MODEL " + name + " " + model);
        assertThatThrownBy(
                        () ->
                                tables.explainSql(
                                        "SELECT * FROM ML_PREDICT("
                                                + input
                                                + ", MODEL "
                                                + name
                                                + ", DESCRIPTOR("
                                                + descriptor
                                                + "))"))
                .hasStackTraceContaining(message);
    }

    @Test
    void refusesAnUnknownOption() {
        assertPlanningFails(
                "unknown_option",
                "INPUT (body STRING) OUTPUT (perplexity DOUBLE)" + with("batch_size", "4"),
                "batch_size");
        assertPlanningFails(
                "unknown_option_named",
                "INPUT (body STRING) OUTPUT (perplexity DOUBLE)" + with("temprature", "1"),
                "Unsupported options");
    }

    @Test
    void refusesAnInputThatIsNotOneStringColumn() {
        assertPlanningFails(
                "two_inputs",
                "INPUT (body STRING, title STRING) OUTPUT (perplexity DOUBLE)" + with(),
                "TABLE docs",
                "id, body",
                "A scone model takes exactly one STRING column as INPUT");
        assertPlanningFails(
                "int_input",
                "INPUT (body INT) OUTPUT (perplexity DOUBLE)" + with(),
                "(SELECT CHAR_LENGTH(body) AS body FROM docs)",
                "body",
                "A scone model takes exactly one STRING column as INPUT");
    }

    @Test
    void refusesOutputColumnsTheTaskDoesNotProduce() {
        assertPlanningFails(
                "score_generates",
                "INPUT (body STRING) OUTPUT (generated_text STRING)" + with(),
                "Task score produces no OUTPUT column 'generated_text'; it produces tokens INT,");
        assertPlanningFails(
                "generate_scores",
                "INPUT (body STRING) OUTPUT (perplexity DOUBLE)" + with("task", "generate"),
                "Task generate produces no OUTPUT column 'perplexity'");
        assertPlanningFails(
                "unknown_output",
                "INPUT (body STRING) OUTPUT (sentiment STRING)" + with(),
                "Task score produces no OUTPUT column 'sentiment'");
        assertPlanningFails(
                "wrong_type",
                "INPUT (body STRING) OUTPUT (perplexity INT)" + with(),
                "OUTPUT column perplexity is DOUBLE, not INT");
    }

    @Test
    void refusesAModelOrTableThatDoesNotExistOrMatch() throws Exception {
        assertPlanningFails(
                "no_model",
                "INPUT (body STRING) OUTPUT (perplexity DOUBLE) WITH ('provider' = 'scone',"
                        + " 'model' = "
                        + literal(temp.resolve("no-such-model").toString())
                        + ")",
                "No model '" + temp.resolve("no-such-model") + "'");
        assertPlanningFails(
                "no_table",
                "INPUT (body STRING) OUTPUT (perplexity DOUBLE)"
                        + with("table", temp.resolve("missing.sctbl").toString()),
                "There is no table file " + temp.resolve("missing.sctbl"));

        TinySconeModel other =
                new TinySconeModel("tiny-sql-other", 24, 12L, List.of(" something else entirely"));
        Path otherDir = other.writeTo(temp.resolve("models/other"));
        Path otherTable = installed.repository().table(otherDir, ProgressReporter.silent());
        assertPlanningFails(
                "foreign_table",
                "INPUT (body STRING) OUTPUT (perplexity DOUBLE)"
                        + with("table", otherTable.toString()),
                "does not fit this model");
        assertPlanningFails(
                "two_tables",
                "INPUT (body STRING) OUTPUT (perplexity DOUBLE)"
                        + with(
                                "table", tableFile.toString(),
                                "table.topic", "scone.fgram-table",
                                "properties.bootstrap.servers", "127.0.0.1:1"),
                "not both");
    }
}
