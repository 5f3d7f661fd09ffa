package dev.scone.tests.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scone.broker.LocalKafkaBroker;
import dev.scone.schemas.Document;
import dev.scone.schemas.Task;
import dev.scone.schemas.serde.SingleObjectCodec;
import dev.scone.schemas.topic.SconeTopics;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaBrokerITCase {

    private static final int PARTITIONS = 2;
    private static final Duration READ_DEADLINE = Duration.ofSeconds(60);

    private final SingleObjectCodec<Document> codec = SingleObjectCodec.documents();

    @TempDir Path dir;

    @Test
    void topicsDocumentsAndDataSurviveARestart() throws Exception {
        Path dataDir = dir.resolve("kafka");
        List<Document> sent = documents(6);

        try (LocalKafkaBroker broker = LocalKafkaBroker.start(dataDir, 0)) {
            assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
            assertThat(broker.isRunning()).isTrue();
            assertThat(Files.exists(dataDir.resolve("kraft").resolve("meta.properties"))).isTrue();

            try (Admin admin = Admin.create(broker.clientProperties().toMap())) {
                assertThat(SconeTopics.ensureTopics(admin, PARTITIONS))
                        .containsExactlyInAnyOrderElementsOf(SconeTopics.names());
                assertThat(SconeTopics.ensureTopics(admin, PARTITIONS))
                        .as("a second call finds every topic in place")
                        .isEmpty();
                assertThat(cleanupPolicy(admin, SconeTopics.FGRAM_TABLE))
                        .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
                assertThat(cleanupPolicy(admin, SconeTopics.DOCUMENTS))
                        .isEqualTo(TopicConfig.CLEANUP_POLICY_DELETE);
                assertThat(
                                admin.describeTopics(Set.of(SconeTopics.DOCUMENTS))
                                        .allTopicNames()
                                        .get(30, TimeUnit.SECONDS)
                                        .get(SconeTopics.DOCUMENTS)
                                        .partitions())
                        .hasSize(PARTITIONS);
            }

            produce(broker, sent);
            assertThat(readDocuments(broker, sent.size()))
                    .containsExactlyInAnyOrderElementsOf(sent);
            assertThatThrownBy(() -> LocalKafkaBroker.start(dataDir, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "The data directory "
                                    + broker.dataDir()
                                    + " is in use by another Kafka broker; stop that one or"
                                    + " choose another directory.");

            int port = broker.port();
            broker.restart();

            assertThat(broker.port()).isEqualTo(port);
            assertThat(broker.isRunning()).isTrue();
            assertThat(readDocuments(broker, sent.size()))
                    .as("documents written before the restart")
                    .containsExactlyInAnyOrderElementsOf(sent);
            try (Admin admin = Admin.create(broker.clientProperties().toMap())) {
                assertThat(SconeTopics.ensureTopics(admin, PARTITIONS)).isEmpty();
            }
        }
        assertThat(Files.readString(dataDir.resolve("broker.log")))
                .as("the broker logs to its file")
                .contains("Kafka Server started");
    }

    @Test
    void aStoppedBrokerStartsAgainOnItsFormattedDirectory() throws Exception {
        Path dataDir = dir.resolve("kafka");
        List<Document> sent = documents(3);
        LocalKafkaBroker first = LocalKafkaBroker.start(dataDir, 0);
        try (first) {
            try (Admin admin = Admin.create(first.clientProperties().toMap())) {
                SconeTopics.ensureTopics(admin, 1);
            }
            produce(first, sent);
        }
        assertThat(first.isRunning()).isFalse();

        try (LocalKafkaBroker second = LocalKafkaBroker.start(dataDir, 0)) {
            assertThat(readDocuments(second, sent.size()))
                    .containsExactlyInAnyOrderElementsOf(sent);
        }
    }

    @Test
    void aPortInUseIsRefusedWithAClearSentence() throws Exception {
        try (ServerSocket taken =
                new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> LocalKafkaBroker.start(dir.resolve("kafka"), port))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("Port " + port + " on 127.0.0.1 is already in use");
        }
    }

    private static List<Document> documents(int count) {
        List<Document> documents = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            documents.add(
                    Document.newBuilder()
                            .setId("doc-" + i)
                            .setText("Document number " + i + " of the broker test.")
                            .setTask(i % 2 == 0 ? Task.GENERATE : Task.SCORE)
                            .setAttributes(Map.of("n", Integer.toString(i)))
                            .build());
        }
        return documents;
    }

    private void produce(LocalKafkaBroker broker, List<Document> documents) throws Exception {
        Map<String, Object> properties = broker.clientProperties().toMap();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties)) {
            for (Document document : documents) {
                producer.send(
                                new ProducerRecord<>(
                                        SconeTopics.DOCUMENTS,
                                        document.getId(),
                                        codec.encode(document)))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads the documents topic from the beginning until {@code expected} records arrived. */
    private List<Document> readDocuments(LocalKafkaBroker broker, int expected) {
        Map<String, Object> properties = broker.clientProperties().toMap();
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<Document> received = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(SconeTopics.DOCUMENTS)
                    .forEach(
                            info ->
                                    partitions.add(
                                            new TopicPartition(info.topic(), info.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + READ_DEADLINE.toNanos();
            while (received.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record :
                        consumer.poll(Duration.ofMillis(500))) {
                    Document document = codec.decode(record.value());
                    assertThat(record.key()).isEqualTo(document.getId());
                    received.add(document);
                }
            }
        }
        return received;
    }

    private static String cleanupPolicy(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config =
                admin.describeConfigs(Set.of(resource))
                        .all()
                        .get(30, TimeUnit.SECONDS)
                        .get(resource);
        return config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
    }
}
