package dev.scone.tests.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.scone.cluster.ServiceOptions;
import dev.scone.flink.service.MetricNames;
import dev.scone.flink.service.ServiceMetrics;
import dev.scone.flink.service.settings.ReplicaSettings;
import dev.scone.kafka.TablePublisher;
import dev.scone.model.nn.GenerationWindow;
import dev.scone.model.nn.SconeModel;
import dev.scone.model.nn.SconeModelIO;
import dev.scone.model.nn.SequenceInput;
import dev.scone.model.progress.ProgressReporter;
import dev.scone.model.serving.ScoredDocument;
import dev.scone.model.serving.TableLookup;
import dev.scone.model.serving.WindowedScorer;
import dev.scone.model.table.Bf16;
import dev.scone.model.table.FgramTableFile;
import dev.scone.model.table.InMemoryFgramTable;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import dev.scone.schemas.DeadLetter;
import dev.scone.schemas.Document;
import dev.scone.schemas.FgramEntry;
import dev.scone.schemas.Result;
import dev.scone.schemas.Task;
import dev.scone.schemas.serde.FgramKeyCodec;
import dev.scone.schemas.serde.SingleObjectCodec;
import dev.scone.tests.fixtures.ModelOnBroker;
import dev.scone.tests.fixtures.SampleTexts;
import dev.scone.tests.fixtures.TinySconeModel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming service end to end: a real Kafka broker, a Flink MiniCluster at parallelism 2, the
 * table in keyed RocksDB state, a real (small) DJL model. Its results must equal offline scoring of
 * the same documents with the same table.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SconeServiceITCase {

    private static final Duration LIMIT = Duration.ofMinutes(3);

    /** Small and untrained; a context of 24 tokens sends the long document through windows. */
    private static final TinySconeModel MODEL = SampleTexts.model("tiny-test-1", 11L);

    @RegisterExtension static final ModelOnBroker stack = new ModelOnBroker(MODEL);

    @TempDir static Path temp;

    private static ServiceMetrics metrics;
    private static InMemoryFgramTable tableV1;
    private static long applied;

    @BeforeAll
    static void startService() throws Exception {
        tableV1 = FgramTableFile.load(stack.installed().tableFile());

        ServiceOptions config = stack.serviceOptions(2, temp.resolve("checkpoints"));
        config.maxTextBytes = 2_000;
        // The demo covers the in-memory generation replica; this test covers the RocksDB one.
        config.replicaStore = ReplicaSettings.Store.rocksdb;
        config.replicaDir = temp.resolve("replicas").toString();
        metrics = stack.startService(config, temp, 2, 18081).metrics();
        applied = stack.tableRecords();
        assertThat(metrics.awaitAtLeast(MetricNames.TABLE_UPDATES_APPLIED, applied, LIMIT))
                .isTrue();
    }

    @AfterAll
    static void closeTable() {
        if (tableV1 != null) {
            tableV1.close();
        }
    }

    private static Document score(String id, String text) {
        return Document.newBuilder().setId(id).setText(text).setTask(Task.SCORE).build();
    }

    private static List<Document> documents(String prefix) {
        List<Document> documents = new ArrayList<>();
        SampleTexts.documents()
                .forEach((name, text) -> documents.add(score(prefix + "-" + name, text)));
        return documents;
    }

    /** Offline scores of the documents with {@code table}: what the service must produce. */
    private static Map<String, ScoredDocument> offline(
            List<Document> documents, InMemoryFgramTable table) throws Exception {
        Map<String, ScoredDocument> scores = new HashMap<>();
        try (SconeModel model = SconeModelIO.load(stack.modelDir());
                WindowedScorer scorer = new WindowedScorer(model, 4)) {
            TableLookup lookup =
                    new TableLookup(table, stack.installed().card().config().maxFgramLength());
            List<SequenceInput> inputs = new ArrayList<>();
            for (Document document : documents) {
                inputs.add(
                        SequenceInput.lookup(
                                Gpt2Tokenizer.get().encode(document.getText()), lookup));
            }
            List<ScoredDocument> scored = scorer.score(inputs);
            for (int i = 0; i < documents.size(); i++) {
                scores.put(documents.get(i).getId(), scored.get(i));
            }
        }
        return scores;
    }

    private static Map<String, Result> awaitResults(List<Document> documents) {
        List<String> ids = documents.stream().map(Document::getId).collect(Collectors.toList());
        List<Result> results =
                stack.kafka()
                        .readResults(
                                read ->
                                        read.stream()
                                                .map(Result::getId)
                                                .collect(Collectors.toSet())
                                                .containsAll(ids),
                                LIMIT);
        return results.stream()
                .filter(result -> ids.contains(result.getId()))
                .collect(Collectors.toMap(Result::getId, Function.identity()));
    }

    private static void assertMatchesOffline(
            Map<String, Result> results, Map<String, ScoredDocument> expected) {
        assertThat(results.keySet()).isEqualTo(expected.keySet());
        for (Map.Entry<String, ScoredDocument> entry : expected.entrySet()) {
            Result result = results.get(entry.getKey());
            ScoredDocument offline = entry.getValue();
            assertThat(result.getTokens()).isEqualTo(offline.predictedTokens() + 1);
            assertThat(result.getMatchedPositions()).isEqualTo(offline.matchedPositions());
            assertThat(result.getMeanMatchLength())
                    .isCloseTo(offline.meanMatchLength(), within(1e-9));
            assertThat(result.getLogLikelihood())
                    .as("log-likelihood of %s", entry.getKey())
                    .isCloseTo(
                            offline.logLikelihood(),
                            within(1e-3 * Math.max(1, Math.abs(offline.logLikelihood()))));
            assertThat(result.getPerplexity())
                    .isCloseTo(offline.perplexity(), within(1e-3 * offline.perplexity()));
        }
    }

    @Test
    @Order(1)
    void streamingScoresEqualOfflineScores() throws Exception {
        List<Document> documents = documents("a");
        stack.kafka().sendDocuments(documents);

        Map<String, Result> results = awaitResults(documents);

        assertMatchesOffline(results, offline(documents, tableV1));
        assertThat(results.get("a-jury").getMatchedPositions()).isGreaterThan(5);
        assertThat(results.get("a-jury").getTableVersion()).isEqualTo("v1");
        // Long enough for two context windows.
        assertThat(results.get("a-long").getTokens()).isGreaterThan(MODEL.contextLength());
        assertThat(results.values())
                .allSatisfy(r -> assertThat(r.getModelVersion()).isEqualTo(MODEL.version()));
    }

    @Test
    @Order(2)
    void generationReturnsTokensAndText() {
        Document prompt =
                Document.newBuilder()
                        .setId("g-1")
                        .setText("It was a dark and stormy night")
                        .setTask(Task.GENERATE)
                        .setMaxNewTokens(6)
                        .setTemperature(0f)
                        .build();
        stack.kafka().sendDocuments(List.of(prompt));

        Result result = awaitResults(List.of(prompt)).get("g-1");

        assertThat(result.getGeneratedTokens()).hasSize(6);
        assertThat(result.getGeneratedText())
                .isEqualTo(
                        Gpt2Tokenizer.get()
                                .decode(
                                        result.getGeneratedTokens().stream()
                                                .mapToInt(Integer::intValue)
                                                .toArray()));
        assertThat(result.getTableVersion()).isEqualTo("v1");
    }

    @Test
    @Order(3)
    void aTableUpdatePublishedMidStreamChangesLaterResults() throws Exception {
        // Version 2 of the table: every vector scaled by 3, which must change the scores.
        InMemoryFgramTable tableV2 =
                new InMemoryFgramTable(tableV1.dimension(), tableV1.modelVersion(), "v2");
        tableV1.forEach(
                (gram, vector) -> {
                    float[] values = Bf16.toFloat(vector);
                    for (int i = 0; i < values.length; i++) {
                        values[i] *= 3;
                    }
                    tableV2.put(gram, values);
                });
        long published =
                new TablePublisher(stack.broker().clientProperties(), "scone.fgram-table")
                        .publish(tableV2, "v2", ProgressReporter.silent());
        applied += published;
        assertThat(metrics.awaitAtLeast(MetricNames.TABLE_UPDATES_APPLIED, applied, LIMIT))
                .isTrue();

        List<Document> documents = documents("b");
        stack.kafka().sendDocuments(documents);
        Map<String, Result> results = awaitResults(documents);

        assertMatchesOffline(results, offline(documents, tableV2));
        Map<String, ScoredDocument> before = offline(documents, tableV1);
        assertThat(results.get("b-jury").getLogLikelihood())
                .isNotCloseTo(before.get("b-jury").logLikelihood(), within(1e-3));
        assertThat(results.get("b-jury").getTableVersion()).isEqualTo("v2");
        tableV2.close();
    }

    @Test
    @Order(4)
    void badInputGoesToTheDeadLetterTopicAndValidDocumentsStillGetOneResult() throws Exception {
        byte[] valid = SingleObjectCodec.documents().encode(score("c-valid", "for the first time"));
        byte[] invalidUtf8 = SingleObjectCodec.documents().encode(score("c-utf8", "abcd"));
        // Overwrite the text bytes "abcd" with a malformed UTF-8 sequence.
        for (int i = 0; i + 3 < invalidUtf8.length; i++) {
            if (invalidUtf8[i] == 'a' && invalidUtf8[i + 1] == 'b' && invalidUtf8[i + 2] == 'c') {
                invalidUtf8[i] = (byte) 0xC3;
                invalidUtf8[i + 1] = (byte) 0x28;
                break;
            }
        }
        stack.kafka()
                .sendRaw(
                        "scone.documents",
                        null,
                        "garbage, not Avro".getBytes(StandardCharsets.UTF_8));
        stack.kafka().sendRaw("scone.documents", null, documentWithUnknownTask());
        stack.kafka().sendRaw("scone.documents", null, invalidUtf8);
        stack.kafka()
                .sendDocuments(List.of(score("c-empty", ""), score("c-huge", "x".repeat(3_000))));
        stack.kafka().sendRaw("scone.documents", null, valid);

        FgramEntry wrongDimension =
                FgramEntry.newBuilder()
                        .setTokens(List.of(1, 2))
                        .setVector(ByteBuffer.wrap(new byte[14]))
                        .setDim(7)
                        .build();
        short[] nanVector = new short[tableV1.dimension()];
        nanVector[3] = Bf16.toBf16(Float.NaN);
        FgramEntry notFinite =
                FgramEntry.newBuilder()
                        .setTokens(List.of(3, 4))
                        .setVector(ByteBuffer.wrap(Bf16.encode(nanVector)))
                        .setDim(tableV1.dimension())
                        .build();
        SingleObjectCodec<FgramEntry> entries = SingleObjectCodec.fgramEntries();
        stack.kafka()
                .sendRaw(
                        "scone.fgram-table",
                        FgramKeyCodec.encode(new int[] {1, 2}),
                        entries.encode(wrongDimension));
        stack.kafka()
                .sendRaw(
                        "scone.fgram-table",
                        FgramKeyCodec.encode(new int[] {3, 4}),
                        entries.encode(notFinite));

        List<DeadLetter> deadLetters =
                stack.kafka().readDeadLetters(read -> read.size() >= 7, LIMIT);
        Map<String, Result> results = awaitResults(List.of(score("c-valid", "for the first time")));

        assertThat(deadLetters)
                .extracting(DeadLetter::getReason)
                .anySatisfy(reason -> assertThat(reason).contains("not a Document"))
                .anySatisfy(reason -> assertThat(reason).contains("not valid UTF-8"))
                .anySatisfy(
                        reason -> assertThat(reason).contains("schema this reader does not know"))
                .anySatisfy(reason -> assertThat(reason).contains("empty text"))
                .anySatisfy(reason -> assertThat(reason).contains("over the limit"))
                .anySatisfy(reason -> assertThat(reason).contains("dimension 7"))
                .anySatisfy(reason -> assertThat(reason).contains("not finite"));
        assertThat(deadLetters)
                .allSatisfy(letter -> assertThat(letter.getOffset()).isNotNegative());
        assertThat(results).containsKey("c-valid");

        List<Result> all = stack.kafka().readResults(read -> false, Duration.ofSeconds(3));
        Map<String, Long> perId =
                all.stream().collect(Collectors.groupingBy(Result::getId, Collectors.counting()));
        assertThat(perId.values())
                .as("one result per document")
                .allSatisfy(count -> assertThat(count).isEqualTo(1));
    }

    @Test
    @Order(5)
    void aPromptLongerThanTheContextIsAnsweredAndReportsTheTokensItDropped() {
        String text = "The jury said it was a dark and stormy night in the morning and ".repeat(6);
        int promptTokens = Gpt2Tokenizer.get().encode(text).length;
        int newTokens = 2 * MODEL.contextLength();
        Document prompt =
                Document.newBuilder()
                        .setId("g-long")
                        .setText(text)
                        .setTask(Task.GENERATE)
                        .setMaxNewTokens(newTokens)
                        .setTemperature(0f)
                        .build();
        stack.kafka().sendDocuments(List.of(prompt));

        Result result = awaitResults(List.of(prompt)).get("g-long");

        // Once dead-lettered for its length: now read from its newest tokens, and generation
        // runs past the context by sliding the window.
        assertThat(promptTokens).isGreaterThan(3 * MODEL.contextLength());
        assertThat(result.getTokens()).isEqualTo(promptTokens);
        assertThat(result.getPromptTokensDropped())
                .isEqualTo(
                        GenerationWindow.of(MODEL.contextLength())
                                .promptTokensDropped(promptTokens, newTokens))
                .isEqualTo(promptTokens - MODEL.contextLength() / 2);
        assertThat(result.getGeneratedTokens()).hasSize(newTokens);
    }

    /**
     * A Document whose task is TRANSLATE: only a writer with a newer schema can produce it, and
     * this reader does not know that schema.
     */
    private static byte[] documentWithUnknownTask() throws Exception {
        Schema newer =
                new Schema.Parser()
                        .parse(
                                Document.getClassSchema()
                                        .toString()
                                        .replace("\"GENERATE\"]", "\"GENERATE\",\"TRANSLATE\"]"));
        GenericRecord record = new GenericData.Record(newer);
        record.put("id", "c-translate");
        record.put("text", "translate me");
        record.put(
                "task", new GenericData.EnumSymbol(newer.getField("task").schema(), "TRANSLATE"));
        for (Schema.Field field : newer.getFields()) {
            if (record.get(field.name()) == null && field.hasDefaultValue()) {
                record.put(field.name(), GenericData.get().getDefaultValue(field));
            }
        }
        ByteBuffer encoded =
                new BinaryMessageEncoder<GenericRecord>(GenericData.get(), newer).encode(record);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        return bytes;
    }
}
