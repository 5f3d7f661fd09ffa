package dev.scone.kafka;

import dev.scone.model.progress.Progress;
import dev.scone.model.progress.ProgressReporter;
import dev.scone.model.table.Bf16;
import dev.scone.model.table.FgramTable;
import dev.scone.schemas.FgramEntry;
import dev.scone.schemas.serde.FgramKeyCodec;
import dev.scone.schemas.serde.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes an f-gram table to the compacted changelog topic, one FgramEntry per f-gram keyed by its
 * token ids. Shorter f-grams go first so that a reader applying the log in order always holds an
 * f-gram's suffixes before the f-gram itself. The producer is idempotent and waits for every write,
 * so a table counts as published only once all of it is on the broker.
 */
public final class TablePublisher {

    private final KafkaClientProperties properties;
    private final String topic;

    public TablePublisher(KafkaClientProperties properties, String topic) {
        this.properties = properties;
        this.topic = topic;
    }

    /**
     * Publishes every entry of {@code table} under {@code tableVersion}.
     *
     * @return entries written
     */
    public long publish(FgramTable table, String tableVersion, ProgressReporter progress) {
        List<int[]> grams = new ArrayList<>();
        table.forEach((gram, vector) -> grams.add(gram));
        grams.sort(
                Comparator.<int[]>comparingInt(g -> g.length)
                        .thenComparing(TablePublisher::compareIds));

        Properties producerProperties = producerProperties();
        producerProperties.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        producerProperties.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));

        SingleObjectCodec<FgramEntry> codec = SingleObjectCodec.fgramEntries();
        AtomicReference<Exception> failure = new AtomicReference<>();
        short[] vector = new short[table.dimension()];
        long written = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties);
                Progress bar =
                        progress.start(
                                "Publishing table " + tableVersion, grams.size(), "entries")) {
            for (int[] gram : grams) {
                if (!table.lookupBf16(gram, 0, gram.length, vector, 0)) {
                    continue;
                }
                List<Integer> ids = new ArrayList<>(gram.length);
                for (int id : gram) {
                    ids.add(id);
                }
                FgramEntry entry =
                        FgramEntry.newBuilder()
                                .setTokens(ids)
                                .setVector(ByteBuffer.wrap(Bf16.encode(vector)))
                                .setDim(table.dimension())
                                .setModelVersion(table.modelVersion())
                                .setTableVersion(tableVersion)
                                .build();
                producer.send(
                        new ProducerRecord<>(
                                topic, FgramKeyCodec.encode(gram), codec.encode(entry)),
                        (metadata, exception) -> {
                            if (exception != null) {
                                failure.compareAndSet(null, exception);
                            }
                        });
                written++;
                bar.step(1);
                if (failure.get() != null) {
                    break;
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(
                    "Publishing the table to " + topic + " failed: " + failure.get().getMessage(),
                    failure.get());
        }
        return written;
    }

    /** Deletes f-grams from the table topic (tombstones). */
    public void delete(List<int[]> grams) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
            for (int[] gram : grams) {
                producer.send(new ProducerRecord<>(topic, FgramKeyCodec.encode(gram), null));
            }
            producer.flush();
        }
    }

    /** An idempotent producer that waits for all replicas: the table must arrive whole. */
    private Properties producerProperties() {
        return ByteClients.idempotentProducerProperties(properties);
    }

    private static int compareIds(int[] a, int[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int c = Integer.compare(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length, b.length);
    }
}
