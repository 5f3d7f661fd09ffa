package dev.scone.tests.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.flink.discovery.CountingSettings;
import dev.scone.flink.discovery.DiscoveryMetricNames;
import dev.scone.flink.discovery.DiscoverySettings;
import dev.scone.flink.discovery.DiscoveryVersion;
import dev.scone.flink.discovery.EmbeddingSettings;
import dev.scone.flink.service.MetricNames;
import dev.scone.flink.service.ServiceMetrics;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import dev.scone.schemas.DeadLetter;
import dev.scone.schemas.Document;
import dev.scone.schemas.FgramEntry;
import dev.scone.schemas.Result;
import dev.scone.schemas.Task;
import dev.scone.schemas.topic.SconeTopics;
import dev.scone.tests.fixtures.DiscoveryJobSettings;
import dev.scone.tests.fixtures.ModelOnBroker;
import dev.scone.tests.fixtures.TableTopic;
import dev.scone.tests.fixtures.TinySconeModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scone serve} and {@code scone discover} side by side on one broker: documents that repeat
 * a phrase the shipped table does not hold make the discovery job embed its n-grams with A_F and
 * publish them, 2-grams first and longer ones as their prefixes and suffixes arrive; the service's
 * keyed table then matches the phrase in a later document, and says it used a discovered entry, and
 * the decoders' generation replica holds the discovered entries too.
 */
class FgramDiscoveryITCase {

    private static final Duration LIMIT = Duration.ofMinutes(2);
    private static final int MIN_COUNT = 3;

    private static final TinySconeModel MODEL =
            new TinySconeModel(
                    "tiny-discovery-1",
                    32,
                    5L,
                    List.of(" of the United States", " in the morning and"));

    /** Five tokens or more, none of its bigrams in the shipped vocabulary. */
    private static final String PHRASE = " Zorblax quantum vellum drift engines";

    private static final String TEXT = "We met in the morning and talked about" + PHRASE + ".";

    @RegisterExtension static final ModelOnBroker stack = new ModelOnBroker(MODEL);

    @TempDir static Path temp;

    private static ServiceMetrics serviceMetrics;
    private static ServiceMetrics discoveryMetrics;
    private static long shipped;

    @BeforeAll
    static void startBothJobs() throws Exception {
        shipped = stack.tableRecords();
        serviceMetrics =
                stack.startService(
                                stack.serviceOptions(1, temp.resolve("service-checkpoints")),
                                temp,
                                1,
                                18091)
                        .metrics();

        DiscoverySettings settings =
                DiscoveryJobSettings.of(
                        stack.broker(),
                        stack.modelDir(),
                        temp.resolve("discovery-checkpoints"),
                        DiscoverySettings.DEFAULT_GROUP_ID,
                        new CountingSettings(MIN_COUNT, Duration.ofMinutes(10)),
                        new EmbeddingSettings(16, Duration.ofMillis(50), 1),
                        100);
        discoveryMetrics =
                stack.startDiscovery(
                                settings,
                                temp,
                                18092,
                                stack.embeddings(settings.embedding().cpuThreads()))
                        .metrics();

        assertThat(serviceMetrics.awaitAtLeast(MetricNames.TABLE_UPDATES_APPLIED, shipped, LIMIT))
                .isTrue();
    }

    private static Document score(String id, String text) {
        return Document.newBuilder().setId(id).setText(text).setTask(Task.SCORE).build();
    }

    /** Discovered entries on the table topic now (read_committed), by their tokens. */
    private static Map<String, FgramEntry> discoveredEntries() {
        return TableTopic.discoveredEntries(stack.broker().clientProperties(), 100);
    }

