package dev.scone.flink.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.flink.service.settings.KafkaSettings.OutputFormat;
import dev.scone.schemas.DeadLetter;
import dev.scone.schemas.Result;
import dev.scone.schemas.Task;
import dev.scone.schemas.serde.SingleObjectCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class RecordSerializerTest {

    private static final Result RESULT =
            Result.newBuilder()
                    .setId("doc-7")
                    .setTask(Task.SCORE)
                    .setTokens(5)
                    .setLogLikelihood(-12.5)
                    .setPerplexity(22.75)
                    .build();

    private static final DeadLetter DEAD_LETTER =
            DeadLetter.newBuilder()
                    .setSourceTopic("scone.documents")
                    .setPartition(1)
                    .setOffset(42)
                    .setReason("The document's text is empty.")
                    .setRaw(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                    .setTimeMillis(1_700_000_000_000L)
                    .build();

    @Test
    void resultsAreKeyedByDocumentIdAndReadBackFromAvro() throws Exception {
        ProducerRecord<byte[], byte[]> record =
                roundTrip(RecordSerializer.results("out", OutputFormat.avro))
                        .serialize(RESULT, null, 123L);

        assertThat(record.topic()).isEqualTo("out");
        assertThat(record.timestamp()).isEqualTo(123L);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("doc-7");
        assertThat(SingleObjectCodec.results().decode(record.value())).isEqualTo(RESULT);
    }

    @Test
    void deadLettersAreKeyedByTheirSourceCoordinatesAndWrittenAsJson() throws Exception {
        ProducerRecord<byte[], byte[]> record =
                roundTrip(RecordSerializer.deadLetters("dlq", OutputFormat.json))
                        .serialize(DEAD_LETTER, null, null);

        assertThat(new String(record.key(), StandardCharsets.UTF_8))
                .isEqualTo("scone.documents/1@42");
        JsonNode json = new ObjectMapper().readTree(record.value());
        assertThat(json.get("reason").asText()).isEqualTo("The document's text is empty.");
        assertThat(json.get("offset").asLong()).isEqualTo(42);
    }

    /** Flink ships the serializer to the sink's subtasks by Java serialization. */
    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T serializer) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(serializer);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
