package dev.scone.cluster;

import dev.scone.kafka.ByteClients;
import dev.scone.kafka.KafkaClientProperties;
import dev.scone.kafka.TablePublisher;
import dev.scone.model.nn.ModelCard;
import dev.scone.model.progress.ProgressReporter;
import dev.scone.model.serving.ModelRepository;
import dev.scone.model.table.FgramTableFile;
import dev.scone.model.table.InMemoryFgramTable;
import dev.scone.schemas.FgramEntry;
import dev.scone.schemas.serde.SingleObjectCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Puts a table file on the changelog topic when a deployment starts the service, once per table
 * version: a JobManager that runs the job's main method again (after a restart, or in application
 * mode with high availability) finds the version already there and publishes nothing.
 *
 * <p>The check reads the newest record of every partition: {@link TablePublisher} writes a table in
 * one pass, so when each partition ends with an entry of that version, the whole table is there.
 */
public final class TableBootstrap {

    private static final Duration READ_LIMIT = Duration.ofSeconds(30);

    private TableBootstrap() {}

    /**
     * Publishes {@code tableFile} under {@code tableVersion} unless the changelog already ends with
     * that version.
     *
     * @param tableVersion the version to publish under; the file's own version when null
     * @return entries published; 0 when the version was already there
     * @throws IllegalArgumentException when the table does not belong to the served model
     */
    public static long publishUnlessPresent(
            KafkaClientProperties kafka,
            String topic,
            Path tableFile,
            String tableVersion,
            ModelCard servedModel)
            throws IOException {
        ModelRepository.checkTableMatches(FgramTableFile.readHeader(tableFile), servedModel);
        try (InMemoryFgramTable table = FgramTableFile.load(tableFile)) {
            String version = tableVersion != null ? tableVersion : table.version();
            if (changelogEndsWith(kafka, topic, version)) {
                return 0;
            }
            return new TablePublisher(kafka, topic)
                    .publish(table, version, ProgressReporter.silent());
        }
    }

    /** Whether every partition of {@code topic} is non-empty and ends with {@code version}. */
    static boolean changelogEndsWith(KafkaClientProperties kafka, String topic, String version) {
        Map<Integer, String> newest = newestVersions(kafka, topic);
        return !newest.isEmpty() && newest.values().stream().allMatch(version::equals);
    }

    /** The table version of the newest record of each partition; null for an empty one. */
    static Map<Integer, String> newestVersions(KafkaClientProperties kafka, String topic) {
        Properties properties = ByteClients.assigningCommittedReader(kafka.toProperties());
        SingleObjectCodec<FgramEntry> codec = SingleObjectCodec.fgramEntries();
        Map<Integer, String> versions = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, READ_LIMIT)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_LIMIT);
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, READ_LIMIT);
            List<TopicPartition> pending = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                versions.put(partition.partition(), null);
                if (ends.get(partition) > starts.get(partition)) {
                    consumer.seek(partition, ends.get(partition) - 1);
                    pending.add(partition);
                }
            }
            long deadline = System.nanoTime() + READ_LIMIT.toNanos();
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(topic, record.partition());
                    if (record.offset() == ends.get(partition) - 1) {
                        versions.put(record.partition(), versionOf(codec, record.value()));
                        pending.remove(partition);
                    }
                }
            }
        }
        return versions;
    }

    private static String versionOf(SingleObjectCodec<FgramEntry> codec, byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return codec.decode(value).getTableVersion();
        } catch (RuntimeException e) {
            // Not an entry this reader understands: the table is not known to be there.
            return null;
        }
    }
}
