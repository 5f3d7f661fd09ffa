package dev.scone.flink.service.kafka;

import dev.scone.flink.service.RawRecord;
import dev.scone.flink.service.settings.JobSettings;
import dev.scone.flink.service.settings.KafkaSettings;
import dev.scone.kafka.KafkaClientProperties;
import dev.scone.kafka.KafkaNeeds;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * How SCONE's jobs meet their topics: the sinks they write with and the two topics every job reads,
 * as raw records: the documents, from the group's committed offsets, and the table changelog,
 * always from the start of its compacted log, because a job must know every entry before it serves
 * (the service) or tells what is new (discovery); a restored job resumes both from its checkpoint
 * instead. Only committed records are read, since the table and the documents may be written
 * transactionally.
 */
public final class KafkaWiring {

    /** What the table source's consumer group is called, after the job's own group id. */
    public static final String TABLE_GROUP_SUFFIX = "-table";

    private KafkaWiring() {}

    /** The two topics every job reads, each a source of raw records. */
    public record Sources(DataStream<RawRecord> documents, DataStream<RawRecord> tableChangelog) {}

    /**
     * Sets the job's parallelism on {@code env} and adds the sources of its two topics, with uids
     * {@code uidPrefix + "documents-source"} and {@code uidPrefix + "table-source"}.
     */
    public static Sources sources(
            StreamExecutionEnvironment env,
            JobSettings job,
            KafkaClientProperties kafka,
            KafkaSettings settings,
            String uidPrefix) {
        env.setParallelism(job.parallelism());
        env.setMaxParallelism(job.maxParallelism());
        return new Sources(
                documents(env, kafka, settings).uid(uidPrefix + "documents-source"),
                tableChangelog(env, kafka, settings).uid(uidPrefix + "table-source"));
    }

    /**
     * What reading the two topics takes on Kafka, for {@link dev.scone.kafka.KafkaPreflight}: both
     * topics, in the job's consumer group and the table source's; a job adds what it writes.
     */
    public static KafkaNeeds readingNeeds(KafkaSettings settings) {
        return KafkaNeeds.connectionOnly()
                .reading(settings.documentsTopic(), settings.tableTopic())
                .inGroups(settings.groupId(), settings.groupId() + TABLE_GROUP_SUFFIX);
    }

    /** The documents topic, named "Documents (Kafka)" in the job graph. */
    public static DataStreamSource<RawRecord> documents(
            StreamExecutionEnvironment env, KafkaClientProperties kafka, KafkaSettings settings) {
        KafkaSource<RawRecord> source =
                builder(kafka)
                        .setTopics(settings.documentsTopic())
                        .setGroupId(settings.groupId())
                        .setStartingOffsets(
                                OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                        .build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "Documents (Kafka)");
    }

    /** The table changelog, named "F-gram table changelog (Kafka)" in the job graph. */
    public static DataStreamSource<RawRecord> tableChangelog(
            StreamExecutionEnvironment env, KafkaClientProperties kafka, KafkaSettings settings) {
        KafkaSource<RawRecord> source =
                builder(kafka)
                        .setTopics(settings.tableTopic())
                        .setGroupId(settings.groupId() + TABLE_GROUP_SUFFIX)
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .build();
        return env.fromSource(
                source, WatermarkStrategy.noWatermarks(), "F-gram table changelog (Kafka)");
    }

    /**
     * A sink with the given delivery guarantee and a transactional-id prefix per output (the job's
     * group id and {@code transactionalIdSuffix}), so two outputs of one job, or two jobs, never
     * fence each other's transactions. Its writers never throw from {@code close()}, which Flink
     * would treat as fatal for the TaskManager ({@link CloseSafeKafkaSink}).
     */
    public static <T> CloseSafeKafkaSink<T> sink(
            KafkaClientProperties kafka,
            KafkaSettings settings,
            DeliveryGuarantee guarantee,
            KafkaRecordSerializationSchema<T> serializer,
            String transactionalIdSuffix) {
        return new CloseSafeKafkaSink<>(
                KafkaSink.<T>builder()
                        .setKafkaProducerConfig(kafka.toProperties())
                        .setBootstrapServers(kafka.bootstrapServers())
                        .setRecordSerializer(serializer)
                        .setDeliveryGuarantee(guarantee)
                        .setTransactionalIdPrefix(settings.groupId() + transactionalIdSuffix)
                        // Above the broker default (1 min) so a long checkpoint never aborts a
                        // transaction; the broker caps it at transaction.max.timeout.ms (15 min).
                        .setProperty("transaction.timeout.ms", "600000")
                        .build());
    }

    private static org.apache.flink.connector.kafka.source.KafkaSourceBuilder<RawRecord> builder(
            KafkaClientProperties kafka) {
        return KafkaSource.<RawRecord>builder()
                .setProperties(kafka.toProperties())
                .setBootstrapServers(kafka.bootstrapServers())
                .setDeserializer(new RawRecordDeserializer())
                .setProperty("isolation.level", "read_committed");
    }
}
