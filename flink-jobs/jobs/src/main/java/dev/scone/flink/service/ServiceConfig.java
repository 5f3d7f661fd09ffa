package dev.scone.flink.service;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Every setting of the streaming service, with its default and the line of documentation that
 * {@code scone serve --help} prints. Parsed once, then handed (serialized) to the operators that
 * need it, so no operator reads strings from a configuration of its own.
 */
public class ServiceConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    /** How records are encoded on the documents and results topics. */
    public enum InputFormat {
        avro,
        json,
        text
    }

    /** Encoding of results and dead letters. */
    public enum OutputFormat {
        avro,
        json
    }

    /** Kafka delivery guarantee of the result and dead-letter sinks. */
    public enum Delivery {
        exactly_once,
        at_least_once
    }

    /** Where the generation replica of the f-gram table lives on each decoder. */
    public enum ReplicaStore {
        memory,
        rocksdb
    }

    @Option(
            names = "--bootstrap-servers",
            defaultValue = "127.0.0.1:9092",
            description = "Kafka brokers to connect to (default: ${DEFAULT-VALUE}).")
    public String bootstrapServers = "127.0.0.1:9092";

    @Option(
            names = "--kafka-properties",
            description =
                    "File of extra Kafka client properties (security.protocol, sasl.*, ssl.*, ...)"
                            + " applied to every consumer and producer; values are never logged.")
    // Read while the job is built, never by an operator, so it does not travel with the job.
    public transient Path kafkaPropertiesFile;

    @Option(
            names = "--documents-topic",
            defaultValue = "scone.documents",
            description = "Topic of incoming documents (default: ${DEFAULT-VALUE}).")
    public String documentsTopic = "scone.documents";

    @Option(
            names = "--results-topic",
            defaultValue = "scone.results",
            description = "Topic results are written to (default: ${DEFAULT-VALUE}).")
    public String resultsTopic = "scone.results";

    @Option(
            names = "--table-topic",
            defaultValue = "scone.fgram-table",
            description = "Compacted changelog of the f-gram table (default: ${DEFAULT-VALUE}).")
    public String tableTopic = "scone.fgram-table";

    @Option(
            names = "--dlq-topic",
            defaultValue = "scone.dlq",
            description =
                    "Dead-letter topic for records that cannot be used (default: ${DEFAULT-VALUE}).")
    public String deadLetterTopic = "scone.dlq";

    @Option(
            names = "--group-id",
            defaultValue = "scone-service",
            description = "Kafka consumer group of the job (default: ${DEFAULT-VALUE}).")
    public String groupId = "scone-service";

    @Option(
            names = "--input-format",
            defaultValue = "avro",
            description =
                    "Encoding of documents: avro (single-object encoding), json, or text (one"
                            + " document per record) (default: ${DEFAULT-VALUE}).")
    public InputFormat inputFormat = InputFormat.avro;

    @Option(
            names = "--output-format",
            defaultValue = "avro",
            description =
                    "Encoding of results and dead letters: avro or json (default: ${DEFAULT-VALUE}).")
    public OutputFormat outputFormat = OutputFormat.avro;

    @Option(
            names = "--max-text-bytes",
            defaultValue = "200000",
            description =
                    "Largest document text accepted, in UTF-8 bytes; longer ones go to the"
                            + " dead-letter topic (default: ${DEFAULT-VALUE}).")
    public int maxTextBytes = 200_000;

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            description = "Parallelism of every operator (default: ${DEFAULT-VALUE}).")
    public int parallelism = 2;

    @Option(
            names = "--max-parallelism",
            defaultValue = "128",
            description =
                    "Key groups the f-gram table is partitioned into; the upper bound of any later"
                            + " rescale (default: ${DEFAULT-VALUE}).")
    public int maxParallelism = 128;

    @Option(
            names = "--assembly-timeout",
            defaultValue = "PT60S",
            description =
                    "How long a document may wait for all its f-gram matches before it is"
                            + " dead-lettered, ISO-8601 (default: ${DEFAULT-VALUE}).")
    public Duration assemblyTimeout = Duration.ofSeconds(60);

    @Option(
            names = "--decoder-batch-size",
            defaultValue = "8",
            description =
                    "Most documents the decoder scores in one forward pass (default: ${DEFAULT-VALUE}).")
    public int decoderBatchSize = 8;

    @Option(
            names = "--decoder-max-wait",
            defaultValue = "PT0.02S",
            description =
                    "Longest a document waits for others to fill a batch, ISO-8601 (default:"
                            + " ${DEFAULT-VALUE}).")
    public Duration decoderMaxWait = Duration.ofMillis(20);

    @Option(
            names = "--decoder-timeout",
            defaultValue = "PT120S",
            description =
                    "Longest the decoder may take for one document before it is dead-lettered,"
                            + " ISO-8601 (default: ${DEFAULT-VALUE}).")
    public Duration decoderTimeout = Duration.ofSeconds(120);

    @Option(
            names = "--decoder-threads",
            defaultValue = "0",
            description =
                    "PyTorch threads of each decoder subtask on the CPU. 0 (the default): the"
                            + " machine's cores shared out over the decoder subtasks of one"
                            + " process, which in a local run is --parallelism; on a cluster,"
                            + " 0 leaves PyTorch's default (all cores), so set it to the"
                            + " TaskManager's cores divided by its slots.")
    public int decoderThreads = 0;

    @Option(
            names = "--decoder-capacity",
            defaultValue = "64",
            description =
                    "Documents in flight in each decoder (checkpointed with the job) (default:"
                            + " ${DEFAULT-VALUE}).")
    public int decoderCapacity = 64;

    @Option(
            names = "--max-new-tokens",
            defaultValue = "32",
            description =
                    "GENERATE: tokens generated when a request does not say (default: ${DEFAULT-VALUE}).")
    public int defaultMaxNewTokens = 32;

    @Option(
            names = "--max-new-tokens-limit",
            defaultValue = "512",
            description =
                    "GENERATE: most tokens a request may ask for (default: ${DEFAULT-VALUE}).")
    public int maxNewTokensLimit = 512;

    @Option(
            names = "--temperature",
            defaultValue = "0.8",
            description =
                    "GENERATE: temperature when a request does not say; 0 is greedy (default: ${DEFAULT-VALUE}).")
    public float defaultTemperature = 0.8f;

    @Option(
            names = "--top-k",
            defaultValue = "40",
            description =
                    "GENERATE: top-k when a request does not say; 0 for all (default: ${DEFAULT-VALUE}).")
    public int defaultTopK = 40;

    @Option(
            names = "--delivery",
            defaultValue = "exactly_once",
            description =
                    "Result delivery: exactly_once (Kafka transactions, read with"
                            + " isolation.level=read_committed) or at_least_once (default: ${DEFAULT-VALUE}).")
    public Delivery delivery = Delivery.exactly_once;

    @Option(
            names = "--checkpoint-interval",
            defaultValue = "PT5S",
            description =
                    "Checkpoint interval, ISO-8601; results become visible to read_committed"
                            + " readers at each checkpoint (default: ${DEFAULT-VALUE}).")
    public Duration checkpointInterval = Duration.ofSeconds(5);

    @Option(
            names = "--checkpoint-dir",
            description = "Checkpoint directory URI (default: file:// under var/checkpoints).")
    public String checkpointDir;

    @Option(
            names = "--replica",
            defaultValue = "memory",
            description =
                    "Store of the decoder's read replica of the table used while generating:"
                            + " memory or rocksdb (default: ${DEFAULT-VALUE}).")
    public ReplicaStore replicaStore = ReplicaStore.memory;

    @Option(
            names = "--replica-dir",
            description =
                    "Local directory of rocksdb replicas on each TaskManager; each decoder"
                            + " rebuilds its replica there from the changelog (default: a"
                            + " scone-replica folder in the system temporary directory).")
    public String replicaDir;

    @Option(
            names = "--model",
            defaultValue = "scone",
            description =
                    "Model to serve: a shipped model name (scone, baseline, baseline-2x) or a model"
                            + " directory (default: ${DEFAULT-VALUE}).")
    public String model = "scone";

    /**
     * PyTorch threads per decoder subtask when all {@code decodersInProcess} decoders share this
     * machine's cores: {@code --decoder-threads} if given, else the cores divided among them.
     */
    public int cpuThreadsPerDecoder(int decodersInProcess) {
        if (decoderThreads > 0) {
            return decoderThreads;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return Math.max(1, cores / Math.max(1, decodersInProcess));
    }

    /** Checks values a user could get wrong, with one sentence per problem. */
    public ServiceConfig validate() {
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
