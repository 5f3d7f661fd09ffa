package dev.scone.flink.service;

import dev.scone.flink.service.decoder.DjlModelSessionFactory;
import dev.scone.flink.service.decoder.ModelSessionFactory;
import dev.scone.flink.service.decoder.ReplicaFactory;
import dev.scone.flink.service.kafka.CloseSafeKafkaSink;
import dev.scone.flink.service.kafka.KafkaWiring;
import dev.scone.flink.service.kafka.RecordSerializer;
import dev.scone.flink.service.settings.DecoderSettings;
import dev.scone.flink.service.settings.JobSettings;
import dev.scone.flink.service.settings.KafkaSettings;
import dev.scone.flink.service.settings.ServiceSettings;
import dev.scone.flink.service.table.KafkaTableReplica;
import dev.scone.flink.service.table.TableEntryValidator;
import dev.scone.kafka.KafkaClientProperties;
import dev.scone.kafka.KafkaNeeds;
import dev.scone.model.nn.ModelCard;
import dev.scone.schemas.DeadLetter;
import dev.scone.schemas.Result;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the service against Kafka: builds the Flink configuration (RocksDB state backend with
 * incremental checkpoints, exactly-once checkpointing, restart strategy), the Kafka sources and
 * sinks, and submits {@link SconeServiceJob} to whatever environment it is given: a local
 * MiniCluster, or a cluster the CLI connected to.
 */
public final class ServiceRunner {

    /** Name of the job in Flink's UI and REST API. */
    public static final String JOB_NAME = "SCONE Stream service";

    /** The table source's consumer group: the job's group id and this. */

    /** Transactional ids of the results sink start with the group id and this. */
    static final String RESULTS_TRANSACTION_SUFFIX = "-results";

    /** Transactional ids of the dead-letter sink start with the group id and this. */
    static final String DEAD_LETTER_TRANSACTION_SUFFIX = "-dlq";

    private ServiceRunner() {}

    /**
     * What the job does on Kafka, for {@link dev.scone.kafka.KafkaPreflight} before it is
     * submitted: read documents and the table, write results and dead letters, two consumer groups
     * and, with exactly-once delivery, transactional ids per sink.
     */
    public static KafkaNeeds kafkaNeeds(KafkaSettings settings) {
        KafkaNeeds needs =
                KafkaWiring.readingNeeds(settings)
                        .writing(settings.resultsTopic(), settings.deadLetterTopic());
        if (settings.delivery() == KafkaSettings.Delivery.exactly_once) {
            needs =
                    needs.withTransactions(
                            settings.groupId() + RESULTS_TRANSACTION_SUFFIX,
                            settings.groupId() + DEAD_LETTER_TRANSACTION_SUFFIX);
        }
        return needs;
    }

    /** Flink settings of the service; applied to the environment before the job is defined. */
    public static Configuration flinkConfiguration(JobSettings job, Path home) {
        Configuration flink = new Configuration();
        flink.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        flink.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        // FgramMatch probes lengths the key may not hold and misses on bigrams that are no
        // f-gram; a filter per SST file answers most such probes without reading a block, which
        // made lookups 2-3x faster in scone bench state.
        flink.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
        flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        flink.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                job.checkpointDir() != null
                        ? job.checkpointDir()
                        : home.resolve("var/checkpoints").toAbsolutePath().toUri().toString());
        flink.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, job.checkpointInterval());
        flink.set(
                CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                CheckpointingMode.EXACTLY_ONCE);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 100);
        flink.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
                java.time.Duration.ofSeconds(2));
        // Every record type has a Flink serializer of its own; a Kryo fallback is a bug.
        flink.set(PipelineOptions.GENERIC_TYPES, false);
        return flink;
    }

    /** Kafka client properties of the job: defaults, the user's file, the bootstrap servers. */
    public static KafkaClientProperties kafkaProperties(KafkaSettings settings) {
        return KafkaClientProperties.resolve(
                Map.of(),
                settings.bootstrapServers(),
                settings.propertiesFile() == null ? null : Path.of(settings.propertiesFile()));
    }

    /** Defines the job on {@code env} with Kafka sources and sinks, and starts it. */
    /**
     * Starts the job on a local cluster (a MiniCluster in this process), serving the model in
     * {@code modelDir}; its decoders share this machine's cores ({@link
     * DecoderSettings#cpuThreadsPerDecoder}).
     */
    public static JobClient startLocal(
            StreamExecutionEnvironment env, ServiceSettings settings, ModelCard card, Path modelDir)
            throws Exception {
        return start(
                env,
                settings,
                ServedModelInfo.of(card),
                new DjlModelSessionFactory(
                        modelDir,
                        settings.decoder().cpuThreadsPerDecoder(settings.job().parallelism())));
    }

    public static JobClient start(
            StreamExecutionEnvironment env,
            ServiceSettings settings,
            ServedModelInfo model,
            ModelSessionFactory models)
            throws Exception {
        KafkaSettings kafkaSettings = settings.kafka();
        KafkaClientProperties kafka = kafkaProperties(kafkaSettings);
        Properties clientProperties = kafka.toProperties();

        KafkaWiring.Sources sources =
                KafkaWiring.sources(env, settings.job(), kafka, kafkaSettings, "");

        TableEntryValidator validator = TableEntryValidator.forModel(model);
        ReplicaFactory replicas =
                new KafkaTableReplica(
                        clientProperties,
                        kafkaSettings.tableTopic(),
                        validator,
                        model.dimension(),
                        model.modelVersion(),
                        settings.replica());

        SconeServiceJob.Outputs outputs =
                SconeServiceJob.defineWorkflow(
                        settings,
                        model,
                        sources.documents(),
                        sources.tableChangelog(),
                        models,
                        replicas);

        DeliveryGuarantee guarantee =
                kafkaSettings.delivery() == KafkaSettings.Delivery.exactly_once
                        ? DeliveryGuarantee.EXACTLY_ONCE
                        : DeliveryGuarantee.AT_LEAST_ONCE;
        CloseSafeKafkaSink<Result> resultsSink =
                KafkaWiring.sink(
                        kafka,
                        kafkaSettings,
                        guarantee,
                        RecordSerializer.results(
                                kafkaSettings.resultsTopic(), kafkaSettings.outputFormat()),
                        RESULTS_TRANSACTION_SUFFIX);
        CloseSafeKafkaSink<DeadLetter> deadLetterSink =
                KafkaWiring.sink(
                        kafka,
                        kafkaSettings,
                        guarantee,
                        RecordSerializer.deadLetters(
                                kafkaSettings.deadLetterTopic(), kafkaSettings.outputFormat()),
                        DEAD_LETTER_TRANSACTION_SUFFIX);
        outputs.results().sinkTo(resultsSink).uid("results-sink").name("Results (Kafka)");
        outputs.deadLetters().sinkTo(deadLetterSink).uid("dlq-sink").name("Dead letters (Kafka)");
        return env.executeAsync(JOB_NAME);
    }
}
