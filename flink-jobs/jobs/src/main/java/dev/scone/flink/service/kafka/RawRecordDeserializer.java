package dev.scone.flink.service.kafka;

import dev.scone.flink.service.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Hands Kafka records to the job undecoded. Decoding happens in an operator instead, because a
 * deserializer that throws would fail the job, while an operator can route the record to the
 * dead-letter topic with its coordinates.
 */
public class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        out.collect(raw(record));
    }

    /** {@code record} undecoded, with its coordinates. */
    public static RawRecord raw(ConsumerRecord<byte[], byte[]> record) {
        return new RawRecord(
                record.topic(),
                record.partition(),
                record.offset(),
                record.timestamp(),
                record.key(),
                record.value());
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
