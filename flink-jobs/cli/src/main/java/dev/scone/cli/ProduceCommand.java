package dev.scone.cli;

import dev.scone.kafka.KafkaClientProperties;
import dev.scone.kafka.KafkaNeeds;
import dev.scone.schemas.Document;
import dev.scone.schemas.Task;
import dev.scone.schemas.serde.SingleObjectCodec;
import dev.scone.schemas.topic.RecordJson;
import dev.scone.schemas.topic.SconeTopics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scone produce}: documents from standard input to Kafka, one per line. */
@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        description = {
            "Send documents to Kafka, one per line of standard input: JSON objects"
                    + " {\"id\", \"text\", \"task\", \"maxNewTokens\", \"temperature\", \"topK\","
                    + " \"seed\", \"returnTokenLogProbs\", \"attributes\"} or plain text lines.",
            "Blank lines are skipped. The record key is the document id. A bad line stops the"
                    + " command with its line number; the lines before it have been sent."
        })
public final class ProduceCommand implements Callable<Integer> {

    enum InputFormat {
        json,
        text
    }

    enum OutputFormat {
        avro,
        json
    }

    /** Settings the command needs whatever the properties file says. */
    private static final Map<String, String> PRODUCER_DEFAULTS =
            Map.of(
                    ProducerConfig.CLIENT_ID_CONFIG, "scone-produce",
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.LINGER_MS_CONFIG, "5",
                    // Fail within seconds, not the client's default minute, when no broker answers.
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000",
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000",
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");

    @Mixin KafkaConnectionOptions kafkaConnection;

    @Option(
            names = "--topic",
            defaultValue = SconeTopics.DOCUMENTS,
            description = "Topic to send to (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(
            names = "--format",
            defaultValue = "json",
            description =
                    "Input lines: json (one document object per line) or text (each line is"
                            + " the text of a document) (default: ${DEFAULT-VALUE}).")
    InputFormat format;

    @Option(
            names = "--output-format",
            defaultValue = "avro",
            description =
                    "Record values: avro (Avro single-object encoding) or json (one JSON"
                            + " document) (default: ${DEFAULT-VALUE}).")
    OutputFormat outputFormat;

    @Option(
            names = "--task",
            defaultValue = "SCORE",
            description =
                    "Task of text lines, and of JSON lines without a \"task\": SCORE or GENERATE"
                            + " (default: ${DEFAULT-VALUE}).")
    Task task;

    @Option(
            names = "--id-prefix",
            defaultValue = "line-",
            description =
                    "Text lines get the id PREFIX + line number, e.g. line-1, line-2"
                            + " (default: ${DEFAULT-VALUE}).")
    String idPrefix;

    @Override
    public Integer call() throws IOException {
        // A console producer may write to a topic that brokers create on first use, as Kafka's own
        // does; a secured cluster normally does not, and then the topic must exist.
        KafkaClientProperties properties =
                kafkaConnection
                        .resolveAndCheck(
                                PRODUCER_DEFAULTS,
                                KafkaNeeds.connectionOnly()
                                        .writing(topic)
                                        .allowingAutoCreatedTopics())
                        .with(
                                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                                StringSerializer.class.getName())
                        .with(
                                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                                ByteArraySerializer.class.getName());
        SingleObjectCodec<Document> codec = SingleObjectCodec.documents();
        AtomicLong acknowledged = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long lineNumber = 0;
        try (BufferedReader in = CommandIo.stdin();
                KafkaProducer<String, byte[]> producer = createProducer(properties)) {
            String line;
            while (failure.get() == null && (line = in.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                Document document;
                try {
                    document = toDocument(line, lineNumber);
                } catch (IllegalArgumentException e) {
                    producer.flush();
                    throw new UserException(
                            "Line "
                                    + lineNumber
                                    + " of standard input: "
                                    + withoutFinalPeriod(e.getMessage())
                                    + "; "
                                    + sentBefore(acknowledged.get())
                                    + ".",
                            e);
                }
                byte[] value =
                        outputFormat == OutputFormat.avro
                                ? codec.encode(document)
                                : RecordJson.toJson(document).getBytes(StandardCharsets.UTF_8);
                producer.send(
                        new ProducerRecord<>(topic, document.getId(), value),
                        (metadata, exception) -> {
                            if (exception == null) {
                                acknowledged.incrementAndGet();
                            } else {
                                failure.compareAndSet(null, exception);
                            }
                        });
            }
            producer.flush();
        } catch (CharacterCodingException e) {
            throw new UserException(
                    "Line " + (lineNumber + 1) + " of standard input is not valid UTF-8 text.", e);
        } catch (KafkaException e) {
            failure.compareAndSet(null, e);
        }
        if (failure.get() != null) {
            Exception e = failure.get();
            if (e instanceof TimeoutException) {
                throw new UserException(
                        "Kafka at "
                                + properties.bootstrapServers()
                                + " did not answer in time; is a broker running there (scone"
                                + " broker)?",
                        e);
            }
            throw new UserException(
                    "Sending to topic "
                            + topic
                            + " failed after "
                            + documents(acknowledged.get())
                            + ": "
                            + e.getMessage(),
                    e);
        }
        PrintWriter out = CommandIo.stdout();
        out.println(
                "Sent "
                        + documents(acknowledged.get())
                        + " to "
                        + topic
                        + " at "
                        + properties.bootstrapServers()
                        + ".");
        out.flush();
        return ExitCodes.OK;
    }

    private Document toDocument(String line, long lineNumber) {
        if (format == InputFormat.text) {
            return Document.newBuilder()
                    .setId(idPrefix + lineNumber)
                    .setText(line)
                    .setTask(task)
                    .build();
        }
        return RecordJson.parseDocument(line, task);
    }

    private static KafkaProducer<String, byte[]> createProducer(KafkaClientProperties properties) {
        try {
            return new KafkaProducer<>(properties.toProperties());
        } catch (KafkaException e) {
            throw new UserException(
                    "No Kafka producer could be made from the given properties ("
                            + e.getMessage()
                            + ").",
                    e);
        }
    }

    private static String withoutFinalPeriod(String sentence) {
        return sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence;
    }

    private static String sentBefore(long count) {
        if (count == 0) {
            return "nothing was sent";
        }
        return count == 1
                ? "the 1 document before it was sent"
                : "the " + count + " documents before it were sent";
    }

    private static String documents(long count) {
        return count + (count == 1 ? " document" : " documents");
    }
}
