package dev.scone.flink.discovery;

import dev.scone.flink.service.ServedModelInfo;
import dev.scone.flink.service.ServiceRunner;
import dev.scone.flink.service.kafka.KafkaWiring;
import dev.scone.flink.service.kafka.RecordSerializer;
import dev.scone.flink.service.settings.KafkaSettings;
import dev.scone.kafka.KafkaClientProperties;
import dev.scone.kafka.KafkaNeeds;
import dev.scone.model.nn.ModelCard;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.state.rocksdb.RocksDBNativeMetricOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the discovery job against Kafka: the documents topic with the job's own consumer group, the
 * table changelog from its beginning, and transactional sinks for the table and the dead letters.
 *
 * <p><b>Exactly-once of table writes: a transactional producer.</b> Table writes are committed with
 * the checkpoint whose state made them, and every reader of the table (the service's table source,
 * its replicas, this job's own changelog source) reads with {@code read_committed}. After a
 * failover the job resumes from the last checkpoint; the writes of the failed attempt were never
 * committed, so readers never see them, and the replay writes each again exactly once. Idempotent
 * keyed upserts alone would not do: a replayed admission is embedded again in a batch of other
 * n-grams, and A_F's output can differ in its last bits with the batch, so the same key could be
 * published twice with different contents; a replay after a tombstone could also resurrect an
 * expired f-gram for a while.
 */
public final class DiscoveryRunner {

    /** Name of the job in Flink's UI and REST API. */
    public static final String JOB_NAME = "SCONE Stream f-gram discovery";

    static final String TABLE_TRANSACTION_SUFFIX = "-table-writes";
    static final String DEAD_LETTER_TRANSACTION_SUFFIX = "-dlq";

    private DiscoveryRunner() {}

    /**
     * What the job does on Kafka, for {@link dev.scone.kafka.KafkaPreflight} before it is
     * submitted: read documents and the table, write the table and dead letters, two consumer
     * groups, two transactional-id prefixes.
     */
    public static KafkaNeeds kafkaNeeds(KafkaSettings settings) {
        return KafkaWiring.readingNeeds(settings)
                .writing(settings.tableTopic(), settings.deadLetterTopic())
                .withTransactions(
                        settings.groupId() + TABLE_TRANSACTION_SUFFIX,
                        settings.groupId() + DEAD_LETTER_TRANSACTION_SUFFIX);
    }

    /**
     * Flink settings of the job: the service's (RocksDB, incremental exactly-once checkpoints,
     * restarts, no Kryo), plus RocksDB's estimates of the keyed state's size as metrics.
     */
    public static Configuration flinkConfiguration(DiscoverySettings settings, Path home) {
        Configuration flink = ServiceRunner.flinkConfiguration(settings.job(), home);
        flink.set(RocksDBNativeMetricOptions.ESTIMATE_NUM_KEYS, true);
        flink.set(RocksDBNativeMetricOptions.ESTIMATE_LIVE_DATA_SIZE, true);
        return flink;
    }

    /** Starts the job for the model in {@code modelDir}, which must hold A_F. */
    public static JobClient start(
            StreamExecutionEnvironment env,
            DiscoverySettings settings,
            ModelCard card,
            Path modelDir)
            throws Exception {
        String dir = modelDir.toAbsolutePath().toString();
        return start(
                env,
                settings,
                ServedModelInfo.of(card),
                new AfEmbeddingModels(dir, settings.embedding().cpuThreads()),
                VocabularyKeys.ofModel(dir));
    }

    public static JobClient start(
            StreamExecutionEnvironment env,
            DiscoverySettings settings,
            ServedModelInfo model,
            FgramEmbeddingModelFactory embeddings,
            VocabularyKeys vocabulary)
            throws Exception {
        KafkaSettings kafkaSettings = settings.kafka();
        KafkaClientProperties kafka = ServiceRunner.kafkaProperties(kafkaSettings);

        KafkaWiring.Sources sources =
                KafkaWiring.sources(env, settings.job(), kafka, kafkaSettings, "discovery-");

        FgramDiscoveryJob.Outputs outputs =
                FgramDiscoveryJob.defineWorkflow(
                        settings,
                        model,
                        sources.documents(),
                        sources.tableChangelog(),
                        embeddings,
                        vocabulary);

        outputs.tableWrites()
                .sinkTo(
                        KafkaWiring.sink(
                                kafka,
                                kafkaSettings,
                                DeliveryGuarantee.EXACTLY_ONCE,
                                new TableWriteSerializer(
                                        kafkaSettings.tableTopic(),
                                        model.modelVersion(),
                                        model.dimension()),
                                TABLE_TRANSACTION_SUFFIX))
                .setParallelism(1)
                .uid("discovery-table-sink")
                .name("F-gram table (Kafka, transactional)");
        outputs.deadLetters()
                .sinkTo(
                        KafkaWiring.sink(
                                kafka,
                                kafkaSettings,
                                DeliveryGuarantee.EXACTLY_ONCE,
                                RecordSerializer.deadLetters(
                                        kafkaSettings.deadLetterTopic(),
                                        kafkaSettings.outputFormat()),
                                DEAD_LETTER_TRANSACTION_SUFFIX))
                .uid("discovery-dlq-sink")
                .name("Dead letters (Kafka)");
        return env.executeAsync(JOB_NAME);
    }

    /** The settings' Kafka client properties, as the job and its preflight use them. */
    public static KafkaClientProperties kafkaProperties(DiscoverySettings settings) {
        return ServiceRunner.kafkaProperties(settings.kafka());
    }
}
