package dev.scone.cli;

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
import dev.scone.model.files.Directories;
import dev.scone.model.nn.ModelCard;
import dev.scone.model.serving.ModelRepository;
import dev.scone.model.table.FgramTableFile;
import dev.scone.model.table.InMemoryFgramTable;
import dev.scone.schemas.DeadLetter;
import dev.scone.schemas.Document;
import dev.scone.schemas.Result;
import dev.scone.schemas.Task;
import dev.scone.schemas.serde.SingleObjectCodec;
import dev.scone.schemas.topic.RecordJson;
import dev.scone.schemas.topic.SconeTopics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scone demo}: the whole service on this machine in one command — a real Kafka broker, a
 * Flink MiniCluster with the Web UI, the shipped model's table published to the changelog, sample
 * documents in, results printed as they arrive.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run the whole service on this machine with sample documents.",
            "Starts a Kafka broker (KRaft, 127.0.0.1), a Flink MiniCluster with the Web UI,",
            "publishes the shipped model's f-gram table, sends sample SCORE and GENERATE",
            "documents (and one malformed record) and prints each result as it arrives.",
            "Runs until Ctrl-C or --seconds."
        })
final class DemoCommand implements Callable<Integer> {

    @Option(
            names = "--seconds",
            description = "Stop after this many seconds (default: run until Ctrl-C).")
    Integer seconds;

