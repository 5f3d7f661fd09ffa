package dev.scone.tests.service;

import dev.scone.kafka.ByteClients;
import dev.scone.kafka.KafkaClientProperties;
import dev.scone.schemas.DeadLetter;
import dev.scone.schemas.Document;
import dev.scone.schemas.Result;
import dev.scone.schemas.serde.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Sends documents and reads results and dead letters, bounded in time, for the service tests. */
final class KafkaTestClient {

    private final KafkaClientProperties properties;

    KafkaTestClient(KafkaClientProperties properties) {
        this.properties = properties;
    }

    void sendDocuments(List<Document> documents) {
        SingleObjectCodec<Document> codec = SingleObjectCodec.documents();
        for (Document document : documents) {
            sendRaw(
                    "scone.documents",
                    document.getId().getBytes(StandardCharsets.UTF_8),
                    codec.encode(document));
        }
    }

    void sendRaw(String topic, byte[] key, byte[] value) {
        Properties producer = properties.toProperties();
        producer.put(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> kafka = new KafkaProducer<>(producer)) {
            kafka.send(new ProducerRecord<>(topic, key, value));
            kafka.flush();
        }
    }

    /** Results read with read_committed until {@code done} holds for them, or the limit. */
    List<Result> readResults(Predicate<List<Result>> done, Duration limit) {
        SingleObjectCodec<Result> codec = SingleObjectCodec.results();
        return read("scone.results", codec::decode, done, limit);
    }

    List<DeadLetter> readDeadLetters(Predicate<List<DeadLetter>> done, Duration limit) {
        SingleObjectCodec<DeadLetter> codec = SingleObjectCodec.deadLetters();
        return read("scone.dlq", codec::decode, done, limit);
    }

    private <T> List<T> read(
            String topic,
            java.util.function.Function<byte[], T> decode,
            Predicate<List<T>> done,
            Duration limit) {
        List<T> records = new ArrayList<>();
        long deadline = System.nanoTime() + limit.toNanos();
        try (KafkaConsumer<byte[], byte[]> kafka =
                ByteClients.committedReaderFromStart(properties, "test-reader", List.of(topic))) {
            while (!done.test(records) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : kafka.poll(Duration.ofMillis(200))) {
                    records.add(decode.apply(record.value()));
                }
            }
        }
        return records;
    }
}
