package dev.scone.flink.discovery;

import dev.scone.schemas.FgramEntry;
import dev.scone.schemas.serde.FgramKeyCodec;
import dev.scone.schemas.serde.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes table writes as the table topic's contract says: key = the f-gram's token ids, value = an
 * FgramEntry with the served model's version and {@link DiscoveryVersion}'s table version, or a
 * tombstone. No partition is set, so Kafka's partitioner places every record of an f-gram by its
 * key, where {@code scone table publish} puts it too.
 */
public final class TableWriteSerializer implements KafkaRecordSerializationSchema<TableWrite> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final String modelVersion;
    private final int dimension;
    private transient SingleObjectCodec<FgramEntry> codec;

    public TableWriteSerializer(String topic, String modelVersion, int dimension) {
        this.topic = topic;
        this.modelVersion = modelVersion;
        this.dimension = dimension;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            TableWrite write, KafkaSinkContext context, Long timestamp) {
        byte[] key = FgramKeyCodec.encode(write.tokens);
        if (write.isTombstone()) {
            return new ProducerRecord<byte[], byte[]>(topic, null, timestamp, key, (byte[]) null);
        }
        if (codec == null) {
            codec = SingleObjectCodec.fgramEntries();
        }
        List<Integer> ids = new ArrayList<>(write.tokens.length);
        for (int id : write.tokens) {
            ids.add(id);
        }
        FgramEntry entry =
                FgramEntry.newBuilder()
                        .setTokens(ids)
                        .setVector(ByteBuffer.wrap(write.vector))
                        .setDim(dimension)
                        .setModelVersion(modelVersion)
                        .setTableVersion(DiscoveryVersion.of(modelVersion))
                        .build();
        return new ProducerRecord<>(topic, null, timestamp, key, codec.encode(entry));
    }
}
