package dev.scone.bench;

import ai.djl.Device;
import dev.scone.broker.LocalKafkaBroker;
import dev.scone.cli.cluster.InProcessCluster;
import dev.scone.cluster.ServiceOptions;
import dev.scone.flink.service.MetricNames;
import dev.scone.flink.service.ServiceMetrics;
import dev.scone.flink.service.ServiceRunner;
import dev.scone.flink.service.settings.ServiceSettings;
import dev.scone.kafka.ByteClients;
import dev.scone.kafka.KafkaClientProperties;
import dev.scone.kafka.TablePublisher;
import dev.scone.model.corpus.CorpusDocuments;
import dev.scone.model.files.Directories;
import dev.scone.model.nn.ModelCard;
import dev.scone.model.nn.SconeModel;
import dev.scone.model.nn.SconeModelIO;
import dev.scone.model.nn.SequenceInput;
import dev.scone.model.progress.ProgressReporter;
import dev.scone.model.serving.ModelRepository;
import dev.scone.model.serving.TableLookup;
import dev.scone.model.serving.WindowedScorer;
import dev.scone.model.table.FgramTableFile;
import dev.scone.model.table.InMemoryFgramTable;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import dev.scone.schemas.Document;
import dev.scone.schemas.Result;
import dev.scone.schemas.serde.SingleObjectCodec;
import dev.scone.schemas.topic.SconeTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code scone bench pipeline}: the streaming service end to end on this machine — a real broker, a
 * MiniCluster at parallelism 2, the shipped SCONE model and its table in keyed RocksDB state —
 * against offline scoring of the same documents in the same run.
 *
 * <ol>
 *   <li>offline: {@link WindowedScorer} with table lookups over the documents, in this JVM;
 *   <li>sustained: every document sent at once, until the job has written the last result (seen by
 *       a read_uncommitted reader), and until a read_committed reader sees it too (the checkpoint
 *       that commits the Kafka transaction adds up to one interval);
 *   <li>latency: documents sent at about 70% of the sustained rate; the decoder-side latency each
 *       result carries and the latency a read_committed reader sees;
 *   <li>skew: f-gram lookups per FgramMatch subtask, largest over mean.
 * </ol>
 */
public final class PipelineSuite implements BenchmarkSuite {

    private static final Duration LIMIT = Duration.ofMinutes(5);

    @Override
    public String name() {
        return "pipeline";
    }

    @Override
    public String method(BenchContext context) {
        return documents(context)
                + " fortunes from the validation split; broker and MiniCluster in this machine,"
                + " parallelism 2, checkpoints every second, exactly-once results";
    }

    private static int documents(BenchContext context) {
        return context.quick() ? 60 : 600;
    }

