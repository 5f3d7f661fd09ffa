package dev.scone.kafka;

import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka clients of raw bytes, for tools that encode records themselves with the single-object
 * codec: the demo, the table publisher and the pipeline benchmark.
 */
public final class ByteClients {

    private ByteClients() {}

    /** A producer of byte keys and values. */
    public static KafkaProducer<byte[], byte[]> producer(KafkaClientProperties kafka) {
        return new KafkaProducer<>(producerProperties(kafka));
    }

    /** Properties of a producer of byte keys and values, on top of {@code kafka}. */
    public static Properties producerProperties(KafkaClientProperties kafka) {
        Properties properties = kafka.toProperties();
        properties.put(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return properties;
    }

    /**
     * Like {@link #producerProperties}, for records that must arrive whole and once: idempotent,
     * and acknowledged by all in-sync replicas, so that retries neither lose nor repeat a record.
     */
    public static Properties idempotentProducerProperties(KafkaClientProperties kafka) {
        Properties properties = producerProperties(kafka);
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        return properties;
    }

    /**
     * A consumer subscribed to {@code topics} from their start, reading only committed records (the
     * service writes transactionally), in a fresh group named after {@code groupPrefix}.
     */
    public static KafkaConsumer<byte[], byte[]> committedReaderFromStart(
            KafkaClientProperties kafka, String groupPrefix, List<String> topics) {
        return readerFromStart(kafka, groupPrefix, topics, "read_committed");
    }

    /**
     * Like {@link #committedReaderFromStart} but also reading records of open transactions: what
     * the service has written, before the checkpoint that commits it. For measuring the job's own
     * throughput apart from the commit interval.
     */
    public static KafkaConsumer<byte[], byte[]> uncommittedReaderFromStart(
            KafkaClientProperties kafka, String groupPrefix, List<String> topics) {
        return readerFromStart(kafka, groupPrefix, topics, "read_uncommitted");
    }

    /**
     * Properties of a byte consumer that assigns itself partitions and seeks on its own, on top of
     * {@code connection} (brokers and security): no group, no offset commits, and only committed
     * records, since the service and {@code scone table publish} write transactionally.
     */
    public static Properties assigningCommittedReader(Properties connection) {
        Properties properties = new Properties();
        properties.putAll(connection);
        withByteDeserializers(properties);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return properties;
    }

    private static void withByteDeserializers(Properties properties) {
        properties.put(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        properties.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
    }

    private static KafkaConsumer<byte[], byte[]> readerFromStart(
            KafkaClientProperties kafka,
            String groupPrefix,
            List<String> topics,
            String isolationLevel) {
        Properties properties = kafka.toProperties();
        withByteDeserializers(properties);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupPrefix + "-" + System.nanoTime());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties);
        consumer.subscribe(topics);
        return consumer;
    }
}
