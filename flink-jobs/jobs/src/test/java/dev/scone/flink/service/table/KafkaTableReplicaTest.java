package dev.scone.flink.service.table;

import static dev.scone.flink.service.table.TableEntries.delete;
import static dev.scone.flink.service.table.TableEntries.entry;
import static dev.scone.flink.service.table.TableEntries.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.flink.service.RawRecord;
import dev.scone.flink.service.settings.ReplicaSettings;
import dev.scone.model.table.FgramTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The generation replica follows the changelog through a mock consumer: no broker needed. */
class KafkaTableReplicaTest {

    private static final TopicPartition PARTITION = new TopicPartition(TableEntries.TOPIC, 0);

    @TempDir Path replicaDir;

    @ParameterizedTest
    @EnumSource(ReplicaSettings.Store.class)
    void catchesUpWithTheLogThenFollowsPutsAndDeletes(ReplicaSettings.Store store)
            throws Exception {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        consumer.updatePartitions(
                TableEntries.TOPIC,
                List.of(new PartitionInfo(TableEntries.TOPIC, 0, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        consumer.updateEndOffsets(Map.of(PARTITION, 3L));
        // The log as it stands when the decoder starts: two entries and one the validator refuses.
        consumer.schedulePollTask(
                () -> {
                    consumer.addRecord(record(put(0, entry(new float[] {1f, 2f}, 7, 8).build())));
                    consumer.addRecord(record(delete(1, 7)));
                    consumer.addRecord(
                            record(put(2, entry(new float[] {3f, 4f}, 6, 7, 8).build())));
                });

        KafkaTableReplica factory =
                new KafkaTableReplica(
                        new Properties(),
                        TableEntries.TOPIC,
                        new TableEntryValidator(2, 5, TableEntries.MODEL),
                        2,
                        TableEntries.MODEL,
                        new ReplicaSettings(store, replicaDir.toString()));
        FgramTable replica = factory.follow(consumer, 0);
        try {
            // follow() returns only once the replica has read up to the end it started with.
            float[] vector = new float[2];
            assertThat(replica.lookup(new int[] {6, 7, 8}, 0, 3, vector, 0)).isTrue();
            assertThat(vector).containsExactly(3f, 4f);
            assertThat(replica.contains(new int[] {7, 8}, 0, 2)).isTrue();
            assertThat(replica.size()).isEqualTo(2);
            assertThat(replica.version()).isEqualTo("v1");

            // Then it follows: a delete and a new table version arrive while it serves.
            consumer.schedulePollTask(
                    () -> {
                        consumer.addRecord(record(delete(3, 7, 8)));
                        consumer.addRecord(
                                record(
                                        put(
                                                4,
                                                entry(new float[] {5f, 6f}, 1, 2)
                                                        .setTableVersion("v2")
                                                        .build())));
                    });
            awaitTrue(() -> replica.contains(new int[] {1, 2}, 0, 2));
            assertThat(replica.contains(new int[] {7, 8}, 0, 2)).isFalse();
            assertThat(replica.version()).isEqualTo("v2");
        } finally {
            replica.close();
        }
        assertThat(consumer.closed()).as("closing the replica stops its consumer").isTrue();
    }

    private static ConsumerRecord<byte[], byte[]> record(RawRecord raw) {
        return new ConsumerRecord<>(raw.topic, raw.partition, raw.offset, raw.key, raw.value);
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 30 s for the replica").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
