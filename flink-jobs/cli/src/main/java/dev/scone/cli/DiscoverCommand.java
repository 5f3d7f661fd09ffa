package dev.scone.cli;

import dev.scone.cli.cluster.InProcessCluster;
import dev.scone.flink.discovery.AfEmbeddingModels;
import dev.scone.flink.discovery.CountingSettings;
import dev.scone.flink.discovery.DiscoveryRunner;
import dev.scone.flink.discovery.DiscoverySettings;
import dev.scone.flink.discovery.DiscoveryVersion;
import dev.scone.flink.discovery.EmbeddingSettings;
import dev.scone.flink.service.settings.IngestSettings;
import dev.scone.flink.service.settings.IngestSettings.InputFormat;
import dev.scone.flink.service.settings.JobSettings;
import dev.scone.flink.service.settings.KafkaSettings;
import dev.scone.flink.service.settings.KafkaSettings.OutputFormat;
import dev.scone.kafka.KafkaClientProperties;
import dev.scone.kafka.KafkaPreflight;
import dev.scone.model.nn.ModelCard;
import dev.scone.model.serving.ModelRepository;
import dev.scone.schemas.topic.SconeTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scone discover}: the live f-gram discovery job against any Kafka brokers. */
@Command(
        name = "discover",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Grow the f-gram table from the stream: a Flink job of its own, beside 'scone serve'.",
            "Counts the documents' n-grams (2..K) in bounded, decaying keyed state, Apriori-pruned",
            "against the live table; embeds those that reach --min-count with the model's A_F",
            "and publishes them to the table topic (transactionally); deletes the coldest",
            "discovered f-grams to stay within --max-discovered. Runs on an embedded Flink",
            "MiniCluster until Ctrl-C."
        })
