package dev.scone.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.scone.kafka.KafkaClientProperties;
import dev.scone.kafka.KafkaNeeds;
import dev.scone.schemas.DeadLetter;
import dev.scone.schemas.Document;
import dev.scone.schemas.Result;
import dev.scone.schemas.serde.SingleObjectCodec;
import dev.scone.schemas.topic.RecordJson;
import dev.scone.schemas.topic.SconeTopics;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scone consume}: records of a SCONE topic as JSON lines on standard output. */
@Command(
        name = "consume",
        mixinStandardHelpOptions = true,
        description = {
            "Print the records of a SCONE topic as JSON lines: results on "
                    + SconeTopics.RESULTS
                    + ", dead letters on "
                    + SconeTopics.DEAD_LETTERS
                    + ", documents on "
                    + SconeTopics.DOCUMENTS
                    + ".",
            "Reads committed records only, from every partition, without a consumer group (no"
                    + " offsets are committed). Stops after --max records or after --timeout"
                    + " seconds without a record. Records that cannot be decoded are reported on"
                    + " standard error and skipped."
        })
public final class ConsumeCommand implements Callable<Integer> {

    enum ValueFormat {
        avro,
        json
    }

    enum RecordType {
        result,
        dead_letter,
        document
    }

    private static final Map<String, String> CONSUMER_DEFAULTS =
            Map.of(
                    ConsumerConfig.CLIENT_ID_CONFIG, "scone-consume",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    // Reading must never create a mistyped topic on a broker that auto-creates.
                    ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false",
                    ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000",
                    ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");

    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    @Mixin KafkaConnectionOptions kafkaConnection;

    @Option(
            names = "--topic",
            defaultValue = SconeTopics.RESULTS,
            description = "Topic to read (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(
            names = "--format",
            defaultValue = "avro",
            description =
                    "Record values: avro (Avro single-object encoding) or json"
                            + " (default: ${DEFAULT-VALUE}).")
    ValueFormat format;

    @Option(
            names = "--type",
            description =
                    "What the records are: result, dead_letter or document (default: from the"
                            + " topic name: dead letters when it contains \"dlq\", documents when"
                            + " it contains \"documents\", results otherwise).")
    RecordType type;

    @Option(
            names = "--max",
            paramLabel = "N",
            description = "Stop after N records (default: no limit).")
    Long max;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "10",
            description =
                    "Stop after this many seconds without a new record; 0 waits until Ctrl-C"
                            + " (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(
            names = "--from-beginning",
            description = "Start at the oldest record instead of only printing new ones.")
    boolean fromBeginning;