    @Test
    void aRepeatedNewPhraseEntersTheTableAndTheServiceMatchesIt() throws Exception {
        int[] phrase = Gpt2Tokenizer.get().encode(PHRASE);
        assertThat(phrase.length).isGreaterThanOrEqualTo(5);
        String longest = Arrays.toString(Arrays.copyOfRange(phrase, 0, 5));

        Document first = score("before", TEXT);
        stack.kafka().sendDocuments(List.of(first));
        Result before = stack.kafka().awaitResult("before", LIMIT);

        // Apriori on the stream: one round of documents per n-gram length, each once the shorter
        // n-grams are in the table. Bounded: at most twelve rounds.
        Map<String, FgramEntry> discovered = Map.of();
        for (int round = 0; round < 12 && !discovered.containsKey(longest); round++) {
            List<Document> documents = new ArrayList<>();
            for (int i = 0; i < MIN_COUNT + 1; i++) {
                documents.add(score("round-" + round + "-" + i, TEXT));
            }
            stack.kafka().sendDocuments(documents);
            int known = discovered.size();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            do {
                discovered = discoveredEntries();
            } while (discovered.size() == known && System.nanoTime() < deadline);
        }

        assertThat(discovered).containsKey(longest);
        assertThat(discovered).containsKey(Arrays.toString(Arrays.copyOfRange(phrase, 0, 2)));
        Set<String> vocabulary = new HashSet<>();
        var shippedVocabulary = MODEL.vocabulary();
        for (int row = 0; row < shippedVocabulary.size(); row++) {
            vocabulary.add(Arrays.toString(shippedVocabulary.gram(row)));
        }
        for (FgramEntry entry : discovered.values()) {
            assertThat(entry.getModelVersion()).isEqualTo(stack.installed().card().modelVersion());
            assertThat(entry.getTableVersion())
                    .isEqualTo(DiscoveryVersion.of(stack.installed().card().modelVersion()));
            assertThat(entry.getDim()).isEqualTo(stack.installed().card().config().d());
            // Suffix closure: every discovered f-gram's suffixes are in the table too.
            int[] tokens = entry.getTokens().stream().mapToInt(Integer::intValue).toArray();
            if (tokens.length > 2) {
                String suffix = Arrays.toString(Arrays.copyOfRange(tokens, 1, tokens.length));
                assertThat(discovered.containsKey(suffix) || vocabulary.contains(suffix))
                        .as("suffix of %s in the table", Arrays.toString(tokens))
                        .isTrue();
                assertThat(vocabulary).doesNotContain(Arrays.toString(tokens));
            }
        }
        // Metrics reach the REST API some seconds after the fact.
        assertThat(
                        discoveryMetrics.awaitAtLeast(
                                DiscoveryMetricNames.PUBLISHED, discovered.size(), LIMIT))
                .isTrue();

        // The service's keyed table follows the same changelog.
        assertThat(
                        serviceMetrics.awaitAtLeast(
                                MetricNames.TABLE_UPDATES_APPLIED,
                                shipped + discovered.size(),
                                LIMIT))
                .isTrue();
        Document later = score("after", TEXT);
        stack.kafka().sendDocuments(List.of(later));
        Result after = stack.kafka().awaitResult("after", LIMIT);

        assertThat(after.getMatchedPositions())
                .isGreaterThanOrEqualTo(before.getMatchedPositions() + phrase.length - 1);
        assertThat(after.getMeanMatchLength()).isGreaterThan(before.getMeanMatchLength());
        assertThat(after.getTableVersion())
                .isEqualTo(DiscoveryVersion.of(stack.installed().card().modelVersion()));

        // The decoders' generation replica follows the same changelog too.
        Document prompt =
                Document.newBuilder()
                        .setId("generate-after")
                        .setText(TEXT)
                        .setTask(Task.GENERATE)
                        .setMaxNewTokens(2)
                        .setTemperature(0f)
                        .build();
        stack.kafka().sendDocuments(List.of(prompt));
        Result generated = stack.kafka().awaitResult("generate-after", LIMIT);
        assertThat(generated.getGeneratedTokens()).hasSize(2);
        assertThat(generated.getTableVersion())
                .isEqualTo(DiscoveryVersion.of(stack.installed().card().modelVersion()));
    }

    @Test
    void badDocumentsGoToTheDeadLetterTopicFromBothJobs() {
        byte[] garbage = "not a document".getBytes(StandardCharsets.UTF_8);
        stack.kafka().sendRaw(SconeTopics.DOCUMENTS, null, garbage);

        List<DeadLetter> letters =
                stack.kafka()
                        .readDeadLetters(
                                read ->
                                        read.stream()
                                                        .filter(l -> Arrays.equals(raw(l), garbage))
                                                        .count()
                                                >= 2,
                                LIMIT);

        // One from the service, one from the discovery job: the same record, the same reason.
        List<DeadLetter> forGarbage =
                letters.stream().filter(l -> Arrays.equals(raw(l), garbage)).toList();
        assertThat(forGarbage).hasSize(2);
        assertThat(forGarbage.get(0).getReason()).isEqualTo(forGarbage.get(1).getReason());
        assertThat(forGarbage.get(0).getOffset()).isEqualTo(forGarbage.get(1).getOffset());
    }

    private static byte[] raw(DeadLetter letter) {
        byte[] bytes = new byte[letter.getRaw().remaining()];
        letter.getRaw().duplicate().get(bytes);
        return bytes;
    }
}
