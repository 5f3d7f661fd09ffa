package dev.scone.tests.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.model.evaluation.DocumentScore;
import dev.scone.model.evaluation.DocumentScorer;
import dev.scone.model.evaluation.ServedModel;
import dev.scone.schemas.topic.SconeTopics;
import dev.scone.tests.fixtures.ModelOnBroker;
import dev.scone.tests.fixtures.SampleTexts;
import dev.scone.tests.fixtures.TinySconeModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scone sql} against a real broker: a Kafka source table of JSON documents, ML_PREDICT with
 * a model whose tasks follow the table changelog topic with a replica, a Kafka sink table of
 * scores; then the scores read back with {@code --format json}. Every score must equal offline
 * scoring of the same text with the same table.
 */
class SqlKafkaITCase {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final TinySconeModel MODEL = SampleTexts.model("tiny-sql-kafka-1", 5L);

    private static final Map<String, String> DOCUMENTS = new LinkedHashMap<>();

    static {
        DOCUMENTS.put("d1", "The jury said it was a dark and stormy night.");
        DOCUMENTS.put(
                "d2",
                "A dark and stormy night of the United States, and the jury said it again for"
                        + " the first time of the United States.");
        DOCUMENTS.put("d3", "Nothing here matches.");
        DOCUMENTS.put("d4", "of the United States");
    }

    @RegisterExtension static final ModelOnBroker stack = new ModelOnBroker(MODEL);

    @TempDir static Path dir;