final class DiscoverCommand implements Callable<Integer> {

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description =
                    "Kafka brokers to connect to; overrides bootstrap.servers of"
                            + " --kafka-properties (default: that, else "
                            + KafkaSettings.DEFAULT_BOOTSTRAP_SERVERS
                            + ").")
    String bootstrapServers;

    @Option(
            names = "--kafka-properties",
            paramLabel = "FILE",
            description =
                    "File of extra Kafka client properties (security.protocol, sasl.*, ssl.*, ...)"
                            + " applied to every consumer and producer; values are never logged.")
    Path kafkaPropertiesFile;

    @Option(
            names = "--model",
            defaultValue = JobSettings.DEFAULT_MODEL,
            description =
                    "Model whose A_F embeds discovered f-grams: a shipped name or a model"
                            + " directory; the service must serve the same model (default:"
                            + " ${DEFAULT-VALUE}).")
    String model;

    @Option(
            names = "--min-count",
            defaultValue = "" + CountingSettings.DEFAULT_MIN_COUNT,
            description =
                    "Decayed count at which an n-gram not in the table is admitted (default:"
                            + " ${DEFAULT-VALUE}).")
    int minCount;

    @Option(
            names = "--max-discovered",
            defaultValue = "" + DiscoverySettings.DEFAULT_MAX_DISCOVERED,
            description =
                    "Most discovered f-grams in the table at once; the coldest are deleted"
                            + " (tombstones). The model's own f-grams never are (default:"
                            + " ${DEFAULT-VALUE}).")
    int maxDiscovered;

    @Option(
            names = "--window",
            paramLabel = "DURATION",
            defaultValue = CountingSettings.DEFAULT_WINDOW,
            description =
                    "Half-life of the decayed counts, and how long an n-gram may go unseen before"
                            + " its count is dropped, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration window;

    @Option(
            names = "--parallelism",
            defaultValue = "" + JobSettings.DEFAULT_PARALLELISM,
            description =
                    "Parallelism of the job (the table keeper and its sink run at 1) (default:"
                            + " ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--max-parallelism",
            defaultValue = "" + JobSettings.DEFAULT_MAX_PARALLELISM,
            description =
                    "Key groups the counts are partitioned into; the bound of any later rescale"
                            + " (default: ${DEFAULT-VALUE}).")
    int maxParallelism;

    @Option(
            names = "--documents-topic",
            defaultValue = SconeTopics.DOCUMENTS,
            description = "Topic of documents to learn from (default: ${DEFAULT-VALUE}).")
    String documentsTopic;

    @Option(
            names = "--table-topic",
            defaultValue = SconeTopics.FGRAM_TABLE,
            description =
                    "Compacted f-gram table topic, read and written (default: ${DEFAULT-VALUE}).")
    String tableTopic;

    @Option(
            names = "--dlq-topic",
            defaultValue = SconeTopics.DEAD_LETTERS,
            description = "Dead-letter topic for unusable documents (default: ${DEFAULT-VALUE}).")
    String deadLetterTopic;

    @Option(
            names = "--group-id",
            defaultValue = DiscoverySettings.DEFAULT_GROUP_ID,
            description =
                    "Kafka consumer group of the job, apart from the service's; also the prefix of"
                            + " its transactional ids (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(
            names = "--input-format",
            defaultValue = IngestSettings.DEFAULT_INPUT_FORMAT,
            description =
                    "Encoding of documents: avro, json or text, as for 'scone serve' (default:"
                            + " ${DEFAULT-VALUE}).")
    InputFormat inputFormat;

    @Option(
            names = "--dlq-format",
            defaultValue = KafkaSettings.DEFAULT_OUTPUT_FORMAT,
            description = "Encoding of dead letters: avro or json (default: ${DEFAULT-VALUE}).")
    OutputFormat deadLetterFormat;

    @Option(
            names = "--max-text-bytes",
            defaultValue = "" + IngestSettings.DEFAULT_MAX_TEXT_BYTES,
            description =
                    "Largest document text accepted, in UTF-8 bytes; longer ones go to the"
                            + " dead-letter topic (default: ${DEFAULT-VALUE}).")
    int maxTextBytes;

    @Option(
            names = "--embed-batch-size",
            defaultValue = "" + EmbeddingSettings.DEFAULT_BATCH_SIZE,
            description = "Most n-grams per A_F forward pass (default: ${DEFAULT-VALUE}).")
    int embedBatchSize;

    @Option(
            names = "--embed-max-wait",
            defaultValue = EmbeddingSettings.DEFAULT_MAX_WAIT,
            description =
                    "Longest an admitted n-gram waits for others to fill a batch, ISO-8601"
                            + " (default: ${DEFAULT-VALUE}).")
    Duration embedMaxWait;

    @Option(
            names = "--embed-threads",
            defaultValue = "" + EmbeddingSettings.DEFAULT_CPU_THREADS,
            description =
                    "PyTorch CPU threads of each embedder; 0 for PyTorch's default (default:"
                            + " ${DEFAULT-VALUE}).")
    int embedThreads;

    @Option(
            names = "--checkpoint-interval",
            defaultValue = JobSettings.DEFAULT_CHECKPOINT_INTERVAL,
            description =
                    "Checkpoint interval, ISO-8601; discovered entries become visible at each"
                            + " checkpoint (default: ${DEFAULT-VALUE}).")
    Duration checkpointInterval;

    @Option(
            names = "--checkpoint-dir",
            description = "Checkpoint directory URI (default: file:// under var/checkpoints).")
    String checkpointDir;

    @Option(
            names = "--web-ui-port",
            defaultValue = "8082",
            description =
                    "Port of the local Flink Web UI and REST API; the next free one if taken"
                            + " (default: ${DEFAULT-VALUE}).")
    int webUiPort;

    /** The settings these options give, one record per stage. */
    DiscoverySettings settings() {
        try {
            return new DiscoverySettings(
                    new JobSettings(
                            parallelism, maxParallelism, checkpointInterval, checkpointDir, model),
                    new KafkaSettings(
                            bootstrapServers,
                            kafkaPropertiesFile == null ? null : kafkaPropertiesFile.toString(),
                            documentsTopic,
                            SconeTopics.RESULTS,
                            tableTopic,
                            deadLetterTopic,
                            groupId,
                            deadLetterFormat,
                            KafkaSettings.Delivery.exactly_once),
                    IngestSettings.defaults().withInput(inputFormat, maxTextBytes),
                    new CountingSettings(minCount, window),
                    new EmbeddingSettings(embedBatchSize, embedMaxWait, embedThreads),
                    maxDiscovered);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage() + ".");
        }
    }

    @Override
    public Integer call() throws Exception {
        if (parallelism < 1) {
            throw new UserException("--parallelism must be 1 or more, not " + parallelism + ".");
        }
        DiscoverySettings settings = settings();
        ModelRepository models = ModelRepository.forHome(SconeHome.root());
        Path modelDir = models.resolve(model);
        ModelCard card = models.card(modelDir);
        String problem = AfEmbeddingModels.problem(modelDir);
        if (problem != null) {
            throw new UserException(problem);
        }
        // Before a job exists: a missing topic or ACL is one sentence now, not a job that fails
        // over forever.
        KafkaClientProperties kafka = DiscoveryRunner.kafkaProperties(settings);
        ErrorReporter.hideSecretsOf(kafka);
        KafkaPreflight.check(kafka, DiscoveryRunner.kafkaNeeds(settings.kafka()));

        StreamExecutionEnvironment env =
                InProcessCluster.create(
                        DiscoveryRunner.flinkConfiguration(settings, SconeHome.root()),
                        parallelism,
                        webUiPort);
        JobClient job = DiscoveryRunner.start(env, settings, card, modelDir);
        System.out.println(
                "SCONE Stream discovery is growing the table for model "
                        + card.modelVersion()
                        + " (job "
                        + job.getJobID()
                        + ")\n  documents: "
                        + documentsTopic
                        + " -> table: "
                        + tableTopic
                        + " as table version "
                        + DiscoveryVersion.of(card.modelVersion())
                        + "\n  admits at count "
                        + minCount
                        + ", keeps at most "
                        + maxDiscovered
                        + " discovered f-grams, window "
                        + window
                        + "\n  Flink Web UI: "
                        + InProcessCluster.restAddress(env)
                        + "\nPress Ctrl-C to stop.");
        return JobLifetime.runUntilStopped(job);
    }
}