    @Override
    public Integer call() {
        if (max != null && max < 1) {
            throw new UserException("--max must be at least 1, not " + max + ".");
        }
        if (timeoutSeconds < 0) {
            throw new UserException(
                    "--timeout must be 0 or more seconds, not " + timeoutSeconds + ".");
        }
        RecordType recordType = type != null ? type : typeOfTopic(topic);
        KafkaClientProperties properties =
                kafkaConnection
                        .resolveAndCheck(
                                CONSUMER_DEFAULTS, KafkaNeeds.connectionOnly().reading(topic))
                        .with(
                                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                                ByteArrayDeserializer.class.getName())
                        .with(
                                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                                ByteArrayDeserializer.class.getName())
                        .with(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        RecordPrinter printer = new RecordPrinter(format, recordType);
        PrintWriter out = CommandIo.stdout();
        long printed = 0;
        long skipped = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = createConsumer(properties)) {
            List<TopicPartition> partitions = partitions(consumer, properties);
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            // Seeks are lazy; resolve them now so records sent from here on are all seen.
            partitions.forEach(consumer::position);

            long idleLimitNanos = Duration.ofSeconds(timeoutSeconds).toNanos();
            long lastRecordNanos = System.nanoTime();
            while (max == null || printed < max) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_INTERVAL);
                if (records.isEmpty()) {
                    if (timeoutSeconds > 0
                            && System.nanoTime() - lastRecordNanos >= idleLimitNanos) {
                        break;
                    }
                    continue;
                }
                lastRecordNanos = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    String line = printer.toLine(record);
                    if (line == null) {
                        skipped++;
                        continue;
                    }
                    out.println(line);
                    printed++;
                    if (max != null && printed >= max) {
                        break;
                    }
                }
                out.flush();
            }
        } catch (TimeoutException e) {
            throw new UserException(
                    "Kafka at "
                            + properties.bootstrapServers()
                            + " did not answer in time; is a broker running there (scone broker)?",
                    e);
        } catch (KafkaException e) {
            throw new UserException("Reading topic " + topic + " failed: " + e.getMessage(), e);
        } finally {
            out.flush();
        }
        System.err.println(
                "Read "
                        + printed
                        + (printed == 1 ? " record" : " records")
                        + " from "
                        + topic
                        + (skipped > 0
                                ? "; skipped " + skipped + " that could not be decoded."
                                : "."));
        return ExitCodes.OK;
    }

    static RecordType typeOfTopic(String topic) {
        if (topic.contains("dlq")) {
            return RecordType.dead_letter;
        }
        if (topic.contains("documents")) {
            return RecordType.document;
        }
        return RecordType.result;
    }

    private List<TopicPartition> partitions(
            KafkaConsumer<byte[], byte[]> consumer, KafkaClientProperties properties) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new UserException(
                    "Topic " + topic + " does not exist at " + properties.bootstrapServers() + ".");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : infos) {
            partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
        return partitions;
    }

    private static KafkaConsumer<byte[], byte[]> createConsumer(KafkaClientProperties properties) {
        try {
            return new KafkaConsumer<>(properties.toProperties());
        } catch (KafkaException e) {
            throw new UserException(
                    "No Kafka consumer could be made from the given properties ("
                            + e.getMessage()
                            + ").",
                    e);
        }
    }

    /** Turns record values into JSON lines, or reports why one cannot be shown. */
    private static final class RecordPrinter {
        private final ValueFormat format;
        private final RecordType type;
        private final Function<byte[], String> avroToJson;

        RecordPrinter(ValueFormat format, RecordType type) {
            this.format = format;
            this.type = type;
            this.avroToJson = avroToJson(type);
        }

        /** The record as one JSON line, or null after reporting on standard error. */
        String toLine(ConsumerRecord<byte[], byte[]> record) {
            byte[] value = record.value();
            try {
                if (value == null) {
                    throw new IllegalArgumentException("It has no value (a tombstone).");
                }
                return format == ValueFormat.avro ? avroToJson.apply(value) : fromJson(value);
            } catch (RuntimeException e) {
                System.err.println(
                        "Skipped the record at partition "
                                + record.partition()
                                + ", offset "
                                + record.offset()
                                + ": "
                                + e.getMessage());
                return null;
            }
        }

        private static Function<byte[], String> avroToJson(RecordType type) {
            switch (type) {
                case dead_letter:
                    SingleObjectCodec<DeadLetter> deadLetters = SingleObjectCodec.deadLetters();
                    return value -> RecordJson.toJson(deadLetters.decode(value));
                case document:
                    SingleObjectCodec<Document> documents = SingleObjectCodec.documents();
                    return value -> RecordJson.toJson(documents.decode(value));
                default:
                    SingleObjectCodec<Result> results = SingleObjectCodec.results();
                    return value -> RecordJson.toJson(results.decode(value));
            }
        }

        private String fromJson(byte[] value) {
            if (type == RecordType.document) {
                return RecordJson.toJson(RecordJson.parseDocument(value));
            }
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(new String(value, StandardCharsets.UTF_8));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(
                        "The value is not valid JSON (" + e.getOriginalMessage() + ").", e);
            }
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("The value is empty.");
            }
            // Rewritten compactly so that every record is exactly one line.
            return Json.write(node);
        }
    }
}