    @Override
    public SuiteResult run(BenchContext context) throws Exception {
        ModelRepository models = ModelRepository.forHome(context.home());
        Path modelDir = models.resolve("scone");
        ModelCard card = models.card(modelDir);
        Path tableFile = models.table(modelDir, context.progress());
        List<String> texts = fortunes(context, 2 * documents(context));
        List<String> burst = texts.subList(0, documents(context));
        List<String> paced = texts.subList(documents(context), texts.size());
        long burstTokens =
                burst.stream().mapToLong(t -> Gpt2Tokenizer.get().encode(t).length).sum();

        int rounds = context.quick() ? 1 : 3;
        double offlineSeconds = 0;
        double burstSeconds = 0;
        double burstVisibleSeconds = 0;
        List<Double> roundRatios = new ArrayList<>();
        double[] decoderLatency;
        double[] visibleLatency;
        double pacedRate;
        double[] skew;
        try (InMemoryFgramTable offlineTable = FgramTableFile.load(tableFile);
                SconeModel offlineModel = SconeModelIO.load(modelDir, Device.cpu());
                WindowedScorer scorer = new WindowedScorer(offlineModel)) {
            TableLookup lookup = new TableLookup(offlineTable, card.config().maxFgramLength());
            DoubleSupplier offline =
                    () -> {
                        long start = System.nanoTime();
                        List<SequenceInput> inputs = new ArrayList<>();
                        for (String text : burst) {
                            inputs.add(
                                    SequenceInput.lookup(Gpt2Tokenizer.get().encode(text), lookup));
                        }
                        scorer.score(inputs);
                        return (System.nanoTime() - start) / 1e9;
                    };
            offline.getAsDouble(); // warm-up, as the job gets its warm-up documents

            Path work = context.benchDirectory().resolve("pipeline");
            Directories.deleteRecursively(work);
            Files.createDirectories(work);
            try (LocalKafkaBroker broker = LocalKafkaBroker.start(work.resolve("kafka"), 0)) {
                KafkaClientProperties kafka = broker.clientProperties();
                try (Admin admin = Admin.create(kafka.toProperties())) {
                    SconeTopics.ensureTopics(admin, 2);
                }
                long published;
                try (InMemoryFgramTable table = FgramTableFile.load(tableFile)) {
                    published =
                            new TablePublisher(kafka, SconeTopics.FGRAM_TABLE)
                                    .publish(table, table.version(), ProgressReporter.silent());
                }
                ServiceOptions config = new ServiceOptions();
                config.bootstrapServers = broker.bootstrapServers();
                config.parallelism = 2;
                config.checkpointInterval = Duration.ofSeconds(1);
                config.checkpointDir = work.resolve("checkpoints").toUri().toString();
                ServiceSettings settings = config.settings();
                StreamExecutionEnvironment env =
                        InProcessCluster.create(
                                ServiceRunner.flinkConfiguration(settings.job(), context.home()),
                                2,
                                18181);
                JobClient job = ServiceRunner.startLocal(env, settings, card, modelDir);
                try (KafkaProducer<byte[], byte[]> producer = ByteClients.producer(kafka);
                        KafkaConsumer<byte[], byte[]> consumer =
                                ByteClients.committedReaderFromStart(
                                        kafka, "scone-bench", List.of(SconeTopics.RESULTS));
                        KafkaConsumer<byte[], byte[]> written =
                                ByteClients.uncommittedReaderFromStart(
                                        kafka,
                                        "scone-bench-written",
                                        List.of(SconeTopics.RESULTS))) {
                    ServiceMetrics metrics =
                            new ServiceMetrics(
                                    InProcessCluster.restAddress(env),
                                    job.getJobID().toHexString());
                    if (!metrics.awaitAtLeast(
                            MetricNames.TABLE_UPDATES_APPLIED, published, LIMIT)) {
                        throw new IllegalStateException(
                                "The table did not load into keyed state in time.");
                    }
                    context.log().println("  table loaded; warming up ...");
                    Map<String, Long> sentAt = new HashMap<>();
                    send(producer, "warm", burst.subList(0, Math.min(10, burst.size())), 0, sentAt);
                    // Both readers join their groups and pass the warm-up results before timing.
                    awaitResults(written, sentAt, new ArrayList<>(), new ArrayList<>());
                    awaitResults(consumer, sentAt, new ArrayList<>(), new ArrayList<>());

                    // Offline and streaming take turns, so load from elsewhere on the machine falls
                    // on
                    // both sides alike.
                    for (int round = 0; round < rounds; round++) {
                        double offlineRound = offline.getAsDouble();
                        context.log()
                                .printf(
                                        Locale.ROOT,
                                        "  round %d: offline %.2f s; streaming %d documents at"
                                                + " once ...%n",
                                        round + 1,
                                        offlineRound,
                                        burst.size());
                        sentAt.clear();
                        long start = System.nanoTime();
                        send(producer, "burst-" + round, burst, 0, sentAt);
                        awaitResults(written, sentAt, new ArrayList<>(), new ArrayList<>());
                        double streamingRound = (System.nanoTime() - start) / 1e9;
                        awaitResults(consumer, sentAt, new ArrayList<>(), new ArrayList<>());
                        burstVisibleSeconds += (System.nanoTime() - start) / 1e9;
                        offlineSeconds += offlineRound;
                        burstSeconds += streamingRound;
                        roundRatios.add(offlineRound / streamingRound);
                    }

                    pacedRate = 0.7 * burst.size() * rounds / burstSeconds;
                    context.log()
                            .printf(
                                    Locale.ROOT,
                                    "  latency: %d documents at %.1f documents/s ...%n",
                                    paced.size(),
                                    pacedRate);
                    sentAt.clear();
                    List<Long> decoder = new ArrayList<>();
                    List<Long> visible = new ArrayList<>();
                    send(producer, "paced", paced, pacedRate, sentAt);
                    awaitResults(consumer, sentAt, decoder, visible);
                    decoderLatency = percentiles(decoder);
                    visibleLatency = percentiles(visible);
                    // Flink's REST API serves metrics it fetched from the TaskManagers, every few
                    // seconds; wait (bounded) until the lookups show up there.
                    skew = metrics.maxAndMeanOverSubtasks(MetricNames.FGRAM_LOOKUPS);
                    for (int attempt = 0; attempt < 30 && skew[1] == 0; attempt++) {
                        Thread.sleep(1_000);
                        skew = metrics.maxAndMeanOverSubtasks(MetricNames.FGRAM_LOOKUPS);
                    }
                } finally {
                    job.cancel().get();
                }
            }
        }

        double offlineRate = burst.size() * rounds / offlineSeconds;
        double streamingRate = burst.size() * rounds / burstSeconds;
        double visibleRate = burst.size() * rounds / burstVisibleSeconds;
        double ratio = streamingRate / offlineRate;
        ResultTable table =
                new ResultTable("Measurement", "Value")
                        .row(
                                "offline scoring (documents/s)",
                                String.format(Locale.ROOT, "%.1f", offlineRate))
                        .row(
                                "offline scoring (tokens/s)",
                                String.format(
                                        Locale.ROOT,
                                        "%,.0f",
                                        burstTokens * rounds / offlineSeconds))
                        .row(
                                "streaming, sustained (documents/s)",
                                String.format(Locale.ROOT, "%.1f", streamingRate))
                        .row(
                                "streaming, sustained (tokens/s)",
                                String.format(
                                        Locale.ROOT, "%,.0f", burstTokens * rounds / burstSeconds))
                        .row(
                                "streaming, sustained, read_committed (documents/s)",
                                String.format(Locale.ROOT, "%.1f", visibleRate))
                        .row(
                                "paced load (documents/s)",
                                String.format(Locale.ROOT, "%.1f", pacedRate))
                        .row(
                                "latency in the job, p50 / p99 (ms)",
                                String.format(
                                        Locale.ROOT,
                                        "%.0f / %.0f",
                                        decoderLatency[0],
                                        decoderLatency[1]))
                        .row(
                                "latency to a read_committed reader, p50 / p99 (ms)",
                                String.format(
                                        Locale.ROOT,
                                        "%.0f / %.0f",
                                        visibleLatency[0],
                                        visibleLatency[1]))
                        .row(
                                "f-gram lookups per match subtask, max / mean",
                                String.format(
                                        Locale.ROOT, "%.2f", skew[1] == 0 ? 0 : skew[0] / skew[1]));
        List<String> findings =
                List.of(
                        String.format(
                                Locale.ROOT,
                                "Streaming / offline documents per second: %.2f (aim: at least 0.8): %s;"
                                        + " %.2f as a read_committed reader sees the burst end.",
                                ratio,
                                SuiteResult.verdict(ratio >= 0.8),
                                visibleRate / offlineRate));
        List<String> notes =
                List.of(
                        String.format(
                                Locale.ROOT,
                                "%d documents, %,d tokens per sustained burst, timed from the first"
                                        + " send until the job has written the last result; %d"
                                        + " rounds, each offline scoring then one burst, rates over"
                                        + " all rounds; streaming / offline per round: %s.",
                                burst.size(),
                                burstTokens,
                                rounds,
                                roundRatios.stream()
                                        .map(r -> String.format(Locale.ROOT, "%.2f", r))
                                        .collect(Collectors.joining(", "))),
                        "Latency in the job runs from the document entering the job to its result leaving the decoder; a read_committed reader sees it after the next checkpoint commits the Kafka transaction (interval 1 s).",
                        "Offline scoring is one JVM thread whose PyTorch kernels spread over both cores; the service runs two decoder subtasks of one PyTorch thread each (--decoder-threads, by default the cores shared out over the decoders) beside the broker, the sources and the match and assembly operators, all on the same two cores. Two independent decoders keep both cores busier than one scorer's intra-op threads do, which is how the job can outrun offline scoring here.",
                        "Keyed-state lookups with the table in memory and 10x larger than the RocksDB block cache: see the keyed-state section (`./scone bench state`).");
        return new SuiteResult(
                "Streaming pipeline",
                "Documents through a real Kafka broker and the service job on a local MiniCluster, against offline scoring of the same documents in the same run.",
                table,
                findings,
                notes);
    }

