package dev.scone.tests.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.scone.flink.discovery.AfEmbeddingModels;
import dev.scone.flink.discovery.CountingSettings;
import dev.scone.flink.discovery.DiscoverySettings;
import dev.scone.flink.discovery.DiscoveryVersion;
import dev.scone.flink.discovery.EmbeddingSettings;
import dev.scone.flink.discovery.FgramEmbeddingModel;
import dev.scone.flink.discovery.FgramEmbeddingModelFactory;
import dev.scone.model.nn.SconeModel;
import dev.scone.model.nn.SconeModelIO;
import dev.scone.model.table.Bf16;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import dev.scone.schemas.Document;
import dev.scone.schemas.FgramEntry;
import dev.scone.schemas.Task;
import dev.scone.schemas.serde.FgramKeyCodec;
import dev.scone.schemas.serde.SingleObjectCodec;
import dev.scone.tests.fixtures.DiscoveryJobSettings;
import dev.scone.tests.fixtures.ModelOnBroker;
import dev.scone.tests.fixtures.TableTopic;
import dev.scone.tests.fixtures.TinySconeModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once of the discovery job's table writes across a failure: the job fails in the middle of
 * an A_F batch, with admissions it has made since the last checkpoint not yet committed, and
 * recovers from that checkpoint. The committed log must then hold every discovered f-gram exactly
 * once (nothing lost, nothing published twice), each with A_F's embedding of its tokens.
 */
class FgramDiscoveryFailoverITCase {

    private static final Duration LIMIT = Duration.ofMinutes(2);
    private static final int MIN_COUNT = 3;

    private static final TinySconeModel MODEL =
            new TinySconeModel("tiny-failover-1", 32, 9L, List.of(" of the United States"));

    private static final String TEXT = "A Zorblax quantum vellum drift engine hums.";

    /** Armed by the test; the next A_F batch then fails the job, once. */
    static final AtomicBoolean ARMED = new AtomicBoolean();

    static final AtomicInteger FAILURES = new AtomicInteger();

    /** A_F of the model directory, failing once while armed. */
    static final class FailingOnce implements FgramEmbeddingModelFactory {
        private static final long serialVersionUID = 1L;
        private final AfEmbeddingModels delegate;

        FailingOnce(AfEmbeddingModels delegate) {
            this.delegate = delegate;
        }

        @Override
        public FgramEmbeddingModel open() throws Exception {
            FgramEmbeddingModel model = delegate.open();
            return new FgramEmbeddingModel() {
                @Override
                public float[][] embed(int[][] fgrams) {
                    if (ARMED.compareAndSet(true, false)) {
                        FAILURES.incrementAndGet();
                        throw new IllegalStateException("injected failure in an A_F batch");
                    }
                    return model.embed(fgrams);
                }

                @Override
                public void close() {
                    model.close();
                }
            };
        }
    }

    @RegisterExtension static final ModelOnBroker stack = new ModelOnBroker(MODEL);

    @TempDir static Path temp;

    @BeforeAll
    static void startDiscovery() throws Exception {
        DiscoverySettings settings =
                DiscoveryJobSettings.of(
                        stack.broker(),
                        stack.modelDir(),
                        temp.resolve("checkpoints"),
                        "scone-discovery-failover",
                        new CountingSettings(MIN_COUNT, Duration.ofMinutes(10)),
                        new EmbeddingSettings(4, Duration.ofMillis(50), 1),
                        1_000);
        stack.startDiscovery(settings, temp, 18093, new FailingOnce(stack.embeddings(1)));
    }

    /** Every committed record of the table topic, in log order per partition. */
    private static List<ConsumerRecord<byte[], byte[]>> committedLog() {
        return TableTopic.committedLog(stack.broker().clientProperties(), 100);
    }

    /** Discovered upserts in the committed log, by f-gram; a key written twice appears twice. */
    private static Map<String, List<FgramEntry>> discoveredWrites() {
        SingleObjectCodec<FgramEntry> codec = SingleObjectCodec.fgramEntries();
        Map<String, List<FgramEntry>> writes = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : committedLog()) {
            if (record.value() == null) {
                continue;
            }
            FgramEntry entry = codec.decode(record.value());
            if (DiscoveryVersion.isDiscovered(entry.getTableVersion())) {
                writes.computeIfAbsent(
                                Arrays.toString(FgramKeyCodec.decode(record.key())),
                                k -> new ArrayList<>())
                        .add(entry);
            }
        }
        return writes;
    }

    private static void sendRound(String name) {
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < MIN_COUNT + 1; i++) {
            documents.add(
                    Document.newBuilder()
                            .setId(name + "-" + i)
                            .setText(TEXT)
                            .setTask(Task.SCORE)
                            .build());
        }
        stack.kafka().sendDocuments(documents);
    }

    /** Waits, bounded, until the committed log holds more discovered f-grams than {@code known}. */
    private static Map<String, List<FgramEntry>> awaitMoreThan(int known, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        Map<String, List<FgramEntry>> writes;
        do {
            writes = discoveredWrites();
        } while (writes.size() <= known && System.nanoTime() < deadline);
        return writes;
    }

    @Test
    void aFailureMidBatchLosesNothingAndPublishesNothingTwice() throws Exception {
        int[] tokens = Gpt2Tokenizer.get().encode(TEXT);
        String longest = Arrays.toString(Arrays.copyOfRange(tokens, 1, 6));

        sendRound("first");
        Map<String, List<FgramEntry>> writes = awaitMoreThan(0, LIMIT);
        assertThat(writes).as("bigrams discovered before the failure").isNotEmpty();

        ARMED.set(true);
        for (int round = 0; round < 12 && !writes.containsKey(longest); round++) {
            sendRound("round-" + round);
            writes = awaitMoreThan(writes.size(), Duration.ofSeconds(30));
        }

        assertThat(FAILURES.get()).as("the injected failure happened").isEqualTo(1);
        assertThat(writes).containsKey(longest);
        // Every bigram of the text that is not a shipped f-gram, and nothing twice.
        var vocabulary = MODEL.vocabulary();
        Set<String> shipped = new HashSet<>();
        for (int row = 0; row < vocabulary.size(); row++) {
            shipped.add(Arrays.toString(vocabulary.gram(row)));
        }
        for (int i = 1; i < tokens.length; i++) {
            String bigram = Arrays.toString(Arrays.copyOfRange(tokens, i - 1, i + 1));
            if (!shipped.contains(bigram)) {
                assertThat(writes).containsKey(bigram);
            }
        }
        assertThat(writes.values()).allSatisfy(list -> assertThat(list).hasSize(1));

        // Each entry is A_F's embedding of its tokens (batched differently, so within bf16).
        try (SconeModel model = SconeModelIO.load(stack.modelDir())) {
            for (List<FgramEntry> list : writes.values()) {
                FgramEntry entry = list.get(0);
                int[] gram = entry.getTokens().stream().mapToInt(Integer::intValue).toArray();
                float[] expected = model.fgramEmbeddings(new int[][] {gram})[0];
                float[] actual = Bf16.toFloat(Bf16.decode(entry.getVector()));
                for (int k = 0; k < expected.length; k++) {
                    assertThat(actual[k])
                            .isCloseTo(
                                    expected[k],
                                    within(0.02f * Math.max(1f, Math.abs(expected[k]))));
                }
            }
        }
    }
}