    @Option(
            names = "--model",
            defaultValue = "scone",
            description = "Model to serve (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(
            names = "--kafka-port",
            defaultValue = "9092",
            description = "Port of the demo broker on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
            names = "--web-ui-port",
            defaultValue = "8081",
            description =
                    "Port of the Flink Web UI; the next free one if taken (default: ${DEFAULT-VALUE}).")
    int webUiPort;

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            description = "Parallelism of the job (default: ${DEFAULT-VALUE}).")
    int parallelism;

    private final long startNanos = System.nanoTime();

    @Override
    public Integer call() throws Exception {
        Path demoDir = SconeHome.var().resolve("demo");
        Directories.deleteRecursively(demoDir);
        Files.createDirectories(demoDir);

        ModelRepository models = ModelRepository.forHome(SconeHome.root());
        Path modelDir = models.resolve(model);
        ModelCard card = models.card(modelDir);
        step("Model " + card.modelVersion() + " (" + modelDir + ")");
        Path tableFile =
                card.config().hasFgramEncoder()
                        ? models.table(modelDir, GlobalOptions.current().progress())
                        : null;

        step("Starting Kafka (KRaft) on 127.0.0.1:" + kafkaPort + " ...");
        try (LocalKafkaBroker broker =
                LocalKafkaBroker.start(demoDir.resolve("kafka"), kafkaPort)) {
            KafkaClientProperties kafka = broker.clientProperties();
            try (Admin admin = Admin.create(kafka.toProperties())) {
                SconeTopics.ensureTopics(admin, parallelism);
            }
            long published = 0;
            if (tableFile != null) {
                try (InMemoryFgramTable table = FgramTableFile.load(tableFile)) {
                    published =
                            new TablePublisher(kafka, SconeTopics.FGRAM_TABLE)
                                    .publish(
                                            table,
                                            table.version(),
                                            GlobalOptions.current().progress());
                }
                step("Published " + published + " f-gram vectors to " + SconeTopics.FGRAM_TABLE);
            }

            ServiceOptions config = new ServiceOptions();
            config.bootstrapServers = broker.bootstrapServers();
            config.model = model;
            config.parallelism = parallelism;
            config.checkpointInterval = Duration.ofSeconds(2);
            config.checkpointDir = demoDir.resolve("checkpoints").toUri().toString();
            ServiceSettings settings = config.settings();

            StreamExecutionEnvironment env =
                    InProcessCluster.create(
                            ServiceRunner.flinkConfiguration(settings.job(), SconeHome.root()),
                            parallelism,
                            webUiPort);
            JobClient job = ServiceRunner.startLocal(env, settings, card, modelDir);
            String rest = InProcessCluster.restAddress(env);
            step("Flink job running; Web UI at " + rest);
            // Ctrl-C ends the JVM without unwinding this method: stop the job and the broker
            // from a shutdown hook so the broker's data and the checkpoints stay consistent.
            Thread onInterrupt =
                    new Thread(
                            () -> {
                                step("Interrupted: shutting down ...");
                                try {
                                    job.cancel().get();
                                } catch (Exception e) {
                                    // The job may already have ended.
                                }
                                broker.stop();
                            });
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            try {
                ServiceMetrics metrics = new ServiceMetrics(rest, job.getJobID().toHexString());
                if (published > 0) {
                    step("Loading the table into keyed state (RocksDB) ...");
                    if (!metrics.awaitAtLeast(
                            MetricNames.TABLE_UPDATES_APPLIED,
                            published,
                            remaining(Duration.ofMinutes(5)))) {
                        throw new IllegalStateException(
                                "The table did not finish loading in time.");
                    }
                    step(
                            "Table loaded: "
                                    + metrics.sum(MetricNames.TABLE_UPDATES_APPLIED)
                                    + " entries");
                }
                List<Document> samples = samples();
                try (KafkaConsumer<byte[], byte[]> consumer =
                        ByteClients.committedReaderFromStart(
                                kafka,
                                "scone-demo",
                                List.of(SconeTopics.RESULTS, SconeTopics.DEAD_LETTERS))) {
                    sendSamples(kafka, samples);
                    step("Sent " + samples.size() + " documents and 1 malformed record; results:");
                    printResults(
                            consumer,
                            samples.stream().map(Document::getId).collect(Collectors.toSet()));
                    if (seconds == null) {
                        step(
                                "Still serving: send more with 'scone produce --bootstrap-servers "
                                        + broker.bootstrapServers()
                                        + "'. Ctrl-C stops.");
                        printResults(consumer, null);
                    }
                }
            } finally {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
                step("Shutting down ...");
                try {
                    job.cancel().get();
                } catch (Exception e) {
                    // The job may already have ended.
                }
            }
        }
        step("Done.");
        return ExitCodes.OK;
    }

    private void step(String message) {
        System.out.printf("[%5.1fs] %s%n", (System.nanoTime() - startNanos) / 1e9, message);
        System.out.flush();
    }

    private Duration remaining(Duration cap) {
        if (seconds == null) {
            return cap;
        }
        Duration left = Duration.ofSeconds(seconds).minusNanos(System.nanoTime() - startNanos);
        return left.isNegative() ? Duration.ZERO : (left.compareTo(cap) < 0 ? left : cap);
    }

    private static List<Document> samples() throws IOException {
        List<Document> documents = new ArrayList<>();
        try (BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(
                                DemoCommand.class.getResourceAsStream(
                                        "/dev/scone/demo/samples.jsonl"),
                                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    documents.add(RecordJson.parseDocument(line));
                }
            }
        }
        return documents;
    }

    private static void sendSamples(KafkaClientProperties kafka, List<Document> samples) {
        SingleObjectCodec<Document> codec = SingleObjectCodec.documents();
        try (KafkaProducer<byte[], byte[]> producer = ByteClients.producer(kafka)) {
            for (Document document : samples) {
                producer.send(
                        new ProducerRecord<>(
                                SconeTopics.DOCUMENTS,
                                document.getId().getBytes(StandardCharsets.UTF_8),
                                codec.encode(document)));
            }
            producer.send(
                    new ProducerRecord<>(
                            SconeTopics.DOCUMENTS,
                            "malformed".getBytes(StandardCharsets.UTF_8),
                            "this is not an Avro document".getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }
    }

    /**
     * Prints results and dead letters as they arrive: until every id in {@code expected} and one
     * dead letter were seen, or, with {@code expected} null, until stopped.
     */
    private void printResults(KafkaConsumer<byte[], byte[]> consumer, Set<String> expected) {
        SingleObjectCodec<Result> results = SingleObjectCodec.results();
        SingleObjectCodec<DeadLetter> deadLetters = SingleObjectCodec.deadLetters();
        Set<String> answered = new HashSet<>();
        boolean deadLetterSeen = false;
        while (true) {
            if (remaining(Duration.ofMinutes(10)).isZero()) {
                if (expected != null && !answered.containsAll(expected)) {
                    step(
                            "Stopping at --seconds with "
                                    + answered.size()
                                    + " of "
                                    + expected.size()
                                    + " answered.");
                }
                return;
            }
            if (expected != null && answered.containsAll(expected) && deadLetterSeen) {
                return;
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.topic().equals(SconeTopics.RESULTS)) {
                    Result result = results.decode(record.value());
                    answered.add(result.getId());
                    System.out.println(describe(result));
                } else {
                    deadLetterSeen = true;
                    System.out.println(
                            "  dead letter  " + deadLetters.decode(record.value()).getReason());
                }
            }
        }
    }

    static String describe(Result result) {
        StringBuilder line = new StringBuilder();
        if (result.getTask() == Task.GENERATE) {
            line.append(
                    String.format(
                            "  GENERATE %-16s %d-token prompt -> %s",
                            result.getId(),
                            result.getTokens(),
                            RecordJson.utf8Preview(
                                    result.getGeneratedText().getBytes(StandardCharsets.UTF_8),
                                    160)));
        } else {
            line.append(
                    String.format(
                            "  SCORE    %-16s %3d tokens  perplexity %8.1f  log-likelihood %8.1f",
                            result.getId(),
                            result.getTokens(),
                            result.getPerplexity(),
                            result.getLogLikelihood()));
        }
        line.append(
                String.format(
                        "%n           f-grams at %d/%d positions (mean length %.2f), table %s, %d ms",
                        result.getMatchedPositions(),
                        result.getTokens(),
                        result.getMeanMatchLength(),
                        result.getTableVersion().isEmpty() ? "-" : result.getTableVersion(),
                        result.getLatencyMs()));
        return line.toString();
    }
}
