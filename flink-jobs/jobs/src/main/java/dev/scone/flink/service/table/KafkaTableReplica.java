package dev.scone.flink.service.table;

import dev.scone.flink.service.decoder.ReplicaFactory;
import dev.scone.flink.service.kafka.RawRecordDeserializer;
import dev.scone.flink.service.matching.TableUpdate;
import dev.scone.flink.service.settings.ReplicaSettings;
import dev.scone.kafka.ByteClients;
import dev.scone.model.files.Directories;
import dev.scone.model.table.Bf16;
import dev.scone.model.table.FgramEntryConsumer;
import dev.scone.model.table.FgramTable;
import dev.scone.model.table.InMemoryFgramTable;
import dev.scone.model.table.MutableFgramTable;
import dev.scone.model.table.RocksDbFgramTable;
import dev.scone.model.table.RocksDbTableOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A decoder's read replica of the f-gram table, materialised from the same compacted changelog
 * topic that feeds the keyed state, by a plain consumer thread that reads it from the beginning and
 * then follows it. The changelog is the single source of truth; the keyed state and each replica
 * are views of it.
 *
 * <p>Consistency: the replica applies a changelog record within one poll (about 100 ms) of the
 * broker making it visible; keyed state applies it when the job's table source reaches it. Both
 * apply records in log order per partition, so they converge; in between, a generated token may see
 * an entry the prompt's lookups did not, or the reverse. Each result records the version of the
 * table it used. On open, the replica catches up to the end of the log as it was at that moment
 * (bounded by {@link #CATCH_UP_LIMIT}) before the decoder serves anything.
 */
public class KafkaTableReplica implements ReplicaFactory {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(KafkaTableReplica.class);

    /** Longest a decoder waits at start-up for its replica to read the existing table. */
    static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(5);

    private final Properties consumerProperties;
    private final String topic;
    private final TableEntryValidator validator;
    private final int dimension;
    private final String modelVersion;
    private final ReplicaSettings settings;

    /**
     * @param settings where the replica lives: on the heap, or in RocksDB on local disk (under
     *     {@link ReplicaSettings#dir}, else the system temporary directory) for tables larger than
     *     the heap
     */
    public KafkaTableReplica(
            Properties consumerProperties,
            String topic,
            TableEntryValidator validator,
            int dimension,
            String modelVersion,
            ReplicaSettings settings) {
        this.consumerProperties = consumerProperties;
        this.topic = topic;
        this.validator = validator;
        this.dimension = dimension;
        this.modelVersion = modelVersion;
        this.settings = settings;
    }

    @Override
    public FgramTable open(int subtaskIndex) throws InterruptedException, IOException {
        Properties properties = ByteClients.assigningCommittedReader(consumerProperties);
        properties.put(
                ConsumerConfig.CLIENT_ID_CONFIG,
                "scone-replica-" + subtaskIndex + "-" + UUID.randomUUID());
        return follow(new KafkaConsumer<>(properties), subtaskIndex);
    }

    /**
     * A replica filled by {@code consumer}, which it then owns: reads the topic from its beginning,
     * returns once it has caught up with the end the log had when it started, and follows it until
     * the replica is closed. {@link #open} passes a Kafka consumer; tests pass a mock.
     */
    FgramTable follow(Consumer<byte[], byte[]> consumer, int subtaskIndex)
            throws InterruptedException, IOException {
        MutableFgramTable table = newTable(subtaskIndex);
        Follower follower = new Follower(consumer, table, subtaskIndex);
        follower.start();
        follower.awaitCaughtUp(CATCH_UP_LIMIT);
        return new ReplicaView(table, follower);
    }

    /**
     * An empty replica. A RocksDB replica starts from an empty directory: the changelog, not a
     * previous run's files, is the source of truth.
     */
    private MutableFgramTable newTable(int subtaskIndex) throws IOException {
        if (settings.store() == ReplicaSettings.Store.memory) {
            return new InMemoryFgramTable(dimension, modelVersion, "");
        }
        Path parent =
                settings.dir() != null
                        ? Path.of(settings.dir())
                        : Path.of(System.getProperty("java.io.tmpdir"), "scone-replica");
        Path directory = parent.resolve("replica-" + subtaskIndex + "-" + UUID.randomUUID());
        Files.createDirectories(directory);
        return RocksDbFgramTable.create(
                directory, dimension, modelVersion, "", RocksDbTableOptions.DEFAULTS);
    }

    /** The consumer thread that applies the changelog to the replica. */
    private final class Follower extends Thread {
        private final Consumer<byte[], byte[]> consumer;
        private final MutableFgramTable table;
        private final Object caughtUpLock = new Object();
        private volatile boolean caughtUp;
        private volatile boolean running = true;
        private Map<TopicPartition, Long> endAtStart;

        Follower(Consumer<byte[], byte[]> consumer, MutableFgramTable table, int subtask) {
            super("scone-table-replica-" + subtask);
            setDaemon(true);
            this.consumer = consumer;
            this.table = table;
        }

        @Override
        public void run() {
            try {
                List<TopicPartition> partitions =
                        consumer.partitionsFor(topic).stream()
                                .map(p -> new TopicPartition(topic, p.partition()))
                                .collect(Collectors.toList());
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                endAtStart = consumer.endOffsets(partitions);
                markIfCaughtUp();
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record :
                            consumer.poll(Duration.ofMillis(100))) {
                        apply(record);
                    }
                    if (!caughtUp) {
                        markIfCaughtUp();
                    }
                }
            } catch (WakeupException e) {
                // close() woke the consumer up to stop it.
            } catch (RuntimeException e) {
                LOG.error("The f-gram table replica stopped following {}", topic, e);
            } finally {
                consumer.close(Duration.ofSeconds(5));
                synchronized (caughtUpLock) {
                    caughtUp = true;
                    caughtUpLock.notifyAll();
                }
            }
        }

        private void apply(ConsumerRecord<byte[], byte[]> record) {
            TableUpdate update;
            try {
                update = validator.validate(RawRecordDeserializer.raw(record));
            } catch (IllegalArgumentException e) {
                // The keyed-state path dead-letters the same record; the replica just skips it.
                return;
            }
            // InMemoryFgramTable takes one writer beside concurrent readers.
            if (update.isDelete()) {
                table.remove(update.tokens);
            } else {
                table.put(update.tokens, Bf16.decode(update.vector));
                if (update.tableVersion != null && !update.tableVersion.isEmpty()) {
                    table.setVersion(update.tableVersion);
                }
            }
        }

        private void markIfCaughtUp() {
            for (Map.Entry<TopicPartition, Long> end : endAtStart.entrySet()) {
                if (consumer.position(end.getKey()) < end.getValue()) {
                    return;
                }
            }
            synchronized (caughtUpLock) {
                caughtUp = true;
                caughtUpLock.notifyAll();
            }
        }

        void awaitCaughtUp(Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            synchronized (caughtUpLock) {
                while (!caughtUp) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        LOG.warn("The f-gram table replica is still catching up after {}", limit);
                        return;
                    }
                    caughtUpLock.wait(Math.max(1, left / 1_000_000));
                }
            }
        }

        void shutdown() throws InterruptedException {
            running = false;
            consumer.wakeup();
            join(10_000);
        }
    }

    /** The replica as the decoder sees it: read-only, and closing it stops the follower. */
    private record ReplicaView(FgramTable table, Follower follower) implements FgramTable {

        @Override
        public int dimension() {
            return table.dimension();
        }

        @Override
        public long size() {
            return table.size();
        }

        @Override
        public String version() {
            return table.version();
        }

        @Override
        public String modelVersion() {
            return table.modelVersion();
        }

        @Override
        public boolean lookup(int[] tokens, int from, int length, float[] out, int outOffset) {
            return table.lookup(tokens, from, length, out, outOffset);
        }

        @Override
        public boolean lookupBf16(int[] tokens, int from, int length, short[] out, int outOffset) {
            return table.lookupBf16(tokens, from, length, out, outOffset);
        }

        @Override
        public boolean contains(int[] tokens, int from, int length) {
            return table.contains(tokens, from, length);
        }

        @Override
        public <E extends Exception> void forEach(FgramEntryConsumer<E> consumer) throws E {
            table.forEach(consumer);
        }

        @Override
        public void close() {
            try {
                follower.shutdown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                table.close();
                if (table instanceof RocksDbFgramTable) {
                    deleteQuietly(((RocksDbFgramTable) table).directory());
                }
            }
        }

        private static void deleteQuietly(Path directory) {
            try {
                Directories.deleteRecursively(directory);
            } catch (IOException e) {
                LOG.warn("Could not delete the replica directory {}", directory, e);
            }
        }
    }
}
