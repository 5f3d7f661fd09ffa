package dev.scone.flink.service.kafka;

import dev.scone.flink.service.ServiceConfig.OutputFormat;
import dev.scone.kafka.RecordJson;
import dev.scone.schemas.DeadLetter;
import dev.scone.schemas.serde.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes dead letters keyed by their source coordinates, as Avro or JSON. */
public class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final OutputFormat format;
    private transient SingleObjectCodec<DeadLetter> codec;

    public DeadLetterSerializer(String topic, OutputFormat format) {
        this.topic = topic;
        this.format = format;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        byte[] value;
        if (format == OutputFormat.json) {
            value = RecordJson.toJson(letter).getBytes(StandardCharsets.UTF_8);
        } else {
            if (codec == null) {
                codec = SingleObjectCodec.deadLetters();
            }
            value = codec.encode(letter);
        }
        String key =
                letter.getSourceTopic() + "/" + letter.getPartition() + "@" + letter.getOffset();
        return new ProducerRecord<>(
                topic, null, timestamp, key.getBytes(StandardCharsets.UTF_8), value);
    }
}
