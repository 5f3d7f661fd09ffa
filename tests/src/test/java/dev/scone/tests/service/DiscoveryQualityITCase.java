package dev.scone.tests.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.scone.broker.LocalKafkaBroker;
import dev.scone.cli.cluster.InProcessCluster;
import dev.scone.flink.discovery.CountingSettings;
import dev.scone.flink.discovery.DiscoveryRunner;
import dev.scone.flink.discovery.DiscoverySettings;
import dev.scone.flink.discovery.EmbeddingSettings;
import dev.scone.model.nn.ModelCard;
import dev.scone.model.nn.SconeModel;
import dev.scone.model.nn.SconeModelIO;
import dev.scone.model.nn.SequenceInput;
import dev.scone.model.progress.ProgressReporter;
import dev.scone.model.serving.ModelRepository;
import dev.scone.model.serving.ScoredDocument;
import dev.scone.model.serving.TableLookup;
import dev.scone.model.serving.WindowedScorer;
import dev.scone.model.table.Bf16;
import dev.scone.model.table.FgramTableFile;
import dev.scone.model.table.InMemoryFgramTable;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import dev.scone.schemas.Document;
import dev.scone.schemas.FgramEntry;
import dev.scone.schemas.Task;
import dev.scone.tests.fixtures.DiscoveryJobSettings;
import dev.scone.tests.fixtures.KafkaTestClient;
import dev.scone.tests.fixtures.SconeBroker;
import dev.scone.tests.fixtures.TableTopic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The measurement behind docs/results.md's discovery section, not a check: run with {@code
 * -Dscone.measure=discovery}. The shipped {@code scone} model and table, the real discovery job on
 * a real broker, and a corpus the model never saw: the older licence texts of this machine's {@code
 * /usr/share/common-licenses} are streamed, the newer versions of the same licences scored with the
 * static table and with the grown one.
 */
class DiscoveryQualityITCase {

    private static final Path LICENSES = Path.of("/usr/share/common-licenses");
    private static final List<String> STREAMED =
            List.of(
                    "GPL-1",
                    "GPL-2",
                    "LGPL-2",
                    "LGPL-2.1",
                    "GFDL-1.2",
                    "MPL-1.1",
                    "Apache-2.0",
                    "Artistic");
    private static final List<String> SCORED = List.of("GPL-3", "LGPL-3", "GFDL-1.3", "MPL-2.0");

    @TempDir Path temp;

    private static List<String> paragraphs(List<String> names) throws Exception {
        List<String> documents = new ArrayList<>();
        for (String name : names) {
            for (String block : Files.readString(LICENSES.resolve(name)).split("\\n\\s*\\n")) {
                String text = block.strip().replaceAll("\\s+", " ");
                if (text.length() > 20) {
                    documents.add(text);
                }
            }
        }
        return documents;
    }

