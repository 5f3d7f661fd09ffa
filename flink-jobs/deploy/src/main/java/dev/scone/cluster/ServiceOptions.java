package dev.scone.cluster;

import dev.scone.flink.service.settings.AssemblySettings;
import dev.scone.flink.service.settings.DecoderSettings;
import dev.scone.flink.service.settings.IngestSettings;
import dev.scone.flink.service.settings.IngestSettings.InputFormat;
import dev.scone.flink.service.settings.JobSettings;
import dev.scone.flink.service.settings.KafkaSettings;
import dev.scone.flink.service.settings.KafkaSettings.Delivery;
import dev.scone.flink.service.settings.KafkaSettings.OutputFormat;
import dev.scone.flink.service.settings.ReplicaSettings;
import dev.scone.flink.service.settings.ServiceSettings;
import dev.scone.schemas.topic.SconeTopics;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The options of {@code scone serve} and of the job jar, with the line of documentation that {@code
 * --help} prints. Their defaults are the settings records' constants. Parsed once into {@link
 * ServiceSettings}, whose records the operators get, one stage each; nothing of picocli travels
 * with the job.
 */
public class ServiceOptions {

    // No default value here: it would override bootstrap.servers of --kafka-properties.
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
            description =
                    "File of extra Kafka client properties (security.protocol, sasl.*, ssl.*, ...)"
                            + " applied to every consumer and producer; values are never logged.")
    public Path kafkaPropertiesFile;

    @Option(
            names = "--documents-topic",
            defaultValue = SconeTopics.DOCUMENTS,
            description = "Topic of incoming documents (default: ${DEFAULT-VALUE}).")
    public String documentsTopic = SconeTopics.DOCUMENTS;

    @Option(
            names = "--results-topic",
            defaultValue = SconeTopics.RESULTS,
            description = "Topic results are written to (default: ${DEFAULT-VALUE}).")
    public String resultsTopic = SconeTopics.RESULTS;

    @Option(
            names = "--table-topic",
            defaultValue = SconeTopics.FGRAM_TABLE,
            description = "Compacted changelog of the f-gram table (default: ${DEFAULT-VALUE}).")
    public String tableTopic = SconeTopics.FGRAM_TABLE;

    @Option(
            names = "--dlq-topic",
            defaultValue = SconeTopics.DEAD_LETTERS,
            description =
                    "Dead-letter topic for records that cannot be used (default: ${DEFAULT-VALUE}).")
    public String deadLetterTopic = SconeTopics.DEAD_LETTERS;

    @Option(
            names = "--group-id",
            defaultValue = KafkaSettings.DEFAULT_GROUP_ID,
            description = "Kafka consumer group of the job (default: ${DEFAULT-VALUE}).")
    public String groupId = KafkaSettings.DEFAULT_GROUP_ID;

    @Option(
            names = "--input-format",
            defaultValue = IngestSettings.DEFAULT_INPUT_FORMAT,
            description =
                    "Encoding of documents: avro (single-object encoding), json, or text (one"
                            + " document per record) (default: ${DEFAULT-VALUE}).")
    public InputFormat inputFormat = InputFormat.valueOf(IngestSettings.DEFAULT_INPUT_FORMAT);

    @Option(
            names = "--output-format",
            defaultValue = KafkaSettings.DEFAULT_OUTPUT_FORMAT,
            description =
                    "Encoding of results and dead letters: avro or json (default: ${DEFAULT-VALUE}).")
    public OutputFormat outputFormat = OutputFormat.valueOf(KafkaSettings.DEFAULT_OUTPUT_FORMAT);

    @Option(
            names = "--max-text-bytes",
            defaultValue = "" + IngestSettings.DEFAULT_MAX_TEXT_BYTES,
            description =
                    "Hard limit on a document's text, in UTF-8 bytes; larger ones go to the"
                            + " dead-letter topic. The only size limit: longer documents are scored"
                            + " window by window, longer prompts read from their newest tokens"
                            + " (default: ${DEFAULT-VALUE}, 1 MiB).")
    public int maxTextBytes = IngestSettings.DEFAULT_MAX_TEXT_BYTES;

    @Option(
            names = "--parallelism",
            defaultValue = "" + JobSettings.DEFAULT_PARALLELISM,
            description = "Parallelism of every operator (default: ${DEFAULT-VALUE}).")
    public int parallelism = JobSettings.DEFAULT_PARALLELISM;

    @Option(
            names = "--max-parallelism",
            defaultValue = "" + JobSettings.DEFAULT_MAX_PARALLELISM,
            description =
                    "Key groups the f-gram table is partitioned into; the upper bound of any later"
                            + " rescale (default: ${DEFAULT-VALUE}).")
    public int maxParallelism = JobSettings.DEFAULT_MAX_PARALLELISM;

    @Option(
            names = "--assembly-timeout",
            defaultValue = AssemblySettings.DEFAULT_TIMEOUT,
            description =
                    "How long a document may wait for all its f-gram matches before it is"
                            + " dead-lettered, ISO-8601 (default: ${DEFAULT-VALUE}).")
    public Duration assemblyTimeout = Duration.parse(AssemblySettings.DEFAULT_TIMEOUT);

    @Option(
            names = "--decoder-batch-size",
            defaultValue = "" + DecoderSettings.DEFAULT_BATCH_SIZE,
            description =
                    "Most documents the decoder scores in one forward pass (default: ${DEFAULT-VALUE}).")
    public int decoderBatchSize = DecoderSettings.DEFAULT_BATCH_SIZE;

    @Option(
            names = "--decoder-max-wait",
            defaultValue = DecoderSettings.DEFAULT_MAX_WAIT,
            description =
                    "Longest a document waits for others to fill a batch, ISO-8601 (default:"
                            + " ${DEFAULT-VALUE}).")
    public Duration decoderMaxWait = Duration.parse(DecoderSettings.DEFAULT_MAX_WAIT);

    @Option(
            names = "--decoder-timeout",
            defaultValue = DecoderSettings.DEFAULT_TIMEOUT,
            description =
                    "Longest the decoder may take for one document before it is dead-lettered,"
                            + " ISO-8601 (default: ${DEFAULT-VALUE}).")
    public Duration decoderTimeout = Duration.parse(DecoderSettings.DEFAULT_TIMEOUT);

    @Option(
            names = "--decoder-threads",
            defaultValue = "" + DecoderSettings.DEFAULT_THREADS,
            description =
                    "PyTorch threads of each decoder subtask on the CPU. 0 (the default): the"
                            + " machine's cores shared out over the decoder subtasks of one"
                            + " process, which in a local run is --parallelism; on a cluster,"
                            + " 0 leaves PyTorch's default (all cores), so set it to the"
                            + " TaskManager's cores divided by its slots.")
    public int decoderThreads = DecoderSettings.DEFAULT_THREADS;

    @Option(
            names = "--decoder-capacity",
            defaultValue = "" + DecoderSettings.DEFAULT_CAPACITY,
            description =
                    "Documents in flight in each decoder (checkpointed with the job) (default:"
                            + " ${DEFAULT-VALUE}).")
    public int decoderCapacity = DecoderSettings.DEFAULT_CAPACITY;

    @Option(
            names = "--max-new-tokens",
            defaultValue = "" + IngestSettings.DEFAULT_MAX_NEW_TOKENS,
            description =
                    "GENERATE: tokens generated when a request does not say (default: ${DEFAULT-VALUE}).")
    public int defaultMaxNewTokens = IngestSettings.DEFAULT_MAX_NEW_TOKENS;

    @Option(
            names = "--max-new-tokens-limit",
            defaultValue = "" + IngestSettings.DEFAULT_MAX_NEW_TOKENS_LIMIT,
            description =
                    "GENERATE: most tokens a request may ask for (default: ${DEFAULT-VALUE}).")
    public int maxNewTokensLimit = IngestSettings.DEFAULT_MAX_NEW_TOKENS_LIMIT;

    @Option(
            names = "--temperature",
            defaultValue = "" + IngestSettings.DEFAULT_TEMPERATURE,
            description =
                    "GENERATE: temperature when a request does not say; 0 is greedy (default: ${DEFAULT-VALUE}).")
    public float defaultTemperature = IngestSettings.DEFAULT_TEMPERATURE;

    @Option(
            names = "--top-k",
            defaultValue = "" + IngestSettings.DEFAULT_TOP_K,
            description =
                    "GENERATE: top-k when a request does not say; 0 for all (default: ${DEFAULT-VALUE}).")
    public int defaultTopK = IngestSettings.DEFAULT_TOP_K;

    @Option(
            names = "--delivery",
            defaultValue = KafkaSettings.DEFAULT_DELIVERY,
            description =
                    "Result delivery: exactly_once (Kafka transactions, read with"
                            + " isolation.level=read_committed) or at_least_once (default: ${DEFAULT-VALUE}).")
    public Delivery delivery = Delivery.valueOf(KafkaSettings.DEFAULT_DELIVERY);

    @Option(
            names = "--checkpoint-interval",
            defaultValue = JobSettings.DEFAULT_CHECKPOINT_INTERVAL,
            description =
                    "Checkpoint interval, ISO-8601; results become visible to read_committed"
                            + " readers at each checkpoint (default: ${DEFAULT-VALUE}).")
    public Duration checkpointInterval = Duration.parse(JobSettings.DEFAULT_CHECKPOINT_INTERVAL);

    @Option(
            names = "--checkpoint-dir",
            description = "Checkpoint directory URI (default: file:// under var/checkpoints).")
    public String checkpointDir;

    @Option(
            names = "--replica",
            defaultValue = ReplicaSettings.DEFAULT_STORE,
            description =
                    "Store of the decoder's read replica of the table used while generating:"
                            + " memory or rocksdb (default: ${DEFAULT-VALUE}).")
    public ReplicaSettings.Store replicaStore =
            ReplicaSettings.Store.valueOf(ReplicaSettings.DEFAULT_STORE);

    @Option(
            names = "--replica-dir",
            description =
                    "Local directory of rocksdb replicas on each TaskManager; each decoder"
                            + " rebuilds its replica there from the changelog (default: a"
                            + " scone-replica folder in the system temporary directory).")
    public String replicaDir;

    @Option(
            names = "--model",
            defaultValue = JobSettings.DEFAULT_MODEL,
            description =
                    "Model to serve: a shipped model name (scone, baseline, baseline-2x) or a model"
                            + " directory (default: ${DEFAULT-VALUE}).")
    public String model = JobSettings.DEFAULT_MODEL;

    /** The settings these options give, one record per stage. */
    public ServiceSettings settings() {
        validate();
        return new ServiceSettings(
                new JobSettings(
                        parallelism, maxParallelism, checkpointInterval, checkpointDir, model),
                new KafkaSettings(
                        bootstrapServers,
                        kafkaPropertiesFile == null ? null : kafkaPropertiesFile.toString(),
                        documentsTopic,
                        resultsTopic,
                        tableTopic,
                        deadLetterTopic,
                        groupId,
                        outputFormat,
                        delivery),
                new IngestSettings(
                        inputFormat,
                        maxTextBytes,
                        defaultMaxNewTokens,
                        maxNewTokensLimit,
                        defaultTemperature,
                        defaultTopK),
                new AssemblySettings(assemblyTimeout),
                new DecoderSettings(
                        decoderBatchSize,
                        decoderMaxWait,
                        decoderTimeout,
                        decoderThreads,
                        decoderCapacity),
                new ReplicaSettings(replicaStore, replicaDir));
    }

    /** Checks values a user could get wrong, with one sentence per problem. */
    public ServiceOptions validate() {
        require(parallelism >= 1, "--parallelism must be at least 1.");
        require(maxParallelism >= parallelism, "--max-parallelism must be at least --parallelism.");
        require(maxTextBytes >= 1, "--max-text-bytes must be positive.");
        require(decoderBatchSize >= 1, "--decoder-batch-size must be at least 1.");
        require(decoderThreads >= 0, "--decoder-threads must be 0 (automatic) or more.");
        require(
                decoderCapacity >= decoderBatchSize,
                "--decoder-capacity must be at least --decoder-batch-size.");
        require(defaultMaxNewTokens >= 0, "--max-new-tokens must not be negative.");
        require(defaultTemperature >= 0, "--temperature must not be negative.");
        require(defaultTopK >= 0, "--top-k must not be negative.");
        require(
                !assemblyTimeout.isNegative() && !assemblyTimeout.isZero(),
                "--assembly-timeout must be positive.");
        require(
                !checkpointInterval.isNegative() && !checkpointInterval.isZero(),
                "--checkpoint-interval must be positive.");
        return this;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
