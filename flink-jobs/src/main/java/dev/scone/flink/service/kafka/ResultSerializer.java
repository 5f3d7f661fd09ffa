package dev.scone.flink.service.kafka;

import dev.scone.flink.service.ServiceConfig.OutputFormat;
import dev.scone.kafka.RecordJson;
import dev.scone.schemas.Result;
import dev.scone.schemas.serde.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes results keyed by document id, as Avro single-object encoding or JSON. */
public class ResultSerializer implements KafkaRecordSerializationSchema<Result> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final OutputFormat format;
    private transient SingleObjectCodec<Result> codec;

    public ResultSerializer(String topic, OutputFormat format) {
        this.topic = topic;
        this.format = format;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            Result result, KafkaSinkContext context, Long timestamp) {
        byte[] value;
        if (format == OutputFormat.json) {
            value = RecordJson.toJson(result).getBytes(StandardCharsets.UTF_8);
        } else {
            if (codec == null) {
                codec = SingleObjectCodec.results();
            }
            value = codec.encode(result);
        }
        return new ProducerRecord<>(
                topic, null, timestamp, result.getId().getBytes(StandardCharsets.UTF_8), value);
    }
}
