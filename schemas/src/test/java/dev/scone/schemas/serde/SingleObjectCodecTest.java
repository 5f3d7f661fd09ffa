package dev.scone.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scone.schemas.DeadLetter;
import dev.scone.schemas.Document;
import dev.scone.schemas.DocumentDefaults;
import dev.scone.schemas.FgramCount;
import dev.scone.schemas.FgramEntry;
import dev.scone.schemas.Result;
import dev.scone.schemas.Task;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class SingleObjectCodecTest {

    private static Document generateRequest() {
        return Document.newBuilder()
                .setId("doc-7")
                .setText("The jury said it did find that")
                .setTask(Task.GENERATE)
                .setMaxNewTokens(32)
                .setTemperature(0.7f)
                .setTopK(40)
                .setSeed(1234L)
                .setAttributes(Map.of("tenant", "library", "run", "3"))
                .build();
    }

    @Test
    void documentSurvivesRoundTrip() {
        SingleObjectCodec<Document> codec = SingleObjectCodec.documents();
        Document document = generateRequest();

        assertThat(codec.decode(codec.encode(document))).isEqualTo(document);
    }

    @Test
    void resultSurvivesRoundTrip() {
        SingleObjectCodec<Result> codec = SingleObjectCodec.results();
        Result result =
                Result.newBuilder()
                        .setId("doc-7")
                        .setTask(Task.SCORE)
                        .setTokens(5)
                        .setLogLikelihood(-12.5)
                        .setPerplexity(Math.exp(12.5 / 4))
                        .setMatchedPositions(3)
                        .setMeanMatchLength(2.33)
                        .setTokenLogProbs(List.of(-1.5f, -4.0f, -3.0f, -4.0f))
                        .setGeneratedText(null)
                        .setModelVersion("scone-small-1")
                        .setTableVersion("table-9")
                        .setLatencyMs(17)
                        .setAttributes(Map.of("tenant", "library"))
                        .build();

        assertThat(codec.decode(codec.encode(result))).isEqualTo(result);
    }

    @Test
    void fgramEntrySurvivesRoundTrip() {
        SingleObjectCodec<FgramEntry> codec = SingleObjectCodec.fgramEntries();
        FgramEntry entry =
                FgramEntry.newBuilder()
                        .setTokens(List.of(464, 13745, 531))
                        .setVector(ByteBuffer.wrap(new byte[] {0x3F, (byte) 0x80, 0x40, 0x00}))
                        .setDim(2)
                        .setModelVersion("scone-small-1")
                        .setTableVersion("table-9")
                        .build();

        FgramEntry decoded = codec.decode(codec.encode(entry));

        assertThat(decoded).isEqualTo(entry);
        assertThat(decoded.getVector().remaining()).isEqualTo(4);
    }

    @Test
    void deadLetterSurvivesRoundTrip() {
        SingleObjectCodec<DeadLetter> codec = SingleObjectCodec.deadLetters();
        DeadLetter deadLetter =
                DeadLetter.newBuilder()
                        .setSourceTopic("scone.documents")
                        .setPartition(2)
                        .setOffset(4711)
                        .setReason("The message is not an Avro single-object encoded Document.")
                        .setRaw(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                        .setTimeMillis(1_738_540_800_000L)
                        .build();

        assertThat(codec.decode(codec.encode(deadLetter))).isEqualTo(deadLetter);
    }

    @Test
    void encodingStartsWithAvroMarkerAndCurrentFingerprint() {
        SingleObjectCodec<Document> codec = SingleObjectCodec.documents();

        byte[] message = codec.encode(generateRequest());

        assertThat(message[0]).isEqualTo((byte) 0xC3);
        assertThat(message[1]).isEqualTo((byte) 0x01);
        long fingerprint = ByteBuffer.wrap(message, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fingerprint)
                .isEqualTo(SchemaNormalization.parsingFingerprint64(Document.getClassSchema()));
    }

    @Test
    void encodingARecordThatBreaksItsSchemaIsRefusedClearly() {
        Document withoutText = new Document();
        withoutText.setId("doc-1");

        assertThatThrownBy(() -> SingleObjectCodec.documents().encode(withoutText))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The Document cannot be encoded");
    }

    @Test
    void messageWithoutAvroMarkerIsRefused() {
        byte[] json = "{\"id\":\"doc-1\",\"text\":\"hello\"}".getBytes();

        assertThatThrownBy(() -> SingleObjectCodec.documents().decode(json))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessage(
                        "The message is not an Avro single-object encoded Document: it starts"
                                + " with 0x7B 0x22 instead of 0xC3 0x01.");
    }

    @Test
    void messageShorterThanTheHeaderIsRefused() {
        assertThatThrownBy(
                        () ->
                                SingleObjectCodec.documents()
                                        .decode(new byte[] {(byte) 0xC3, 0x01, 0x00}))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("too short");
    }

    @Test
    void truncatedBodyIsRefused() {
        SingleObjectCodec<Document> codec = SingleObjectCodec.documents();
        byte[] message = codec.encode(generateRequest());
        byte[] truncated = Arrays.copyOf(message, message.length - 5);

        assertThatThrownBy(() -> codec.decode(truncated))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageStartingWith("The Document message is truncated or corrupt");
    }

    @Test
    void garbageBodyIsRefused() {
        SingleObjectCodec<Document> codec = SingleObjectCodec.documents();
        byte[] header = Arrays.copyOf(codec.encode(generateRequest()), 10);
        byte[] garbage = Arrays.copyOf(header, 14);
        // 0x7F is the zig-zag varint -64: a negative string length for the id.
        Arrays.fill(garbage, 10, 14, (byte) 0x7F);

        assertThatThrownBy(() -> codec.decode(garbage))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageStartingWith("The Document message is truncated or corrupt");
    }

    @Test
    void bytesAfterTheRecordAreRefused() {
        SingleObjectCodec<Document> codec = SingleObjectCodec.documents();
        byte[] message = codec.encode(generateRequest());
        byte[] padded = Arrays.copyOf(message, message.length + 2);

        assertThatThrownBy(() -> codec.decode(padded))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessage(
                        "The Document message is corrupt: 2 bytes follow the end of the record.");
    }

    @Test
    void documentWrittenWithFirstSchemaVersionGetsDefaults() throws IOException {
        Schema firstVersion = shippedSchema("Document-v0.avsc");
        GenericRecord old =
                new GenericRecordBuilder(firstVersion)
                        .set("id", "doc-old")
                        .set("text", "Written before generation existed.")
                        .set(
                                "task",
                                new GenericData.EnumSymbol(
                                        firstVersion.getField("task").schema(), "SCORE"))
                        .build();
        byte[] message = encoded(old);

        Document decoded = SingleObjectCodec.documents().decode(message);

        assertThat(decoded.getId()).isEqualTo("doc-old");
        assertThat(decoded.getText()).isEqualTo("Written before generation existed.");
        DocumentDefaults.assertOptionalFieldsAtDefaults(decoded);
    }

    @Test
    void documentWrittenWithUnknownSchemaIsRefusedNamingItsFingerprint() throws IOException {
        Schema unknown =
                new Schema.Parser()
                        .parse(
                                "{\"type\":\"record\",\"name\":\"Document\","
                                        + "\"namespace\":\"dev.scone.schemas\",\"fields\":["
                                        + "{\"name\":\"id\",\"type\":\"string\"},"
                                        + "{\"name\":\"text\",\"type\":\"string\"},"
                                        + "{\"name\":\"priority\",\"type\":\"int\"}]}");
        GenericRecord record =
                new GenericRecordBuilder(unknown)
                        .set("id", "doc-new")
                        .set("text", "From a newer producer.")
                        .set("priority", 3)
                        .build();
        byte[] message = encoded(record);
        long fingerprint = SchemaNormalization.parsingFingerprint64(unknown);

        assertThatThrownBy(() -> SingleObjectCodec.documents().decode(message))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessage(
                        "The Document was written with a schema this reader does not know"
                                + " (fingerprint 0x%016X).",
                        fingerprint);
    }

    @Test
    void codecKnowsCurrentAndShippedDocumentVersions() throws IOException {
        long current = SchemaNormalization.parsingFingerprint64(Document.getClassSchema());
        long first = SchemaNormalization.parsingFingerprint64(shippedSchema("Document-v0.avsc"));

        assertThat(SingleObjectCodec.documents().knownFingerprints())
                .containsExactlyInAnyOrder(current, first);
        assertThat(SingleObjectCodec.results().knownFingerprints())
                .containsExactlyInAnyOrder(
                        SchemaNormalization.parsingFingerprint64(Result.getClassSchema()),
                        SchemaNormalization.parsingFingerprint64(shippedSchema("Result-v0.avsc")));
    }

    @Test
    void resultWrittenBeforePromptTrimmingReportsNoTokensDropped() throws IOException {
        Schema firstVersion = shippedSchema("Result-v0.avsc");
        GenericRecord old =
                new GenericRecordBuilder(firstVersion)
                        .set("id", "g-old")
                        .set(
                                "task",
                                new GenericData.EnumSymbol(
                                        firstVersion.getField("task").schema(), "GENERATE"))
                        .set("tokens", 9)
                        .set("generatedText", " and so on")
                        .set("generatedTokens", List.of(290, 523, 319))
                        .set("modelVersion", "m-1")
                        .build();
        byte[] message = encoded(old);

        Result decoded = SingleObjectCodec.results().decode(message);

        assertThat(decoded.getId()).isEqualTo("g-old");
        assertThat(decoded.getTask()).isEqualTo(Task.GENERATE);
        assertThat(decoded.getGeneratedTokens()).containsExactly(290, 523, 319);
        assertThat(decoded.getModelVersion()).isEqualTo("m-1");
        assertThat(decoded.getPromptTokensDropped()).isZero();
    }

    @Test
    void historyThatCannotBeResolvedIsRejectedWhenTheCodecIsBuilt() {
        // The test resources ship an FgramCount-v0 whose count is a string.
        assertThatThrownBy(() -> SingleObjectCodec.of(FgramCount.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(
                        "FgramCount-v0.avsc cannot be read as the current FgramCount");
    }

    @Test
    void codecStillDecodesAfterJavaSerialization() throws Exception {
        SingleObjectCodec<Document> codec = SingleObjectCodec.documents();
        byte[] message = codec.encode(generateRequest());

        SingleObjectCodec<?> copy = javaSerializationCopy(codec);

        assertThat(copy.decode(message)).isEqualTo(generateRequest());
        assertThat(copy.knownFingerprints()).isEqualTo(codec.knownFingerprints());
    }

    /** {@code record} as a single-object message of its own schema, as another writer sends it. */
    private static byte[] encoded(GenericRecord record) throws IOException {
        return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), record.getSchema())
                .encode(record)
                .array();
    }

    private static Schema shippedSchema(String fileName) throws IOException {
        try (InputStream in =
                SingleObjectCodecTest.class.getResourceAsStream(
                        "/dev/scone/schemas/history/" + fileName)) {
            assertThat(in).as("resource %s", fileName).isNotNull();
            return new Schema.Parser().parse(in);
        }
    }

    private static SingleObjectCodec<?> javaSerializationCopy(SingleObjectCodec<?> codec)
            throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(codec);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (SingleObjectCodec<?>) in.readObject();
        }
    }
}
