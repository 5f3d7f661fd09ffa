package dev.scone.cluster;

import dev.scone.flink.discovery.CountingSettings;
import dev.scone.flink.discovery.DiscoverySettings;
import dev.scone.flink.discovery.EmbeddingSettings;
import dev.scone.flink.service.settings.IngestSettings;
import dev.scone.flink.service.settings.IngestSettings.InputFormat;
import dev.scone.flink.service.settings.JobSettings;
import dev.scone.flink.service.settings.KafkaSettings;
import dev.scone.flink.service.settings.KafkaSettings.OutputFormat;
import dev.scone.schemas.topic.SconeTopics;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The options of the discovery job, shared by {@code scone discover} and the job jar's {@link
 * DiscoveryJobMain}, parsed once into {@link DiscoverySettings}. Public fields, so a submission to
 * a cluster can pass every option under its documented name.
 */
public class DiscoveryOptions {

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description =
                    "Kafka brokers to connect to; overrides bootstrap.servers of"
                            + " --kafka-properties (default: that, else "
                            + KafkaSettings.DEFAULT_BOOTSTRAP_SERVERS
                            + ").")
    public String bootstrapServers;

    @Option(
            names = "--kafka-properties",
            paramLabel = "FILE",
            description =
                    "File of extra Kafka client properties (security.protocol, sasl.*, ssl.*, ...)"
                            + " applied to every consumer and producer; values are never logged.")
    public Path kafkaPropertiesFile;

    @Option(
            names = "--model",
            defaultValue = JobSettings.DEFAULT_MODEL,
            description =
                    "Model whose A_F embeds discovered f-grams: a shipped name or a model"
                            + " directory; the service must serve the same model (default:"
                            + " ${DEFAULT-VALUE}).")
    public String model;

    @Option(
            names = "--min-count",
            defaultValue = "" + CountingSettings.DEFAULT_MIN_COUNT,
            description =
                    "Decayed count at which an n-gram not in the table is admitted (default:"
                            + " ${DEFAULT-VALUE}).")
    public int minCount;

    @Option(
            names = "--max-discovered",
            defaultValue = "" + DiscoverySettings.DEFAULT_MAX_DISCOVERED,
            description =
                    "Most discovered f-grams in the table at once; the coldest are deleted"
                            + " (tombstones). The model's own f-grams never are (default:"
                            + " ${DEFAULT-VALUE}).")
    public int maxDiscovered;

    @Option(
            names = "--window",
            paramLabel = "DURATION",
            defaultValue = CountingSettings.DEFAULT_WINDOW,
            description =
                    "Half-life of the decayed counts, and how long an n-gram may go unseen before"
                            + " its count is dropped, ISO-8601 (default: ${DEFAULT-VALUE}).")
    public Duration window;

    @Option(
            names = "--parallelism",
            defaultValue = "" + JobSettings.DEFAULT_PARALLELISM,
            description =
                    "Parallelism of the job (the table keeper and its sink run at 1) (default:"
                            + " ${DEFAULT-VALUE}).")
    public int parallelism;

    @Option(
            names = "--max-parallelism",
            defaultValue = "" + JobSettings.DEFAULT_MAX_PARALLELISM,
            description =
                    "Key groups the counts are partitioned into; the bound of any later rescale"
                            + " (default: ${DEFAULT-VALUE}).")
    public int maxParallelism;

    @Option(
            names = "--documents-topic",
            defaultValue = SconeTopics.DOCUMENTS,
            description = "Topic of documents to learn from (default: ${DEFAULT-VALUE}).")
    public String documentsTopic;

    @Option(
            names = "--table-topic",
            defaultValue = SconeTopics.FGRAM_TABLE,
            description =
                    "Compacted f-gram table topic, read and written (default: ${DEFAULT-VALUE}).")
    public String tableTopic;

    @Option(
            names = "--dlq-topic",
            defaultValue = SconeTopics.DEAD_LETTERS,
            description = "Dead-letter topic for unusable documents (default: ${DEFAULT-VALUE}).")
    public String deadLetterTopic;

    @Option(
            names = "--group-id",
            defaultValue = DiscoverySettings.DEFAULT_GROUP_ID,
            description =
                    "Kafka consumer group of the job, apart from the service's; also the prefix of"
                            + " its transactional ids (default: ${DEFAULT-VALUE}).")
    public String groupId;

    @Option(
            names = "--input-format",
            defaultValue = IngestSettings.DEFAULT_INPUT_FORMAT,
            description =
                    "Encoding of documents: avro, json or text, as for 'scone serve' (default:"
                            + " ${DEFAULT-VALUE}).")
    public InputFormat inputFormat;

    @Option(
            names = "--dlq-format",
            defaultValue = KafkaSettings.DEFAULT_OUTPUT_FORMAT,
            description = "Encoding of dead letters: avro or json (default: ${DEFAULT-VALUE}).")
    public OutputFormat deadLetterFormat;

    @Option(
            names = "--max-text-bytes",
            defaultValue = "" + IngestSettings.DEFAULT_MAX_TEXT_BYTES,
            description =
                    "Largest document text accepted, in UTF-8 bytes; longer ones go to the"
                            + " dead-letter topic (default: ${DEFAULT-VALUE}).")
    public int maxTextBytes;

    @Option(
            names = "--embed-batch-size",
            defaultValue = "" + EmbeddingSettings.DEFAULT_BATCH_SIZE,
            description = "Most n-grams per A_F forward pass (default: ${DEFAULT-VALUE}).")
    public int embedBatchSize;

    @Option(
            names = "--embed-max-wait",
            defaultValue = EmbeddingSettings.DEFAULT_MAX_WAIT,
            description =
                    "Longest an admitted n-gram waits for others to fill a batch, ISO-8601"
                            + " (default: ${DEFAULT-VALUE}).")
    public Duration embedMaxWait;

    @Option(
            names = "--embed-threads",
            defaultValue = "" + EmbeddingSettings.DEFAULT_CPU_THREADS,
            description =
                    "PyTorch CPU threads of each embedder; 0 for PyTorch's default (default:"
                            + " ${DEFAULT-VALUE}).")
    public int embedThreads;

    @Option(
            names = "--checkpoint-interval",
            defaultValue = JobSettings.DEFAULT_CHECKPOINT_INTERVAL,
            description =
                    "Checkpoint interval, ISO-8601; discovered entries become visible at each"
                            + " checkpoint (default: ${DEFAULT-VALUE}).")
    public Duration checkpointInterval;

    @Option(
            names = "--checkpoint-dir",
            description = "Checkpoint directory URI (default: file:// under var/checkpoints).")
    public String checkpointDir;

    /** The settings these options give, one record per stage. */
    public DiscoverySettings settings() {
        if (parallelism < 1) {
            throw new IllegalArgumentException(
                    "--parallelism must be 1 or more, not " + parallelism + ".");
        }
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
            throw new IllegalArgumentException(e.getMessage() + ".", e);
        }
    }
}