    @Test
    void growingTheTableFromAStreamOfUnseenText() throws Exception {
        assumeTrue("discovery".equals(System.getProperty("scone.measure")));
        assumeTrue(Files.isDirectory(LICENSES));
        int minCount = Integer.getInteger("scone.measure.minCount", 5);
        Path modelDir = Path.of("../model/pretrained/scone").toAbsolutePath().normalize();
        ModelRepository models = new ModelRepository(modelDir.getParent(), temp.resolve("tables"));
        ModelCard card = models.card(modelDir);
        List<String> streamed = paragraphs(STREAMED);
        List<String> scored = paragraphs(SCORED);

        try (LocalKafkaBroker broker = SconeBroker.startWithTopics(temp.resolve("kafka"));
                InMemoryFgramTable shipped =
                        FgramTableFile.load(models.table(modelDir, ProgressReporter.silent()))) {
            SconeBroker.publishTable(broker, shipped, "shipped");
            DiscoverySettings settings =
                    DiscoveryJobSettings.of(
                            broker,
                            modelDir,
                            temp.resolve("checkpoints"),
                            "scone-discovery",
                            new CountingSettings(minCount, Duration.ofHours(1)),
                            EmbeddingSettings.defaults(),
                            DiscoverySettings.DEFAULT_MAX_DISCOVERED);
            StreamExecutionEnvironment env =
                    InProcessCluster.create(
                            DiscoveryRunner.flinkConfiguration(settings, temp), 2, 18094);
            JobClient job = DiscoveryRunner.start(env, settings, card, modelDir);
            KafkaTestClient kafka = new KafkaTestClient(broker.clientProperties());
            // The stream in ten parts, two checkpoints apart, so that n-grams admitted early
            // let their extensions be counted later (Apriori on the stream).
            int parts = 10;
            for (int part = 0; part < parts; part++) {
                List<Document> documents = new ArrayList<>();
                for (int i = part; i < streamed.size(); i += parts) {
                    documents.add(
                            Document.newBuilder()
                                    .setId("s-" + i)
                                    .setText(streamed.get(i))
                                    .setTask(Task.SCORE)
                                    .build());
                }
                kafka.sendDocuments(documents);
                Thread.sleep(2_500);
            }
            Map<String, FgramEntry> discovered = Map.of();
            for (int i = 0; i < 30; i++) {
                Map<String, FgramEntry> now = discoveredEntries(broker);
                if (i > 3 && now.size() == discovered.size()) {
                    break;
                }
                discovered = now;
                Thread.sleep(1_000);
            }
            job.cancel().get();

            InMemoryFgramTable grown =
                    new InMemoryFgramTable(shipped.dimension(), card.modelVersion(), "grown");
            shipped.forEach(grown::put);
            int[] byLength = new int[6];
            for (FgramEntry entry : discovered.values()) {
                int[] gram = entry.getTokens().stream().mapToInt(Integer::intValue).toArray();
                grown.put(gram, Bf16.decode(entry.getVector()));
                byLength[gram.length]++;
            }
            long streamedTokens =
                    streamed.stream().mapToLong(t -> Gpt2Tokenizer.get().encode(t).length).sum();
            try (SconeModel model = SconeModelIO.load(modelDir);
                    WindowedScorer scorer = new WindowedScorer(model, 4)) {
                double[] before = score(scorer, scored, shipped, card);
                double[] after = score(scorer, scored, grown, card);
                System.out.printf(
                        "[discovery] min-count %d; streamed %d documents, %d tokens; discovered"
                                + " %d f-grams (by length 2..5: %d %d %d %d); scored %d documents,"
                                + " %.0f tokens%n",
                        minCount,
                        streamed.size(),
                        streamedTokens,
                        discovered.size(),
                        byLength[2],
                        byLength[3],
                        byLength[4],
                        byLength[5],
                        scored.size(),
                        before[1]);
                System.out.printf(
                        "[discovery] static table: perplexity %.2f, matched %.1f%%, mean match"
                                + " length %.2f%n",
                        before[0], 100 * before[2] / before[1], before[3]);
                System.out.printf(
                        "[discovery] grown table:  perplexity %.2f, matched %.1f%%, mean match"
                                + " length %.2f; ratio %.4f%n",
                        after[0], 100 * after[2] / after[1], after[3], after[0] / before[0]);
            }
            grown.close();
            assertThat(discovered).isNotEmpty();
        }
    }

    /** {perplexity, predicted tokens, matched positions, mean match length} of the corpus. */
    private static double[] score(
            WindowedScorer scorer, List<String> texts, InMemoryFgramTable table, ModelCard card) {
        TableLookup lookup = new TableLookup(table, card.config().maxFgramLength());
        List<SequenceInput> inputs = new ArrayList<>();
        for (String text : texts) {
            inputs.add(SequenceInput.lookup(Gpt2Tokenizer.get().encode(text), lookup));
        }
        double logLikelihood = 0;
        double tokens = 0;
        double matched = 0;
        double lengths = 0;
        for (ScoredDocument document : scorer.score(inputs)) {
            logLikelihood += document.logLikelihood();
            tokens += document.predictedTokens();
            matched += document.matchedPositions();
            lengths += document.matchedPositions() * document.meanMatchLength();
        }
        return new double[] {
            Math.exp(-logLikelihood / tokens), tokens, matched, matched == 0 ? 0 : lengths / matched
        };
    }

    private static Map<String, FgramEntry> discoveredEntries(LocalKafkaBroker broker) {
        return TableTopic.discoveredEntries(broker.clientProperties(), 2_000);
    }
}
