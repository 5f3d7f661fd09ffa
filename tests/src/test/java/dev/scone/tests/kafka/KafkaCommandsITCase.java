package dev.scone.tests.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.broker.LocalKafkaBroker;
import dev.scone.cli.ExitCodes;
import dev.scone.schemas.DeadLetter;
import dev.scone.schemas.Result;
import dev.scone.schemas.Task;
import dev.scone.schemas.serde.SingleObjectCodec;
import dev.scone.schemas.topic.SconeTopics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scone produce} and {@code scone consume} against a real broker. */
class KafkaCommandsITCase {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir static Path dir;

    private static LocalKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = LocalKafkaBroker.start(dir.resolve("kafka"), 0);
        try (Admin admin = Admin.create(broker.clientProperties().toMap())) {
            SconeTopics.ensureTopics(admin, 2);
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void textLinesGoOutAsAvroDocumentsAndComeBackAsJson() throws Exception {
        String topic = "cli-text.documents";
        SconeRun produce =
                scone(
                        "The first line.\n\nThe third line.\n",
                        "produce",
                        "--bootstrap-servers",
                        broker.bootstrapServers(),
                        "--topic",
                        topic,
                        "--format",
                        "text",
                        "--task",
                        "GENERATE");

        assertThat(produce.status).as(produce.err).isEqualTo(ExitCodes.OK);
        assertThat(produce.out)
                .contains("Sent 2 documents to " + topic + " at " + broker.bootstrapServers());

        SconeRun consume = consume(topic, "--max", "2");

        assertThat(consume.status).as(consume.err).isEqualTo(ExitCodes.OK);
        List<JsonNode> documents = jsonLines(consume.out);
        assertThat(documents)
                .extracting(d -> d.get("id").asText())
                .containsExactlyInAnyOrder("line-1", "line-3");
        assertThat(documents)
                .allSatisfy(d -> assertThat(d.get("task").asText()).isEqualTo("GENERATE"));
        assertThat(documents)
                .extracting(d -> d.get("text").asText())
                .containsExactlyInAnyOrder("The first line.", "The third line.");
    }

    @Test
    void jsonDocumentsCanTravelAsJsonValues() throws Exception {
        String topic = "cli-json.documents";
        SconeRun produce =
                scone(
                        "{\"id\":\"a\",\"text\":\"alpha\",\"maxNewTokens\":4,\"task\":\"GENERATE\"}\n"
                                + "{\"id\":\"b\",\"text\":\"beta\",\"attributes\":{\"k\":\"v\"}}\n",
                        "produce",
                        "--bootstrap-servers",
                        broker.bootstrapServers(),
                        "--topic",
                        topic,
                        "--output-format",
                        "json");
        assertThat(produce.status).as(produce.err).isEqualTo(ExitCodes.OK);

        SconeRun consume = consume(topic, "--format", "json", "--max", "2");

        assertThat(consume.status).as(consume.err).isEqualTo(ExitCodes.OK);
        List<JsonNode> documents = jsonLines(consume.out);
        assertThat(documents).hasSize(2);
        JsonNode a =
                documents.stream()
                        .filter(d -> d.get("id").asText().equals("a"))
                        .findFirst()
                        .orElseThrow();
        JsonNode b =
                documents.stream()
                        .filter(d -> d.get("id").asText().equals("b"))
                        .findFirst()
                        .orElseThrow();
        assertThat(a.get("maxNewTokens").asInt()).isEqualTo(4);
        assertThat(a.get("task").asText()).isEqualTo("GENERATE");
        assertThat(b.get("task").asText()).isEqualTo("SCORE");
        assertThat(b.get("attributes").get("k").asText()).isEqualTo("v");
    }

    @Test
    void aBadLineStopsWithItsNumberAndAUserErrorStatus() {
        SconeRun produce =
                scone(
                        "{\"id\":\"ok\",\"text\":\"fine\"}\n{\"id\":\"bad\",\"txt\":\"typo\"}\n",
                        "produce",
                        "--bootstrap-servers",
                        broker.bootstrapServers(),
                        "--topic",
                        "cli-bad.documents");

        assertThat(produce.status).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(produce.err)
                .contains("Line 2 of standard input: Unknown document field \"txt\"")
                .contains("the 1 document before it was sent");
    }

    @Test
    void resultsAndDeadLettersArePrintedByTopic() throws Exception {
        Result result =
                Result.newBuilder()
                        .setId("r-1")
                        .setTask(Task.SCORE)
                        .setTokens(5)
                        .setLogLikelihood(-7.5)
                        .setPerplexity(6.5)
                        .build();
        byte[] raw = "{not json".getBytes(StandardCharsets.UTF_8);
        DeadLetter deadLetter =
                DeadLetter.newBuilder()
                        .setSourceTopic(SconeTopics.DOCUMENTS)
                        .setPartition(1)
                        .setOffset(9)
                        .setReason("The document is not valid JSON.")
                        .setRaw(ByteBuffer.wrap(raw))
                        .setTimeMillis(1_700_000_000_000L)
                        .build();
        send(SconeTopics.RESULTS, "r-1", SingleObjectCodec.results().encode(result));
        send(SconeTopics.RESULTS, "junk", "not avro".getBytes(StandardCharsets.UTF_8));
        send(SconeTopics.DEAD_LETTERS, "d-1", SingleObjectCodec.deadLetters().encode(deadLetter));

        SconeRun results = consume(SconeTopics.RESULTS, "--timeout", "3");
        SconeRun deadLetters = consume(SconeTopics.DEAD_LETTERS, "--max", "1");

        assertThat(results.status).as(results.err).isEqualTo(ExitCodes.OK);
        JsonNode printedResult = jsonLines(results.out).get(0);
        assertThat(jsonLines(results.out)).hasSize(1);
        assertThat(printedResult.get("id").asText()).isEqualTo("r-1");
        assertThat(printedResult.get("perplexity").asDouble()).isEqualTo(6.5);
        assertThat(results.err).contains("Skipped the record at partition").contains("skipped 1");

        assertThat(deadLetters.status).as(deadLetters.err).isEqualTo(ExitCodes.OK);
        JsonNode printedDeadLetter = jsonLines(deadLetters.out).get(0);
        assertThat(printedDeadLetter.get("reason").asText())
                .isEqualTo("The document is not valid JSON.");
        assertThat(printedDeadLetter.get("rawPreview").asText()).isEqualTo("{not json");
    }

    @Test
    void consumeStopsAfterTheTimeoutOnAQuietTopic() {
        SconeRun consume = consume("cli-quiet.documents-never-written", "--timeout", "1");

        assertThat(consume.status).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(consume.err).contains("Topic cli-quiet.documents-never-written does not exist");

        SconeRun quiet = consume(SconeTopics.FGRAM_TABLE, "--timeout", "1");

        assertThat(quiet.status).as(quiet.err).isEqualTo(ExitCodes.OK);
        assertThat(quiet.out).isEmpty();
        assertThat(quiet.err).contains("Read 0 records from " + SconeTopics.FGRAM_TABLE);
    }

    @Test
    void aMissingPropertiesFileIsAUserError() {
        Path missing = dir.resolve("absent.properties");

        SconeRun produce = scone("", "produce", "--kafka-properties", missing.toString());

        assertThat(produce.status).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(produce.err)
                .contains("The Kafka properties file " + missing + " does not exist.");
    }

    @Test
    void aPropertiesFileCanNameTheBroker() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "bootstrap.servers=" + broker.bootstrapServers() + "\n");

