package dev.scone.flink.sql;

import dev.scone.flink.service.settings.DecoderSettings;
import dev.scone.flink.service.settings.IngestSettings;
import dev.scone.flink.service.settings.JobSettings;
import dev.scone.flink.service.settings.ReplicaSettings;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The options of a {@code 'provider' = 'scone'} model, with the line of documentation each. The
 * defaults are those of {@code scone serve}: the same settings records' constants.
 */
public final class SconeModelOptions {

    private SconeModelOptions() {}

    /** What the model does with each row. */
    public enum Task {
        /** Log-likelihood and perplexity of the text. */
        score,
        /** A continuation of the text. */
        generate
    }

    /** Prefix of the Kafka client properties of the table replica, as the Kafka connector has. */
    public static final String KAFKA_PROPERTIES_PREFIX = "properties.";

    public static final ConfigOption<String> MODEL =
            ConfigOptions.key("model")
                    .stringType()
                    .defaultValue(JobSettings.DEFAULT_MODEL)
                    .withDescription(
                            "A shipped model name (scone, baseline, baseline-2x; looked up under"
                                    + " the scone.home system property or SCONE_HOME) or a model"
                                    + " directory, which must exist under the same path on every"
                                    + " TaskManager.");

    public static final ConfigOption<Task> TASK =
            ConfigOptions.key("task")
                    .enumType(Task.class)
                    .defaultValue(Task.score)
                    .withDescription(
                            "score: OUTPUT columns from tokens, log_likelihood, perplexity,"
                                    + " matched_positions, mean_match_length, model_version,"
                                    + " table_version; generate: from generated_text,"
                                    + " generated_tokens, prompt_tokens_dropped, tokens,"
                                    + " matched_positions,"
                                    + " model_version, table_version.");

    public static final ConfigOption<String> TABLE =
            ConfigOptions.key("table")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Exported table file (scone table build) each task loads; it must"
                                    + " belong to the model. Default: the model's own table,"
                                    + " built and cached on first use, unless table.topic is"
                                    + " set.");

    public static final ConfigOption<String> TABLE_TOPIC =
            ConfigOptions.key("table.topic")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Compacted table changelog topic that a replica in each task reads"
                                    + " from the beginning and then follows; needs"
                                    + " properties.bootstrap.servers.");

    public static final ConfigOption<ReplicaSettings.Store> REPLICA =
            ConfigOptions.key("replica")
                    .enumType(ReplicaSettings.Store.class)
                    .defaultValue(ReplicaSettings.Store.valueOf(ReplicaSettings.DEFAULT_STORE))
                    .withDescription("Store of the table.topic replica: memory or rocksdb.");

    public static final ConfigOption<String> REPLICA_DIR =
            ConfigOptions.key("replica.dir")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Local directory of rocksdb replicas (default: a scone-replica folder"
                                    + " in the system temporary directory).");

    public static final ConfigOption<Integer> BATCH_SIZE =
            ConfigOptions.key("batch-size")
                    .intType()
                    .defaultValue(DecoderSettings.DEFAULT_BATCH_SIZE)
                    .withDescription("Most rows scored in one forward pass.");

    public static final ConfigOption<Duration> MAX_WAIT =
            ConfigOptions.key("max-wait")
                    .durationType()
                    .defaultValue(Duration.parse(DecoderSettings.DEFAULT_MAX_WAIT))
                    .withDescription("Longest a row waits for others to fill a batch.");

    public static final ConfigOption<Integer> THREADS =
            ConfigOptions.key("threads")
                    .intType()
                    .defaultValue(DecoderSettings.DEFAULT_THREADS)
                    .withDescription(
                            "PyTorch threads of each task on the CPU; 0: the machine's cores"
                                    + " divided by the operator's parallelism (right for a local"
                                    + " run; on a cluster set the TaskManager's cores divided by"
                                    + " its slots).");

    public static final ConfigOption<Integer> MAX_NEW_TOKENS =
            ConfigOptions.key("max-new-tokens")
                    .intType()
                    .defaultValue(IngestSettings.DEFAULT_MAX_NEW_TOKENS)
                    .withDescription("generate: tokens generated per row.");

    public static final ConfigOption<Float> TEMPERATURE =
            ConfigOptions.key("temperature")
                    .floatType()
                    .defaultValue(IngestSettings.DEFAULT_TEMPERATURE)
                    .withDescription("generate: sampling temperature; 0 is greedy.");

    public static final ConfigOption<Integer> TOP_K =
            ConfigOptions.key("top-k")
                    .intType()
                    .defaultValue(IngestSettings.DEFAULT_TOP_K)
                    .withDescription("generate: sample among the k most likely tokens; 0 for all.");

    public static final ConfigOption<Long> SEED =
            ConfigOptions.key("seed")
                    .longType()
                    .defaultValue(0L)
                    .withDescription(
                            "generate: seed of the sampling; the same seed gives every row the"
                                    + " same continuation on every run.");
}