    @BeforeAll
    static void start() throws Exception {
        try (Admin admin = Admin.create(stack.broker().clientProperties().toMap())) {
            admin.createTopics(List.of(new NewTopic("sql.scores", 2, (short) 1))).all().get();
        }
        Properties producer = stack.broker().clientProperties().toProperties();
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> kafka = new KafkaProducer<>(producer)) {
            for (var document : DOCUMENTS.entrySet()) {
                Map<String, String> json =
                        Map.of("id", document.getKey(), "text", document.getValue());
                kafka.send(
                        new ProducerRecord<>(
                                SconeTopics.DOCUMENTS,
                                document.getKey(),
                                MAPPER.writeValueAsString(json)));
            }
            kafka.flush();
        }
    }

    private static String kafkaTable(String name, String columns, String topic, boolean source) {
        return "CREATE TABLE "
                + name
                + " ("
                + columns
                + ") WITH ('connector' = 'kafka', 'topic' = '"
                + topic
                + "', 'properties.bootstrap.servers' = '"
                + stack.broker().bootstrapServers()
                + "', "
                + (source
                        ? "'properties.group.id' = 'sql-test', 'scan.startup.mode' ="
                                + " 'earliest-offset', 'scan.bounded.mode' = 'latest-offset', "
                        : "")
                + "'format' = 'json');\n";
    }

    @Test
    void scoresAKafkaTableIntoAKafkaTableAsOfflineScoringDoes() throws Exception {
        String scoreColumns =
                "id STRING, tokens INT, log_likelihood DOUBLE, perplexity DOUBLE,"
                        + " matched_positions INT";
        Path score = dir.resolve("score.sql");
        Files.writeString(
                score,
                "-- documents in, scores out\n"
                        + kafkaTable("docs", "id STRING, text STRING", SconeTopics.DOCUMENTS, true)
                        + kafkaTable("scores", scoreColumns, "sql.scores", false)
                        + "CREATE MODEL scone_lm INPUT (text STRING)\n"
                        + "  OUTPUT (tokens INT, log_likelihood DOUBLE, perplexity DOUBLE,"
                        + " matched_positions INT)\n"
                        + "  WITH ('provider' = 'scone', 'model' = '"
                        + stack.modelDir()
                        + "', 'table.topic' = '"
                        + SconeTopics.FGRAM_TABLE
                        + "', 'properties.bootstrap.servers' = '"
                        + stack.broker().bootstrapServers()
                        + "', 'batch-size' = '4');\n"
                        + "INSERT INTO scores SELECT id, tokens, log_likelihood, perplexity,"
                        + " matched_positions\n"
                        + "  FROM ML_PREDICT(TABLE docs, MODEL scone_lm, DESCRIPTOR(text));\n");
        SconeRun run = SconeRun.of("", "sql", "--file", score.toString(), "--parallelism", "2");
        assertThat(run.status).as(run.err).isZero();

        Path show = dir.resolve("show.sql");
        Files.writeString(
                show,
                kafkaTable("scores", scoreColumns, "sql.scores", true) + "SELECT * FROM scores;");
        SconeRun read = SconeRun.of("", "sql", "--file", show.toString(), "--format", "json");
        assertThat(read.status).as(read.err).isZero();
        Map<String, JsonNode> rows = new HashMap<>();
        for (String line : read.out.strip().split("\n")) {
            JsonNode row = MAPPER.readTree(line);
            assertThat(row.has("log_likelihood")).as(line).isTrue();
            rows.put(row.get("id").asText(), row);
        }
        assertThat(rows).containsOnlyKeys(DOCUMENTS.keySet());

        try (ServedModel served = stack.installed().serve(stack.installed().tableFile());
                DocumentScorer scorer = new DocumentScorer(served)) {
            List<String> ids = new ArrayList<>(DOCUMENTS.keySet());
            List<DocumentScore> scores = scorer.score(ids, new ArrayList<>(DOCUMENTS.values()));
            for (int i = 0; i < ids.size(); i++) {
                JsonNode row = rows.get(ids.get(i));
                DocumentScore expected = scores.get(i);
                assertThat(row.get("tokens").asInt()).isEqualTo(expected.tokens());
                assertThat(row.get("matched_positions").asInt())
                        .as("matched positions of %s", ids.get(i))
                        .isEqualTo(expected.scored().matchedPositions());
                double logLikelihood = expected.scored().logLikelihood();
                assertThat(row.get("log_likelihood").asDouble())
                        .as("log-likelihood of %s", ids.get(i))
                        .isCloseTo(
                                logLikelihood, within(1e-3 * Math.max(1, Math.abs(logLikelihood))));
                assertThat(row.get("perplexity").asDouble())
                        .isCloseTo(
                                expected.scored().perplexity(),
                                within(1e-3 * expected.scored().perplexity()));
            }
            assertThat(scores.stream().mapToInt(s -> s.scored().matchedPositions()).sum())
                    .as("the table matched something, so the replica was used")
                    .isPositive();
        }
    }

    @Test
    void aModelThatDoesNotFitIsOneSentenceAndStatusTwo() throws Exception {
        Path bad = dir.resolve("bad.sql");
        Files.writeString(
                bad,
                "CREATE TEMPORARY VIEW docs AS SELECT 'x' AS text;\n"
                        + "CREATE MODEL m INPUT (text STRING) OUTPUT (generated_text STRING)\n"
                        + "  WITH ('provider' = 'scone', 'model' = '"
                        + stack.modelDir()
                        + "', 'table' = '"
                        + stack.installed().tableFile()
                        + "');\n"
                        + "SELECT * FROM ML_PREDICT(TABLE docs, MODEL m, DESCRIPTOR(text));\n");
        SconeRun run = SconeRun.of("", "sql", "--file", bad.toString());
        assertThat(run.status).isEqualTo(2);
        assertThat(run.err)
                .contains("The statement on line 4 failed")
                .contains("Task score produces no OUTPUT column 'generated_text'");
        assertThat(run.err.strip().lines()).hasSize(1);
    }

    @Test
    void aTableTopicThatDoesNotExistFailsPlanning() throws Exception {
        Path bad = dir.resolve("no-topic.sql");
        Files.writeString(
                bad,
                "CREATE TEMPORARY VIEW docs AS SELECT 'x' AS text;\n"
                        + "CREATE MODEL m INPUT (text STRING) OUTPUT (perplexity DOUBLE)\n"
                        + "  WITH ('provider' = 'scone', 'model' = '"
                        + stack.modelDir()
                        + "', 'table.topic' = 'no.such.table', 'properties.bootstrap.servers' = '"
                        + stack.broker().bootstrapServers()
                        + "');\n"
                        + "SELECT * FROM ML_PREDICT(TABLE docs, MODEL m, DESCRIPTOR(text));\n");
        SconeRun run = SconeRun.of("", "sql", "--file", bad.toString());
        assertThat(run.status).as(run.err).isEqualTo(2);
        assertThat(run.err).contains("Topic no.such.table does not exist at");
    }
}
