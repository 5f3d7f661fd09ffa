package dev.scone.flink.service.kafka;

import dev.scone.flink.service.settings.KafkaSettings.OutputFormat;
import dev.scone.schemas.DeadLetter;
import dev.scone.schemas.Result;
import dev.scone.schemas.serde.SingleObjectCodec;
import dev.scone.schemas.topic.RecordJson;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes one kind of output record to its topic, as Avro single-object encoding or JSON, under a
 * key derived from the record: results by document id, so a document's results stay in one
 * partition; dead letters by their source coordinates.
 */
public final class RecordSerializer<T extends SpecificRecord>
        implements KafkaRecordSerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final OutputFormat format;
    private final Class<T> recordClass;
    private final SerializableFunction<T, String> key;
    private final SerializableFunction<T, String> json;
    private transient SingleObjectCodec<T> codec;

    private RecordSerializer(
            String topic,
            OutputFormat format,
            Class<T> recordClass,
            SerializableFunction<T, String> key,
            SerializableFunction<T, String> json) {
        this.topic = topic;
        this.format = format;
        this.recordClass = recordClass;
        this.key = key;
        this.json = json;
    }

    /** Results keyed by document id. */
    public static RecordSerializer<Result> results(String topic, OutputFormat format) {
        return new RecordSerializer<>(
                topic, format, Result.class, Result::getId, RecordJson::toJson);
    }

    /** Dead letters keyed by {@code topic/partition@offset} of the record they stand for. */
    public static RecordSerializer<DeadLetter> deadLetters(String topic, OutputFormat format) {
        return new RecordSerializer<>(
                topic,
                format,
                DeadLetter.class,
                letter ->
                        letter.getSourceTopic()
                                + "/"
                                + letter.getPartition()
                                + "@"
                                + letter.getOffset(),
                RecordJson::toJson);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T record, KafkaSinkContext context, Long timestamp) {
        byte[] value;
        if (format == OutputFormat.json) {
            value = json.apply(record).getBytes(StandardCharsets.UTF_8);
        } else {
            if (codec == null) {
                codec = SingleObjectCodec.of(recordClass);
            }
            value = codec.encode(record);
        }
        return new ProducerRecord<>(
                topic, null, timestamp, key.apply(record).getBytes(StandardCharsets.UTF_8), value);
    }
}