        SconeRun produce =
                scone(
                        "only line\n",
                        "produce",
                        "--kafka-properties",
                        file.toString(),
                        "--topic",
                        "cli-file.documents",
                        "--format",
                        "text",
                        "--id-prefix",
                        "f-");

        assertThat(produce.status).as(produce.err).isEqualTo(ExitCodes.OK);
        assertThat(
                        jsonLines(consume("cli-file.documents", "--max", "1").out)
                                .get(0)
                                .get("id")
                                .asText())
                .isEqualTo("f-1");
    }

    private static SconeRun consume(String topic, String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "consume",
                                "--bootstrap-servers",
                                broker.bootstrapServers(),
                                "--topic",
                                topic,
                                "--from-beginning"));
        args.addAll(List.of(extra));
        if (!args.contains("--timeout")) {
            // Generous: --max ends these runs as soon as the records are in.
            args.addAll(List.of("--timeout", "30"));
        }
        return scone("", args.toArray(String[]::new));
    }

    private static void send(String topic, String key, byte[] value) throws Exception {
        Map<String, Object> properties = broker.clientProperties().toMap();
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties)) {
            // One partition for all, so that the order of the records is fixed.
            producer.send(new ProducerRecord<>(topic, 0, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<JsonNode> jsonLines(String text) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                nodes.add(MAPPER.readTree(line));
            }
        }
        return nodes;
    }

    /** Runs one {@code scone} invocation with the given standard input, capturing its output. */
    private static SconeRun scone(String stdin, String... args) {
        return SconeRun.of(stdin, args);
    }
}