    private static List<String> fortunes(BenchContext context, int count) throws Exception {
        Path file = context.home().resolve("var/corpora/validation/fortunes.txt");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "The validation split "
                            + context.display(file)
                            + " does not exist; run './scone corpus prepare' first.");
        }
        List<String> documents = new ArrayList<>();
        for (String document : CorpusDocuments.read(file)) {
            if (documents.size() < count && Gpt2Tokenizer.get().encode(document).length >= 2) {
                documents.add(document);
            }
        }
        return documents;
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer,
            String prefix,
            List<String> texts,
            double perSecond,
            Map<String, Long> sentAt)
            throws InterruptedException {
        SingleObjectCodec<Document> codec = SingleObjectCodec.documents();
        long start = System.nanoTime();
        for (int i = 0; i < texts.size(); i++) {
            if (perSecond > 0) {
                long due = start + (long) (i * 1e9 / perSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            String id = prefix + "-" + i;
            sentAt.put(id, System.currentTimeMillis());
            producer.send(
                    new ProducerRecord<>(
                            SconeTopics.DOCUMENTS,
                            id.getBytes(StandardCharsets.UTF_8),
                            codec.encode(
                                    Document.newBuilder()
                                            .setId(id)
                                            .setText(texts.get(i))
                                            .build())));
        }
        producer.flush();
    }

    private static void awaitResults(
            KafkaConsumer<byte[], byte[]> consumer,
            Map<String, Long> sentAt,
            List<Long> decoder,
            List<Long> visible) {
        SingleObjectCodec<Result> codec = SingleObjectCodec.results();
        long deadline = System.nanoTime() + LIMIT.toNanos();
        int remaining = sentAt.size();
        while (remaining > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(remaining + " results did not arrive in time.");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                Result result = codec.decode(record.value());
                Long sent = sentAt.get(result.getId());
                if (sent != null) {
                    remaining--;
                    decoder.add(result.getLatencyMs());
                    visible.add(System.currentTimeMillis() - sent);
                }
            }
        }
    }

    private static double[] percentiles(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return new double[] {0, 0};
        }
        return new double[] {
            sorted[(int) Math.min(sorted.length - 1, Math.round(0.50 * (sorted.length - 1)))],
            sorted[(int) Math.min(sorted.length - 1, Math.round(0.99 * (sorted.length - 1)))]
        };
    }
}
